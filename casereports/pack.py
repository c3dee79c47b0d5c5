"""The monthly pack for the Head of Department as a one-page PDF (WeasyPrint, as the response
letters): the month's figures, the chart of the six months up to it, and the missed deadlines
with their case references."""

from __future__ import annotations

from django.template.loader import render_to_string

from casereports.charts import trend_chart
from casereports.selectors.monthly import MonthlyPack


def _no_fetch(url: str, *args, **kwargs):
    """The pack uses no outside resources: nothing is fetched while rendering."""
    raise ValueError(f"the monthly pack template may not load {url}")


def pack_html(pack: MonthlyPack, *, filter_words: str = "") -> str:
    return render_to_string(
        "casereports/monthly_pack.html",
        {"pack": pack, "chart": trend_chart(pack.trend), "filter_words": filter_words},
    )


def pack_document(pack: MonthlyPack, *, filter_words: str = ""):
    """The laid-out pack (a WeasyPrint document: its pages can be counted or written)."""
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML

    return HTML(string=pack_html(pack, filter_words=filter_words), url_fetcher=_no_fetch).render()


def pack_pdf(pack: MonthlyPack, *, filter_words: str = "") -> bytes:
    return pack_document(pack, filter_words=filter_words).write_pdf()


def pack_filename(pack: MonthlyPack) -> str:
    return f"case-reports-{pack.year}-{pack.month:02}.pdf"
