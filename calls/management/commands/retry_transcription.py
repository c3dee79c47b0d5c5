from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from calls.models import Call
from calls.services.ingest import CallStateError, call_retry_transcription, user_for_system
from calls.services.leases import calls_stuck


class Command(BaseCommand):
    help = (
        "Queue transcription again for the given calls, or (--failed) for every failed call "
        "and every call stuck in transcription (its worker stopped and its lease ran out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("call_ids", nargs="*", type=int)
        parser.add_argument(
            "--failed",
            action="store_true",
            help="every failed call, and every call whose transcription worker stopped",
        )
        parser.add_argument("--as-user", help="username recorded as the actor in the audit log")

    def handle(self, *args, call_ids, failed, as_user=None, **options):
        if not call_ids and not failed:
            raise CommandError("give call ids or --failed")
        calls = list(Call.objects.failed() | calls_stuck()) if failed else []
        if call_ids:
            found = {c.pk: c for c in Call.objects.filter(pk__in=call_ids)}
            missing = sorted(set(call_ids) - set(found))
            if missing:
                raise CommandError(f"no call with id {', '.join(map(str, missing))}")
            calls += [found[i] for i in call_ids]
        try:
            actor = user_for_system(as_user)
        except ValidationError as exc:
            raise CommandError(f"--as-user: {' '.join(exc.messages)}") from None
        for call in calls:
            try:
                call_retry_transcription(call=call, actor=actor)
            except CallStateError as exc:
                self.stdout.write(f"call {call.pk}: {exc}")
                continue
            self.stdout.write(f"call {call.pk}: queued again")
