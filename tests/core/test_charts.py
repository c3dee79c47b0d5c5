"""core/charts.py: chart geometry from plain figures."""

from types import SimpleNamespace

from core.charts import chart_bars, trend_svg


def test_chart_bars_scale_to_the_rate():
    chart = chart_bars(
        [
            {"month": "2026-10", "ack_rate": 50.0, "resp_rate": None},
            {"month": "2026-11", "ack_rate": 100.0, "resp_rate": 0.0},
        ],
        height=220,
    )
    heights = [b["h"] for b in chart["bars"]]
    assert heights == [90.0, 0, 180.0, 0.0]
    assert chart["bars"][1]["title"] == "2026-10: no data responded on time"
    assert [label["text"] for label in chart["labels"]] == ["2026-10", "2026-11"]


def test_trend_chart_places_points_on_the_0_to_100_scale_and_skips_empty_periods():
    import datetime

    def point(month, estimate, low=None, high=None):
        mean = SimpleNamespace(estimate=estimate, low=low, high=high)
        return {"start": datetime.date(2026, month, 1), "mean": mean}

    chart = trend_svg([point(9, 100.0, 90.0, 100.0), point(10, None), point(11, 0.0)])
    assert [m["label"] for m in chart["marks"]] == ["Sep 2026", "Nov 2026"]
    top, bottom = chart["marks"][0]["y"], chart["marks"][1]["y"]
    assert top == 10.0 and bottom == chart["bottom"]
    assert chart["path"].startswith("M") and chart["path"].count("L") == 1
