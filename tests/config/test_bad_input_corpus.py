"""The bad-input corpus: every value here, sent to the screen, API or command that takes it,
gets a clear error (a 4xx with a message, a redirect back carrying an error message, the form
shown again with the error, or a CommandError), never a server error or a traceback, and writes
nothing (the row counts of every table it could touch are unchanged)."""

from __future__ import annotations

import io
import json
import struct

import pytest
from django.contrib.messages import WARNING, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from calls.models import Call, Recording
from investigations.models import Case, Evidence
from org.services import api_token_create
from scorecards.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from scorecards.selectors import scorecard_document
from scorecards.services.designer import scorecard_version_new_draft

pytestmark = pytest.mark.django_db

TABLES = (Scorecard, ScorecardVersion, Criterion, CriterionGroup, Case, Evidence, Call, Recording)


def _counts():
    return {model.__name__: model.objects.count() for model in (*TABLES, AuditEvent)}


@pytest.fixture
def unchanged():
    """Assert, after the test's request, that no table gained or lost a row."""
    before = _counts()
    yield
    assert _counts() == before


def _assert_clear(response):
    status = response.status_code
    assert status < 500, f"server error {status}"
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    if 300 <= status < 400:
        levels = [m for m in get_messages(response.wsgi_request) if m.level >= WARNING]
        assert levels, "redirected back without saying what was wrong"
    elif status == 200:
        assert 'role="alert"' in body or "errorlist" in body, "no error shown"
    else:
        assert body.strip(), "an error status with no message"


# ---- Scorecard import (screen) -------------------------------------------------------------


def _document(**changes):
    version = Scorecard.objects.get(slug="inbound").current_version()
    document = scorecard_document(version)
    document["scorecard"]["slug"] = "imported"
    for path, value in changes.items():
        target = document
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return json.dumps(document).encode()


def _nested(depth):
    return ("[" * depth + "]" * depth).encode()


