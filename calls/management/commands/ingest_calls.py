from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from calls.models import Call
from calls.services.ingest import (
    AUDIO_EXTENSIONS,
    IngestError,
    SpreadsheetError,
    call_ingest,
    read_metadata_spreadsheet,
    user_for_system,
    validate_metadata_rows,
)


class Command(BaseCommand):
    help = (
        "Ingest every audio file under DIR as a call (each queued for transcription). A file "
        "already ingested is recognised by its SHA-256 and skipped, so the command is safe to "
        "rerun. --metadata gives a CSV/XLSX with one row per file name; a bad row rejects the "
        "whole metadata file before anything is ingested."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--metadata", help="CSV or XLSX of call metadata (column file_name)")
        parser.add_argument("--as-user", help="username recorded as the actor in the audit log")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, directory, metadata=None, as_user=None, no_progress=False, **opts):
        root = Path(directory)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder")
        files = sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in AUDIO_EXTENSIONS
        )
        others = sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and not p.name.startswith(".")
            and p.suffix.lower() not in AUDIO_EXTENSIONS
        )
        by_file: dict[str, dict] = {}
        if metadata:
            path = Path(metadata)
            if not path.is_file():
                raise CommandError(f"metadata file {path} not found")
            try:
                rows = read_metadata_spreadsheet(path.read_bytes(), path.name)
                by_file = validate_metadata_rows(rows, {p.name for p in files})
            except SpreadsheetError as exc:
                raise CommandError(
                    "metadata rejected, nothing ingested:\n"
                    + "\n".join(f"  row {row}: {reason}" for row, reason in exc.errors)
                ) from exc
        actor = user_for_system(as_user)
        created, duplicates, rejected = 0, 0, [(p, "not an audio file type") for p in others]
        bar = tqdm(files, unit="file", disable=no_progress or not files, file=sys.stderr)
        for path in bar:
            bar.set_postfix_str(path.name[-30:])
            try:
                with path.open("rb") as fh:
                    result = call_ingest(
                        file=fh,
                        original_name=path.name,
                        source=Call.Source.FOLDER,
                        metadata=by_file.get(path.name),
                        actor=actor,
                    )
            except IngestError as exc:
                rejected.append((path, str(exc)))
                continue
            if result.created:
                created += 1
            else:
                duplicates += 1
        self.stdout.write(
            f"Ingested {created}, duplicates {duplicates}, rejected {len(rejected)} "
            f"(of {len(files) + len(others)} files in {root})."
        )
        for path, reason in rejected:
            self.stdout.write(f"  rejected {path.relative_to(root)}: {reason}")
