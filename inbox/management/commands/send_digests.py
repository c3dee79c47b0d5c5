from django.core.management.base import BaseCommand

from inbox.mail import digests_send


class Command(BaseCommand):
    help = (
        "E-mail every person who chose the daily digest one message listing what they were told "
        "since the last one. Run once a day (cron: `0 7 * * * manage.py send_digests`); safe to "
        "run twice (nothing is sent twice)."
    )

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest e-mail(s) sent."))