SCORECARD_DOCUMENTS = {
    "nested 50,000 deep": lambda: _nested(50_000),
    "nested 5,000 deep": lambda: _nested(5_000),
    "nested 500 deep": lambda: _nested(500),
    "object nested 50,000 deep": lambda: ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
    "nested inside a criterion": lambda: _document(
        **{"criteria.0.text": json.loads("[" * 50 + "]" * 50)}
    ),
    "empty file": lambda: b"",
    "not JSON": lambda: b"this is not json",
    "truncated JSON": lambda: b'{"format": "siyalalela.scorecard/1", "scorecard": {',
    "latin-1 bytes": lambda: '{"a": "caf\xe9"}'.encode("latin-1"),
    "binary": lambda: bytes(range(256)),
    "a list": lambda: b"[]",
    "a number": lambda: b"42",
    "null": lambda: b"null",
    "NaN literal": lambda: b'{"format": NaN}',
    "wrong format": lambda: _document(format="other/1"),
    "scorecard a list": lambda: _document(scorecard=[]),
    "scorecard without slug": lambda: _document(**{"scorecard.slug": ""}),
    "slug a list": lambda: _document(**{"scorecard.slug": ["a"]}),
    "slug not a slug": lambda: _document(**{"scorecard.slug": "no spaces allowed"}),
    "name a number": lambda: _document(**{"scorecard.name": 5}),
    "name too long": lambda: _document(**{"scorecard.name": "x" * 5000}),
    "sections a string": lambda: _document(**{"scorecard.sections": "inbound"}),
    "sections of numbers": lambda: _document(**{"scorecard.sections": [1, 2]}),
    "unknown section": lambda: _document(**{"scorecard.sections": ["nowhere"]}),
    "version a list": lambda: _document(version=[1]),
    "pass mark 150": lambda: _document(**{"version.pass_mark": "150"}),
    "pass mark -10": lambda: _document(**{"version.pass_mark": -10}),
    "pass mark 100.01": lambda: _document(**{"version.pass_mark": "100.01"}),
    "pass mark 80.55": lambda: _document(**{"version.pass_mark": "80.55"}),
    "pass mark words": lambda: _document(**{"version.pass_mark": "eighty"}),
    "pass mark NaN": lambda: _document(**{"version.pass_mark": "NaN"}),
    "pass mark Infinity": lambda: _document(**{"version.pass_mark": "Infinity"}),
    "pass mark true": lambda: _document(**{"version.pass_mark": True}),
    "pass mark null": lambda: _document(**{"version.pass_mark": None}),
    "pass mark a list": lambda: _document(**{"version.pass_mark": [80]}),
    "pass mark 1e400": lambda: _document(**{"version.pass_mark": "1e400"}),
    "change note a dict": lambda: _document(**{"version.change_note": {"a": 1}}),
    "criteria empty": lambda: _document(criteria=[]),
    "criteria a dict": lambda: _document(criteria={"a": 1}),
    "criterion a string": lambda: _document(**{"criteria.0": "greeting"}),
    "criterion a list": lambda: _document(**{"criteria.0": [1, 2]}),
    "points 2.7": lambda: _document(**{"criteria.0.points": 2.7}),
    "points 0": lambda: _document(**{"criteria.0.points": 0}),
    "points -5": lambda: _document(**{"criteria.0.points": -5}),
    "points 101": lambda: _document(**{"criteria.0.points": 101}),
    "points 10^12": lambda: _document(**{"criteria.0.points": 10**12}),
    "points 10^30": lambda: _document(**{"criteria.0.points": 10**30}),
    "points text": lambda: _document(**{"criteria.0.points": "10"}),
    "points true": lambda: _document(**{"criteria.0.points": True}),
    "points null": lambda: _document(**{"criteria.0.points": None}),
    "points a list": lambda: _document(**{"criteria.0.points": [5]}),
    "points 1e308": lambda: _document(**{"criteria.0.points": 1e308}),
    "order 2.5": lambda: _document(**{"criteria.0.order": 2.5}),
    "order -1": lambda: _document(**{"criteria.0.order": -1}),
    "order 10^20": lambda: _document(**{"criteria.0.order": 10**20}),
    "critical 'yes'": lambda: _document(**{"criteria.0.critical": "yes"}),
    "critical 1": lambda: _document(**{"criteria.0.critical": 1}),
    "key empty": lambda: _document(**{"criteria.0.key": ""}),
    "key a list": lambda: _document(**{"criteria.0.key": ["greeting"]}),
    "key with spaces": lambda: _document(**{"criteria.0.key": "a key"}),
    "key repeated": lambda: _document(**{"criteria.1.key": "greeting"}),
    "text empty": lambda: _document(**{"criteria.0.text": ""}),
    "text too long": lambda: _document(**{"criteria.0.text": "x" * 301}),
    "group a number": lambda: _document(**{"criteria.0.group": 7}),
    "guidance a dict": lambda: _document(**{"criteria.0.guidance": {"a": "b"}}),
    "detector key a list": lambda: _document(**{"criteria.0.detector_key": ["x"]}),
}


@pytest.mark.parametrize("name", sorted(SCORECARD_DOCUMENTS))
def test_scorecard_import_screen(client, qa_manager_user, name):
    body = SCORECARD_DOCUMENTS[name]()
    client.force_login(qa_manager_user)
    before = _counts()
    response = client.post(
        reverse("scorecards:scorecard_import"),
        {"document": SimpleUploadedFile("card.json", body, "application/json")},
    )
    _assert_clear(response)
    assert _counts() == before


# ---- Case import (screen) ------------------------------------------------------------------

HEADER = "source,source_reference,received_at,complainant_name,description,department,ward"
GOOD = "councillor,CLR-1,2026-11-02 10:00,Nomvula Sithole,No water in Tembisa,,7"

