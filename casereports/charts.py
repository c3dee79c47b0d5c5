"""The chart of the Reports for the Offices: per month, complaints received, closed on time
and breached (``core.charts.count_bars`` gives the geometry)."""

from __future__ import annotations

from core.charts import count_bars

SERIES = (
    ("received", "#1f5f8b", "received"),
    ("closed on time", "#2e7d32", "closed_on_time"),
    ("breached", "#c62828", "breached"),
)


def trend_chart(report, *, width: int = 640, height: int = 240) -> dict:
    months = [month for month, _ in report.monthly]
    series = [
        (name, fill, [getattr(figures, attr) for _, figures in report.monthly])
        for name, fill, attr in SERIES
    ]
    return count_bars(months, series, width=width, height=height)
