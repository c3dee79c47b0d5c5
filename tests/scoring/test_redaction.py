import pytest

from scoring.redaction import classify_number, redact_segments, redact_text
from scoring.transcript import Segment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My ID number is 8001015009087.", "My ID number is [ID NUMBER]."),
        ("Call me on 082 555 1234 please", "Call me on [PHONE NUMBER] please"),
        ("or on +27 11 555 0199", "or on [PHONE NUMBER]"),
        ("Card 4111 1111 1111 1111 expires", "Card [CARD NUMBER] expires"),
        ("Write to sipho.dlamini@example.co.za today", "Write to [E-MAIL] today"),
        ("The account is 5528194430.", "The account is [ACCOUNT NUMBER]."),
    ],
)
def test_written_personal_numbers_are_redacted(text, expected):
    assert redact_text(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The account number is five five two eight one nine four four three zero.",
            "The account number is [ACCOUNT NUMBER].",
        ),
        (
            "my number is oh eight two, double five five, one two three four",
            "my number is [PHONE NUMBER]",
        ),
        (
            "ID eight zero zero one zero one five zero zero nine zero eight seven thanks",
            "ID [ID NUMBER] thanks",
        ),
        ("it's 5.2.819.44.3.0 I think", "it's [ACCOUNT NUMBER] I think"),
        ("e-mail me at sipho at gmail dot com", "e-mail me at [E-MAIL]"),
    ],
)
def test_numbers_spoken_digit_by_digit_are_redacted(text, expected):
    assert redact_text(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "The amount due is 3,400 rand by the thirtieth.",
        "A team will be out within 48 hours; your reference is 45678.",
        "I can pay one thousand rand on Friday, five five rand more next week.",
        "Stand 1234 in Tembisa.",
    ],
)
def test_amounts_references_and_short_numbers_stay(text):
    assert redact_text(text).text == text


def test_invalid_id_number_is_not_called_an_id_but_still_hidden():
    assert classify_number("8001015009088") != "id_number"  # Luhn check digit wrong
    assert redact_text("ref 8001015009088").text == "ref [NUMBER]"


def test_account_pattern_is_configurable():
    text = "account 77-123-456"
    assert redact_text(text, account_pattern=r"77\d{6}").text == "account [ACCOUNT NUMBER]"
    assert redact_text(text, account_pattern=r"99\d{6}").text == text


def test_segments_keep_times_and_report_findings():
    segments = [
        Segment("agent", 0.0, 2.0, "Can I have your account number?"),
        Segment("caller", 2.5, 6.0, "Yes, five five two eight one nine four four three zero"),
    ]
    redacted, found = redact_segments(segments)
    assert [s.text for s in redacted] == [
        "Can I have your account number?",
        "Yes, [ACCOUNT NUMBER]",
    ]
    assert (redacted[1].start, redacted[1].end, redacted[1].speaker) == (2.5, 6.0, "caller")
    assert found == [{"segment": 1, "kind": "account"}]


def test_redaction_keeps_language_and_word_confidence_but_never_words_that_held_a_number():
    words = (
        {"word": "my", "start": 0.0, "end": 0.2, "probability": 0.9},
        {"word": "number", "start": 0.2, "end": 0.5, "probability": 0.8},
        {"word": "is", "start": 0.5, "end": 0.6, "probability": 0.9},
        {"word": "0825551234", "start": 0.6, "end": 1.5, "probability": 0.4},
    )
    plain = Segment(
        "caller",
        0,
        1,
        "thanks",
        language="en",
        language_probability=0.98,
        words=({"word": "thanks", "start": 0, "end": 1, "probability": 0.9},),
    )
    secret = Segment("caller", 1, 2.5, "my number is 0825551234", language="en", words=words)
    redacted, found = redact_segments([plain, secret])
    assert redacted[0].words == plain.words and redacted[0].language_probability == 0.98
    assert redacted[1].words is None
    assert "0825551234" not in str(redacted[1].to_dict())
    assert found == [{"segment": 1, "kind": "phone"}]