CASE_FILES = {
    "empty": ("cases.csv", b""),
    "only a header": ("cases.csv", HEADER.encode()),
    "missing columns": ("cases.csv", b"source,description\ncouncillor,No water"),
    "unknown source": ("cases.csv", f"{HEADER}\nmartians,R1,2026-11-02 10:00,A,B,,7".encode()),
    "future date": ("cases.csv", f"{HEADER}\ncouncillor,R1,2099-01-01 10:00,A,B,,7".encode()),
    "bad date": ("cases.csv", f"{HEADER}\ncouncillor,R1,yesterday,A,B,,7".encode()),
    "date 31 February": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-02-31 10:00,A,B,,7".encode()),
    "no name": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,,B,,7".encode()),
    "no description": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,A,,,7".encode()),
    "unknown department": (
        "cases.csv",
        f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,A,B,Space,7".encode(),
    ),
    "ward text": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,A,B,,seven".encode()),
    "ward huge": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,A,B,,{10**30}".encode()),
    "ward negative": ("cases.csv", f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,A,B,,-3".encode()),
    "reference too long": (
        "cases.csv",
        f"{HEADER}\ncouncillor,{'R' * 500},2026-11-02 10:00,A,B,,7".encode(),
    ),
    "duplicate references": ("cases.csv", f"{HEADER}\n{GOOD}\n{GOOD}".encode()),
    "duplicate references, other case": (
        "cases.csv",
        f"{HEADER}\n{GOOD}\ncouncillor,clr-1 ,2026-11-03 10:00,Sipho,Potholes,,8".encode(),
    ),
    "a good row and a bad one": (
        "cases.csv",
        f"{HEADER}\n{GOOD}\ncouncillor,R2,never,A,B,,7".encode(),
    ),
    "binary": ("cases.csv", bytes(range(256)) * 4),
    "utf-16": ("cases.csv", f"{HEADER}\n{GOOD}".encode("utf-16")),
    "not an xlsx": ("cases.xlsx", b"PK\x03\x04 not really a zip"),
    "text named xlsx": ("cases.xlsx", f"{HEADER}\n{GOOD}".encode()),
    "pdf": ("cases.pdf", b"%PDF-1.4 ..."),
    "no extension": ("cases", f"{HEADER}\n{GOOD}".encode()),
    "null bytes": (
        "cases.csv",
        f"{HEADER}\ncouncillor,R\x001,2026-11-02 10:00,A\x00,B,,7".encode(),
    ),
    "ragged rows": ("cases.csv", f"{HEADER}\ncouncillor,R1\n,,,,,,,,,,,".encode()),
    "formula in a cell": ("cases.csv", f"{HEADER}\ncouncillor,R1,=NOW(),A,B,,7".encode()),
    "huge cell": (
        "cases.csv",
        f"{HEADER}\ncouncillor,R1,2026-11-02 10:00,{'A' * 100_000},B,,7".encode(),
    ),
}


@pytest.mark.parametrize("name", sorted(CASE_FILES))
def test_case_import_screen(client, supervisor_user, name):
    file_name, body = CASE_FILES[name]
    client.force_login(supervisor_user)
    before = _counts()
    response = client.post(
        reverse("caseimport:case_import"), {"file": SimpleUploadedFile(file_name, body)}
    )
    _assert_clear(response)
    assert _counts() == before


# ---- Linking a call to a case (screen) -----------------------------------------------------

CALL_IDS = [
    "1 OR 1=1",
    "1' OR '1'='1",
    "1; DROP TABLE qa_call",
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e3",
    "0x10",
    "99999999999999999999",
    "9" * 400,
    "１２",
    "\x00",
    "1\x00",
    "[1]",
    "null",
    "None",
    "<script>alert(1)</script>",
    "%00",
    "１ OR 1=1",
    "٣",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1,2",
    "1 2",
    "+1",
    "1_000",
    "true",
]


@pytest.fixture
def assigned_case(site_data, supervisor_user, investigator_user):
    from investigations.services import workflow
    from investigations.services.cases import case_create
    from tests.investigations.conftest import at

    case = case_create(
        actor=supervisor_user,
        source="councillor",
        complainant_name="Nomvula Sithole",
        description="No water in Tembisa.",
        received_at=at("2026-11-02 10:00"),
    )
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-02 11:00"))
    workflow.case_assign(
        case=case, actor=supervisor_user, assignee=investigator_user, now=at("2026-11-02 11:05")
    )
    return workflow.case_start(case=case, actor=investigator_user, now=at("2026-11-02 12:00"))


@pytest.mark.parametrize("value", CALL_IDS, ids=[repr(v)[:30] for v in CALL_IDS])
def test_call_link_screen(client, assigned_case, investigator_user, value):
    client.force_login(investigator_user)
    before = _counts()
    response = client.post(
        reverse("investigations:call_link", args=[assigned_case.pk]), {"call": value}
    )
    if response.status_code == 404:  # a well-formed number of no call you may see
        assert response.content
    else:
        _assert_clear(response)
    assert _counts() == before


# ---- Case intake API -----------------------------------------------------------------------


def _intake(**changes):
    body = {
        "source": "councillor",
        "complainant_name": "Nomvula Sithole",
        "description": "No water in Tembisa.",
        "received_at": "2026-11-02T10:00:00+02:00",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


INTAKE_BODIES = {
    "nested 50,000 deep": lambda: "[" * 50_000 + "]" * 50_000,
    "nested description": lambda: json.dumps(
        _intake(description=json.loads("[" * 100 + "]" * 100))
    ),
    "not JSON": lambda: "source=councillor",
    "empty": lambda: "",
    "a list": lambda: "[]",
    "null": lambda: "null",
    "no source": lambda: json.dumps(_intake(source=...)),
    "unknown source": lambda: json.dumps(_intake(source="martians")),
    "source a list": lambda: json.dumps(_intake(source=["councillor"])),
    "no name": lambda: json.dumps(_intake(complainant_name=...)),
    "blank name": lambda: json.dumps(_intake(complainant_name="")),
    "name a dict": lambda: json.dumps(_intake(complainant_name={"a": 1})),
    "name too long": lambda: json.dumps(_intake(complainant_name="x" * 10_000)),
    "no description": lambda: json.dumps(_intake(description=...)),
    "received in the future": lambda: json.dumps(_intake(received_at="2099-01-01T10:00:00+02:00")),
    "received garbage": lambda: json.dumps(_intake(received_at="yesterday")),
    "received a number": lambda: json.dumps(_intake(received_at=1700000000)),
    "received year 0": lambda: json.dumps(_intake(received_at="0000-01-01T00:00:00Z")),
    "received year 10000": lambda: json.dumps(_intake(received_at="10000-01-01T00:00:00Z")),
    "unknown department": lambda: json.dumps(_intake(department="space")),
    "department a number": lambda: json.dumps(_intake(department=5)),
    "unknown category": lambda: json.dumps(_intake(category="aliens")),
    "unknown priority": lambda: json.dumps(_intake(priority="whenever")),
    "ward text": lambda: json.dumps(_intake(ward="seven")),
    "ward huge": lambda: json.dumps(_intake(ward=10**30)),
    "ward negative": lambda: json.dumps(_intake(ward=-1)),
    "email bad": lambda: json.dumps(_intake(complainant_email="not-an-email")),
    "ims not a list": lambda: json.dumps(_intake(ims_references="IMS-1")),
    "ims of dicts": lambda: json.dumps(_intake(ims_references=[{"a": 1}])),
    "ims too long": lambda: json.dumps(_intake(ims_references=["x" * 500])),
    "null bytes": lambda: json.dumps(_intake(complainant_name="Nomvula\x00")),
    "lone surrogate": lambda: (
        '{"source": "councillor", "complainant_name": "\\ud800", '
        '"description": "x", "received_at": "2026-11-02T10:00:00+02:00"}'
    ),
}


@pytest.mark.parametrize("name", sorted(INTAKE_BODIES))
def test_case_intake_api(client, supervisor_user, name):
    _, key = api_token_create(user=supervisor_user, name="corpus")
    before = _counts()
    response = client.post(
        "/api/investigations/cases/",
        INTAKE_BODIES[name](),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()
    assert _counts() == before


LIST_QUERIES = [
    {"page": "abc"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "999"},
    {"page": "1.5"},
    {"page": "9" * 50},
    {"page_size": "abc"},
    {"page_size": "-1"},
    {"page_size": "0"},
    {"page_size": "9" * 50},
    {"page": "1 OR 1=1"},
    {"page": "\x00"},
]


@pytest.mark.parametrize("query", LIST_QUERIES, ids=[repr(q)[:40] for q in LIST_QUERIES])
def test_case_list_api(client, supervisor_user, query):
    _, key = api_token_create(user=supervisor_user, name="corpus")
    response = client.get("/api/investigations/cases/", query, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code in (200, 404)
    assert response.json()


# ---- Call upload API -----------------------------------------------------------------------


def _wav(tag=1, *, rate=8000, channels=1, bits=16, frames=8000, data=None):
    payload = data if data is not None else b"\x10\x20" * frames * channels
    fmt = struct.pack(
        "<HHIIHH", tag, channels, rate, rate * channels * bits // 8, channels * bits // 8, bits
    )
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


AUDIO_FILES = {
    "unknown format tag": ("call.wav", _wav(0x1234)),
    "format tag 0": ("call.wav", _wav(0)),
    "format tag 0xFFFF": ("call.wav", _wav(0xFFFF)),
    "zero channels": ("call.wav", _wav(channels=0)),
    "zero sample rate": ("call.wav", _wav(rate=0)),
    "zero bits": ("call.wav", _wav(bits=0)),
    "no data": ("call.wav", _wav(data=b"")),
    "header only": ("call.wav", _wav()[:44]),
    "truncated header": ("call.wav", _wav()[:20]),
    "empty": ("call.wav", b""),
    "text": ("call.wav", b"hello, this is not audio"),
    "html": ("call.wav", b"<html><script>alert(1)</script></html>"),
    "png": ("call.wav", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    "random bytes": ("call.mp3", bytes(range(256)) * 40),
    "mp3 header only": ("call.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00"),
    "ogg garbage": ("call.ogg", b"OggS" + b"\x00" * 200),
    "flac garbage": ("call.flac", b"fLaC" + b"\x00" * 200),
}


@pytest.mark.parametrize("name", sorted(AUDIO_FILES))
def test_call_upload_api(client, admin_user, name):
    file_name, body = AUDIO_FILES[name]
    _, key = api_token_create(user=admin_user, name="corpus")
    before = _counts()
    response = client.post(
        "/api/qa/calls/",
        {"file": SimpleUploadedFile(file_name, body, "audio/wav")},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()
    assert _counts() == before


CALL_METADATA = [
    {"started_at": "yesterday"},
    {"started_at": "2026-13-45T10:00:00Z"},
    {"channel_layout": "quad"},
    {"ims_reference": "x" * 500},
    {"direction": "sideways"},
    {"section": "nowhere"},
    {"agent": "nobody"},
    {"caller_number": "x" * 500},
]


@pytest.mark.parametrize("metadata", CALL_METADATA, ids=[repr(m)[:40] for m in CALL_METADATA])
def test_call_upload_api_metadata(client, admin_user, metadata):
    _, key = api_token_create(user=admin_user, name="corpus")
    before = _counts()
    response = client.post(
        "/api/qa/calls/",
        {"file": SimpleUploadedFile("call.wav", _wav(), "audio/wav"), **metadata},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()
    assert _counts() == before


# ---- Commands ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(AUDIO_FILES))
def test_transcribe_command(tmp_path, name):
    file_name, body = AUDIO_FILES[name]
    path = tmp_path / file_name
    path.write_bytes(body)
    with pytest.raises(CommandError) as raised:
        call_command("transcribe", str(path), stdout=io.StringIO())
    assert file_name in str(raised.value)


def test_transcribe_command_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("transcribe", str(tmp_path / "nowhere.wav"), stdout=io.StringIO())


TRANSCRIPTS = {
    "nested 50,000 deep": "[" * 50_000 + "]" * 50_000,
    "object nested 50,000 deep": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "nested 900 deep": "[" * 900 + "]" * 900,
    "segment nested deep": json.dumps(
        {
            "segments": [
                {"speaker": "agent", "start": 0, "end": 1, "text": json.loads("[" * 60 + "]" * 60)}
            ]
        }
    ),
    "not JSON": "nope",
    "empty": "",
    "a list": "[]",
    "null": "null",
    "no segments": "{}",
    "segments a dict": '{"segments": {}}',
    "segment a string": '{"segments": ["hello"]}',
    "unknown speaker": '{"segments": [{"speaker": "robot", "start": 0, "end": 1, "text": "hi"}]}',
    "start text": '{"segments": [{"speaker": "agent", "start": "zero", "end": 1, "text": "hi"}]}',
    "end before start": '{"segments": [{"speaker": "agent", "start": 5, "end": 1, "text": "hi"}]}',
    "negative start": '{"segments": [{"speaker": "agent", "start": -1, "end": 1, "text": "hi"}]}',
    "text a number": '{"segments": [{"speaker": "agent", "start": 0, "end": 1, "text": 5}]}',
    "NaN start": '{"segments": [{"speaker": "agent", "start": NaN, "end": 1, "text": "hi"}]}',
    "Infinity end": (
        '{"segments": [{"speaker": "agent", "start": 0, "end": Infinity, "text": "hi"}]}'
    ),
    "duration text": '{"segments": [], "duration_s": "long"}',
    "duration negative": '{"segments": [], "duration_s": -3}',
    "duration a list": '{"segments": [], "duration_s": [1]}',
    "no start": '{"segments": [{"speaker": "agent", "end": 1, "text": "hi"}]}',
    "start null": '{"segments": [{"speaker": "agent", "start": null, "end": 1, "text": "hi"}]}',
    "speaker a list": '{"segments": [{"speaker": ["agent"], "start": 0, "end": 1, "text": "hi"}]}',
    "huge number": '{"segments": [{"speaker": "agent", "start": 0, "end": 1e400, "text": "hi"}]}',
}


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_autoscore_command(site_data, tmp_path, name):
    path = tmp_path / "t.json"
    path.write_text(TRANSCRIPTS[name], encoding="utf-8")
    before = _counts()
    with pytest.raises(CommandError):
        call_command("autoscore", str(path), "--scorecard", "inbound", stdout=io.StringIO())
    assert _counts() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--scorecard", "nowhere"],
        ["--scorecard", "inbound", "--version", "99"],
        ["--scorecard", "inbound", "--version", "-1"],
        ["--scorecard", ""],
    ],
)
def test_autoscore_command_options(site_data, tmp_path, args):
    path = tmp_path / "t.json"
    path.write_text('{"segments": []}', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("autoscore", str(path), *args, stdout=io.StringIO())


def test_autoscore_command_on_latin1_bytes(site_data, tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes('{"segments": [], "x": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("autoscore", str(path), "--scorecard", "inbound", stdout=io.StringIO())


@pytest.mark.parametrize("username", ["ghost", "", "' OR 1=1 --", "x" * 300, "\x00"])
def test_ingest_calls_as_an_unknown_user(site_data, tmp_path, username):
    (tmp_path / "call.wav").write_bytes(_wav())
    before = _counts()
    with pytest.raises(CommandError, match="--as-user|not a folder") if username else _no_error():
        call_command(
            "ingest_calls",
            str(tmp_path),
            "--as-user",
            username,
            "--no-progress",
            stdout=io.StringIO(),
        )
    if username:
        assert _counts() == before


class _no_error:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("username", ["ghost", "' OR 1=1 --"])
def test_retry_transcription_as_an_unknown_user(site_data, username):
    with pytest.raises(CommandError, match="--as-user"):
        call_command("retry_transcription", "--failed", "--as-user", username, stdout=io.StringIO())


def test_ingest_calls_from_a_missing_folder(site_data, tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("ingest_calls", str(tmp_path / "nowhere"), stdout=io.StringIO())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"file_name\n",
        b"no_file_column\nx",
        b"file_name,started_at\ncall.wav,yesterday",
        b"file_name,duration_s\ncall.wav,-4",
        b"file_name\nmissing.wav",
        bytes(range(256)),
    ],
)
def test_ingest_calls_with_bad_metadata(site_data, tmp_path, content):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "call.wav").write_bytes(_wav())
    metadata = tmp_path / "meta.csv"
    metadata.write_bytes(content)
    before = _counts()
    with pytest.raises(CommandError):
        call_command(
            "ingest_calls",
            str(folder),
            "--metadata",
            str(metadata),
            "--no-progress",
            stdout=io.StringIO(),
        )
    assert _counts() == before


@pytest.mark.parametrize(
    "body",
    [_wav(data=b"\x00\x00" * 8000), _wav(frames=200)],
    ids=["silent", "a fortieth of a second"],
)
def test_transcribe_command_on_audio_without_speech(tmp_path, body):
    path = tmp_path / "call.wav"
    path.write_bytes(body)
    with pytest.raises(CommandError, match="call.wav"):
        call_command("transcribe", str(path), stdout=io.StringIO())


# ---- Scorecard designer (screens) ----------------------------------------------------------

BAD_POINTS = ["0", "-1", "101", "1000000000000", "2.7", "abc", "", "1e3", "NaN", "10 OR 1=1"]


@pytest.fixture
def draft(qa_manager_user):
    inbound = Scorecard.objects.get(slug="inbound")
    return scorecard_version_new_draft(actor=qa_manager_user, scorecard=inbound)


@pytest.mark.parametrize("points", BAD_POINTS)
def test_criterion_screen_points(client, qa_manager_user, draft, points):
    client.force_login(qa_manager_user)
    before = _counts()
    response = client.post(
        reverse("scorecards:criterion_add", args=[draft.pk]),
        {"key": "new_one", "text": "Something new", "points": points, "order": "20"},
    )
    _assert_clear(response)
    assert _counts() == before


@pytest.mark.parametrize("mark", ["150", "-10", "abc", "NaN", "100.05", "Infinity", "1e3", ""])
def test_version_screen_pass_mark(client, qa_manager_user, draft, mark):
    client.force_login(qa_manager_user)
    response = client.post(
        reverse("scorecards:scorecard_version", args=[draft.pk]),
        {"pass_mark": mark, "change_note": ""},
    )
    _assert_clear(response)
    draft.refresh_from_db()
    assert draft.pass_mark == 80


# ---- Report filters and exports (query strings) --------------------------------------------

FILTERS = [
    {"date_from": "yesterday"},
    {"date_to": "2026-02-31"},
    {"agent": "abc"},
    {"agent": "9" * 40},
    {"team": "-1"},
    {"section": "1 OR 1=1"},
    {"scorecard": "\x00"},
    {"group": "<script>"},
]


@pytest.mark.parametrize("url", ["/qa/reports/", "/qa/export/evaluations.csv"])
@pytest.mark.parametrize("query", FILTERS, ids=[repr(q)[:30] for q in FILTERS])
def test_qa_report_filters(client, qa_manager_user, url, query):
    client.force_login(qa_manager_user)
    response = client.get(url, query)
    assert response.status_code < 500


@pytest.mark.parametrize("query", [{"start": "never"}, {"end": "2026-02-31"}, {"start": "\x00"}])
@pytest.mark.parametrize("url", ["/investigations/reports/", "/investigations/reports/export.csv"])
def test_case_report_filters(client, supervisor_user, url, query):
    client.force_login(supervisor_user)
    assert client.get(url, query).status_code < 500


# ---- People import (screen) ----------------------------------------------------------------

PEOPLE_FILES = {
    "empty": ("agents.csv", b""),
    "binary": ("agents.csv", bytes(range(256))),
    "not an xlsx": ("agents.xlsx", b"PK\x03\x04junk"),
    "pdf": ("agents.pdf", b"%PDF-1.4"),
    "missing columns": ("agents.csv", b"employee_number\nT9"),
    "bad email": (
        "agents.csv",
        b"employee_number,username,first_name,last_name,email,section\n"
        b"T9,x.y,X,Y,not-an-email,inbound",
    ),
    "unknown section": (
        "agents.csv",
        b"employee_number,username,first_name,last_name,email,section\n"
        b"T9,x.y,X,Y,x@y.invalid,nowhere",
    ),
}


@pytest.mark.parametrize("name", sorted(PEOPLE_FILES))
def test_people_import_screen(client, admin_user, name):
    from django.contrib.auth import get_user_model

    from org.models import Agent

    file_name, body = PEOPLE_FILES[name]
    client.force_login(admin_user)
    users, agents = get_user_model().objects.count(), Agent.objects.count()
    response = client.post(
        reverse("org:people_import"),
        {"kind": "agents", "file": SimpleUploadedFile(file_name, body)},
    )
    assert 400 <= response.status_code < 500
    assert response.content
    assert (get_user_model().objects.count(), Agent.objects.count()) == (users, agents)


# ---- Sample reassignment (screen) ----------------------------------------------------------


@pytest.mark.parametrize("officer", ["", "abc", "-1", "1 OR 1=1", "9" * 40, "\x00"])
def test_sample_reassign_screen(client, qa_manager_user, officer):
    client.force_login(qa_manager_user)
    response = client.post(reverse("qa:sample_item_reassign", args=[999999]), {"officer": officer})
    assert response.status_code == 404
