"""calls/hooks.py: the one hand-over out of the calls app runs after the commit, never for a
rolled-back transcription, and auto-scoring is connected to it."""

import pytest
from django.db import transaction

from autoscoring.tasks import queue_autoscore
from calls.hooks import CommitHook, on_transcribed


def test_auto_scoring_is_queued_through_the_transcribed_hook():
    assert queue_autoscore in on_transcribed.receivers


@pytest.mark.django_db(transaction=True)
def test_receivers_run_after_the_commit_and_not_for_a_rollback():
    hook = CommitHook("test")
    seen = []
    hook.connect(seen.append)
    hook.connect(seen.append)  # connecting twice keeps one receiver
    with transaction.atomic():
        hook.send_on_commit(7)
        assert seen == []
    assert seen == [7]
    with pytest.raises(RuntimeError), transaction.atomic():
        hook.send_on_commit(8)
        raise RuntimeError("the transcription's transaction fails")
    assert seen == [7]
