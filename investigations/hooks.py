"""What apps above investigations plug into it (registered in their ``AppConfig.ready()``),
so investigations never imports them (docs/architecture.md, "Hooks").

- ``case_page_links``: links shown on a case page (correspondence adds the response letter).
- ``record_sent``: the service "record sent" runs instead of the bare workflow step
  (correspondence renders the letter to PDF and keeps it in the evidence locker first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from core.access import user_has_role


@dataclass(frozen=True)
class CasePageLink:
    """A link an app above adds to the case page, reversed with the case's pk."""

    label: str
    url_name: str
    roles: tuple[str, ...]
    # Shown only when this returns True for the case (say: a response has been written).
    show_when: Callable[[object], bool] = lambda case: True


case_page_links: list[CasePageLink] = []


def case_page_links_for(case, user) -> list[dict]:
    """The registered links the user's roles may see for ``case``, in registration order."""
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[case.pk])}
        for link in case_page_links
        if user_has_role(user, *link.roles) and link.show_when(case)
    ]


class ServiceProvider:
    """One service an app above may register to stand in for a default one."""

    def __init__(self, name: str):
        self.name = name
        self.provider: Callable | None = None

    def register(self, provider: Callable) -> None:
        self.provider = provider

    def get(self, default: Callable) -> Callable:
        return self.provider or default


# Called as record_sent(case=, actor=, comment=, request=) for the "respond" action.
record_sent = ServiceProvider("record_sent")
