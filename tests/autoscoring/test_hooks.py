"""autoscoring/hooks.py: qa fills the two reads of the officers' answers; without a source there
is nothing to learn from or compare with."""

from autoscoring.hooks import AnswersSource, CheckedAnswer, agreement_answers, training_answers
from qa.selectors import checked_answers


def test_qa_registers_the_officers_answers():
    assert training_answers.provider is checked_answers.training_answers
    assert agreement_answers.provider is checked_answers.agreement_answers


def test_a_source_nobody_filled_reads_as_empty_and_a_filled_one_passes_its_options():
    source = AnswersSource("test")
    assert source("any version") == []
    row = CheckedAnswer(1, "greeting", "yes", "no", None)
    source.register(lambda version, **options: [row] if options == {"since": 5} else [])
    assert source("v", since=5) == [row]
    assert source("v") == []
