"""Words Whisper aligns to no audio (zero duration): real short words are kept, unlikely ones go.

On the dev set's telephone sample every zero-length word was said ("Hello? Hello? Oh, hello",
"I", "though", "there"); dropping them all cost 8 of its 128 words (bench/decoding_gap.py)."""

from scoring.transcription import UNALIGNED_MIN_PROBABILITY, _drop_loops, _Word


def word(text: str, start: float, end: float, probability: float | None) -> _Word:
    return _Word("unknown", start, end, " " + text, -0.3, 0.1, probability=probability)


def test_a_likely_word_of_no_duration_is_kept():
    words = [
        word("I'm", 21.0, 21.2, 0.9),
        word("in", 21.2, 21.3, 0.9),
        word("Jersey", 21.3, 21.56, 0.9),
        word("though.", 21.56, 21.56, 0.996),
    ]
    assert [w.text.strip() for w in _drop_loops(words)] == ["I'm", "in", "Jersey", "though."]


def test_an_unlikely_word_of_no_duration_is_dropped():
    words = [
        word("goodbye.", 10.0, 10.4, 0.95),
        word("Thank", 10.4, 10.4, UNALIGNED_MIN_PROBABILITY - 0.1),
        word("you.", 10.4, 10.4, 0.2),
    ]
    assert [w.text.strip() for w in _drop_loops(words)] == ["goodbye."]


def test_a_word_of_no_duration_and_no_probability_is_dropped():
    # openai-whisper's words may come without a probability: nothing vouches for them.
    assert _drop_loops([word("Thank", 5.0, 5.0, None)]) == []


def test_a_word_with_duration_is_kept_whatever_its_probability():
    assert len(_drop_loops([word("Tembisa", 3.0, 3.6, 0.05)])) == 1
