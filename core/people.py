"""Person-name snapshots: what a record keeps of a person besides the (nullable) foreign key,
so that deleting a user never blanks history."""

from __future__ import annotations


def person_name(user) -> str:
    """The name snapshot a record keeps of a person (``*_name`` fields, audit and case events):
    full name, else the username; "system" when no person acted."""
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()
