"""Recordings on S3-compatible storage (SIYALALELA_STORAGE=s3), against moto's in-process S3
stub: stored once under their SHA-256, read back by the transcription with real Whisper."""

import pytest
from django.core.files.storage import default_storage

from calls.models import Call, Transcript
from calls.services.ingest import call_ingest
from calls.services.transcription import call_transcribe
from tests.calls.helpers import short_wav

moto = pytest.importorskip("moto")

BUCKET = "siyalalela-recordings"


@pytest.fixture
def s3_storage(settings):
    with moto.mock_aws():
        import boto3

        boto3.client("s3", region_name="af-south-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "af-south-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "af-south-1",
                    "access_key": "test",
                    "secret_key": "test",  # noqa: S106
                    "file_overwrite": False,
                    "default_acl": "private",
                },
            },
        }
        yield boto3.client("s3", region_name="af-south-1")


def ingest(path):
    with open(path, "rb") as fh:
        return call_ingest(file=fh, original_name=path.name, source=Call.Source.FOLDER)


@pytest.mark.slow
@pytest.mark.django_db
def test_a_recording_on_s3_is_stored_once_and_transcribed_from_there(tmp_path, s3_storage):
    path = short_wav(tmp_path / "call.wav")
    call = ingest(path).call
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [call.recording.file.name]
    assert call.recording.sha256 in keys[0]
    # The same bytes again: recognised, nothing new in the bucket.
    assert not ingest(path).created
    assert s3_storage.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 1
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED, call.failure_reason
    assert Transcript.objects.get(call=call).segments
