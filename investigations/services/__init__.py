"""Writes of the investigations app: the only code that changes a case."""

from django.core.exceptions import ValidationError


class CaseError(ValidationError):
    """A refused action: the message says why; nothing was changed."""
