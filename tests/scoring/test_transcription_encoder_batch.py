"""Batched decoding with the encoder taking one clip at a time (``encoder_batch_size`` 1, to
hold a worker's peak memory): the decoder gets the same encoder output, so the same words."""

import numpy as np
import pytest
from faster_whisper.audio import pad_or_trim

from scoring.audio import SAMPLE_RATE, decode_audio
from scoring.transcription import EngineSettings, _ClipBatchedEncoder, get_transcriber

pytestmark = pytest.mark.slow

DEV = "tests/data/speech/dev/dev-01-read-librivox.wav"


def _two_clips_of_features(model) -> np.ndarray:
    samples = decode_audio(DEV).mono()
    clips = [samples[: 20 * SAMPLE_RATE], samples[20 * SAMPLE_RATE : 45 * SAMPLE_RATE]]
    return np.stack([pad_or_trim(model.feature_extractor(np.asarray(c))) for c in clips])


def test_clips_encoded_one_at_a_time_stack_to_the_batch_encoders_output():
    model = get_transcriber(EngineSettings(language_model="", diarise=False)).model
    features = _two_clips_of_features(model)
    assert features.shape[0] == 2
    together = np.asarray(model.encode(features))
    one_by_one = np.asarray(_ClipBatchedEncoder(model, 1).encode(features))
    assert one_by_one.shape == together.shape
    np.testing.assert_allclose(one_by_one, together, rtol=0, atol=1e-5)
    # 0 leaves the batch to the model: the very same call.
    assert np.array_equal(np.asarray(_ClipBatchedEncoder(model, 0).encode(features)), together)


def test_a_call_decoded_in_pairs_is_transcribed_the_same_whichever_way_it_is_encoded():
    audio = decode_audio(DEV)
    assert audio.duration_s > 60  # several clips, so batches of two
    texts = []
    for clips in (0, 1):
        engine = get_transcriber(
            EngineSettings(language_model="", diarise=False, encoder_batch_size=clips)
        )
        segments = engine.transcribe(audio).segments
        texts.append([(s.start, s.end, s.text) for s in segments])
    assert texts[0] == texts[1] and texts[0]


def test_a_negative_encoder_batch_is_refused():
    with pytest.raises(ValueError, match="encoder_batch_size"):
        EngineSettings(encoder_batch_size=-1)
