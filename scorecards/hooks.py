"""Links that apps above add to a scorecard version's page, registered in their
``AppConfig.ready()`` (scorecards sits below qa and autoscoring and must not import them). qa adds
the open work (queued calls and draft evaluations) still on earlier versions, autoscoring the
agreement dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.access import user_has_role


@dataclass(frozen=True)
class VersionPageLink:
    label: str
    url_name: str  # reversed with the version's pk
    roles: tuple[str, ...]  # who sees the link
    published_only: bool = True  # shown on published and retired versions, not drafts


# Shown on a version's page, in registration order.
version_page_links: list[VersionPageLink] = []


def version_page_links_for(version, user) -> list[dict]:
    """The registered links the user's roles may see, reversed for ``version``."""
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[version.pk])}
        for link in version_page_links
        if user_has_role(user, *link.roles) and not (link.published_only and version.is_editable)
    ]
