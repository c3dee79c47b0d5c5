"""Content-addressed file storage shared by recordings (calls) and case documents
(investigations)."""

from __future__ import annotations

from django.core.files import File


def file_store_once(field_file, *, filename: str, size: int, content: File) -> None:
    """Point ``field_file`` at its content-addressed name, writing the bytes only when needed.

    The name comes from the field's ``upload_to`` (which puts the SHA-256 in it), so a file
    already there with the right size holds these bytes (left behind by a rolled-back save, say)
    and is reused rather than stored a second time under a renamed copy; a damaged copy (wrong
    size) is replaced. Does not save the model instance.
    """
    stored_name = field_file.field.generate_filename(field_file.instance, filename)
    storage = field_file.storage
    if storage.exists(stored_name):
        if storage.size(stored_name) == size:
            field_file.name = stored_name
            return
        storage.delete(stored_name)
    field_file.save(filename, content, save=False)
