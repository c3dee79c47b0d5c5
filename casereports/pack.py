"""The monthly pack for the Head of Department as a one-page PDF (WeasyPrint, as the response
letters): the month's figures, the chart of the six months up to it, and the missed deadlines
with their case references."""

from __future__ import annotations

from dataclasses import replace

from django.template.loader import render_to_string

from casereports.charts import trend_chart
from casereports.selectors.monthly import BREACHES_LISTED, GROUPS_LISTED, MonthlyPack


def _no_fetch(url: str, *args, **kwargs):
    """The pack uses no outside resources: nothing is fetched while rendering."""
    raise ValueError(f"the monthly pack template may not load {url}")


def pack_html(pack: MonthlyPack, *, filter_words: str = "") -> str:
    return render_to_string(
        "casereports/monthly_pack.html",
        {"pack": pack, "chart": trend_chart(pack.trend), "filter_words": filter_words},
    )


# (missed deadlines listed, departments listed): tried in turn until the pack fits one page.
LIMITS = ((BREACHES_LISTED, GROUPS_LISTED), (6, 8), (3, 5))


def pack_document(pack: MonthlyPack, *, filter_words: str = ""):
    """The laid-out pack (a WeasyPrint document: its pages can be counted or written), on one
    page: when long names wrap so much that it would not fit, fewer missed deadlines and
    departments are listed (the rest are counted)."""
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML

    for breach_limit, group_limit in LIMITS:
        fitted = replace(pack, breach_limit=breach_limit, group_limit=group_limit)
        html = pack_html(fitted, filter_words=filter_words)
        document = HTML(string=html, url_fetcher=_no_fetch).render()
        if len(document.pages) == 1:
            break
    return document


def pack_pdf(pack: MonthlyPack, *, filter_words: str = "") -> bytes:
    return pack_document(pack, filter_words=filter_words).write_pdf()


def pack_filename(pack: MonthlyPack) -> str:
    return f"case-reports-{pack.year}-{pack.month:02}.pdf"
