"""Benchmark: e-mail intake, from a Maildir drop to draft cases and on to confirmed cases.

Builds a fresh SQLite database in a temporary directory (migrations, roles, the office
addresses), writes N realistic messages into a Maildir (a third plain text, a third HTML-only,
a third with a 100 KB PDF attachment; a tenth of them replies to earlier ones), then times:
parsing alone (``mail_parse``), the Maildir read (``maildir_fetch``: parse, store the raw
message under its SHA-256, guess the source, write the draft or join the case, audit), and
confirming drafts into cases (``mail_draft_confirm``: the case, the .eml and attachments in the
evidence locker). Prints messages per second and ms per message; writes JSON to
bench/results/mail_intake.json.

    .venv/bin/python bench/mail_intake.py [--messages 300] [--confirm 60]
"""

from __future__ import annotations

import argparse
import atexit
import json
import mailbox
import os
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="siyalalela-bench-mail-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ["DJANGO_SECURE_SSL"] = "false"
os.environ["SIYALALELA_SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["SIYALALELA_DATA_DIR"] = str(TMP)
os.environ["SIYALALELA_TASK_BACKEND"] = "immediate"
os.environ.setdefault("SIYALALELA_AUDIT_KEY", "bench-only-audit-key-0123456789abcdef0123456789")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SENDERS = (
    "Cllr Thabo Mokoena <thabo.mokoena@council.ekurhuleni.gov.za>",
    "Office of the Speaker <speaker@ekurhuleni.gov.za>",
    "Gauteng Hotline <desk@hotline.gauteng.gov.za>",
    "A Resident <resident@example.org>",
)
PDF = b"%PDF-1.4\n" + b"0" * 100_000 + b"\n%%EOF\n"


def messages(n: int) -> list[bytes]:
    now = timezone.now()
    out = []
    for i in range(n):
        m = EmailMessage()
        m["From"] = SENDERS[i % len(SENDERS)]
        m["To"] = "complaints@ekurhuleni.gov.za"
        m["Date"] = format_datetime(now)
        m["Message-ID"] = f"<bench.{i}@example.org>"
        subject = f"Ward {i % 112 + 1}: no water for {i % 5 + 1} days"
        if i % 10 == 9:
            m["In-Reply-To"] = f"<bench.{i - 9}@example.org>"
            subject = "RE: " + subject
        m["Subject"] = subject
        text = "Residents report no water since Sunday; nobody came. " * 20
        if i % 3 == 1:
            m.set_content(f"<html><body><p>{text}</p><p>Regards</p></body></html>", subtype="html")
        else:
            m.set_content(text)
        if i % 3 == 2:
            m.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"log{i}.pdf")
        out.append(m.as_bytes())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--confirm", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    from correspondence.models import MailMessage
    from correspondence.parsing import mail_parse
    from correspondence.services.intake import mail_draft_confirm
    from correspondence.services.mailbox import maildir_fetch

    officer = get_user_model().objects.create_user("bench.officer", first_name="Bench")
    from org.services import user_set_roles

    user_set_roles(user=officer, roles=["investigations_supervisor"])
    raws = messages(args.messages)
    started = time.perf_counter()
    for raw in raws:
        mail_parse(raw)
    parse_s = time.perf_counter() - started
    box = mailbox.Maildir(TMP / "drop", create=True)
    for raw in raws:
        box.add(raw)
    started = time.perf_counter()
    report = maildir_fetch(TMP / "drop")
    fetch_s = time.perf_counter() - started
    drafts = list(MailMessage.objects.drafts()[: args.confirm])
    started = time.perf_counter()
    for message in drafts:
        mail_draft_confirm(
            message=message,
            actor=officer,
            source=message.source_guess,
            complainant_name="Bench Resident",
            description=message.body_text or message.subject,
        )
    confirm_s = time.perf_counter() - started
    load = os.getloadavg()
    results = {
        "messages": len(raws),
        "parse_per_s": round(len(raws) / parse_s, 1),
        "parse_ms": round(1000 * parse_s / len(raws), 2),
        "maildir_taken": len(report.taken),
        "maildir_refused": len(report.refused),
        "maildir_per_s": round(len(raws) / fetch_s, 1),
        "maildir_ms": round(1000 * fetch_s / len(raws), 2),
        "confirmed": len(drafts),
        "confirm_ms": round(1000 * confirm_s / max(1, len(drafts)), 2),
        "load_average": [round(x, 2) for x in load],
    }
    print(f"{'step':<34}{'per second':>12}{'ms each':>10}")
    print(
        f"{'parse (.eml to plain data)':<34}{results['parse_per_s']:>12}{results['parse_ms']:>10}"
    )
    print(
        f"{'Maildir read to drafts':<34}{results['maildir_per_s']:>12}{results['maildir_ms']:>10}"
    )
    print(f"{'confirm a draft into a case':<34}{'':>12}{results['confirm_ms']:>10}")
    print(
        f"{len(report.taken)} taken, {len(report.refused)} refused; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "mail_intake.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
