"""Geometry for the server-rendered SVG charts (the templates draw the shapes): a line chart
with interval whiskers on a 0..100 scale, and paired bars per month. Plain data in, plain data
out; no queries."""

from __future__ import annotations


def trend_svg(points: list[dict], width: int = 640, height: int = 220) -> dict:
    """Geometry for a server-rendered SVG line chart with interval whiskers (0..100 scale)."""
    pad_l, pad_r, pad_t, pad_b = 40, 10, 10, 30
    usable_w, usable_h = width - pad_l - pad_r, height - pad_t - pad_b

    def y(v):
        return round(pad_t + usable_h * (1 - v / 100), 1)

    count = len(points)
    marks = []
    for i, p in enumerate(points):
        if p["mean"].estimate is None:
            continue
        x = round(pad_l + (usable_w * (i + 0.5) / count), 1)
        marks.append(
            {
                "x": x,
                "y": y(p["mean"].estimate),
                "y_low": y(p["mean"].low) if p["mean"].low is not None else None,
                "y_high": y(p["mean"].high) if p["mean"].high is not None else None,
                "label": p["start"].strftime("%b %Y"),
                "point": p,
            }
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{m['x']},{m['y']}" for i, m in enumerate(marks))
    grid = [{"value": v, "y": y(v)} for v in (0, 20, 40, 60, 80, 100)]
    return {
        "width": width,
        "height": height,
        "marks": marks,
        "path": path,
        "grid": grid,
        "left": pad_l,
        "right": width - pad_r,
        "bottom": height - pad_b,
    }


def chart_bars(monthly: list[dict], *, width: int = 640, height: int = 220) -> dict:
    """Geometry for the SVG bar chart of on-time rates per month (two bars per month)."""
    if not monthly:
        return {"width": width, "height": height, "bars": [], "labels": []}
    plot_h = height - 40
    slot = (width - 40) / len(monthly)
    bar_w = max(4.0, min(24.0, slot / 3))
    bars, labels = [], []
    for i, m in enumerate(monthly):
        x0 = 40 + i * slot + (slot - 2 * bar_w) / 2
        for j, (key, css, name) in enumerate(
            (
                ("ack_rate", "ack", "acknowledged on time"),
                ("resp_rate", "resp", "responded on time"),
            )
        ):
            value = m[key]
            h = 0 if value is None else plot_h * value / 100
            bars.append(
                {
                    "x": round(x0 + j * bar_w, 1),
                    "y": round(10 + plot_h - h, 1),
                    "w": round(bar_w - 1, 1),
                    "h": round(h, 1),
                    "css": css,
                    "title": f"{m['month']}: {'no data' if value is None else f'{value}%'} {name}",
                }
            )
        labels.append({"x": round(40 + i * slot + slot / 2, 1), "text": m["month"]})
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "plot_bottom": 10 + plot_h,
        "mid": 10 + plot_h / 2,
    }


def _nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above ``value`` (an axis maximum people read)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def count_bars(
    categories: list[str],
    series: list[tuple[str, str, list[int]]],
    *,
    width: int = 640,
    height: int = 240,
) -> dict:
    """Geometry for an SVG bar chart of counts: one group of bars per category (a month), one
    bar per series (``(name, fill colour, values)``, one value per category). Each bar has a
    title (its figure in words) for the tooltip and screen readers; the axis has whole-number
    ticks from 0 to a round maximum. The template draws the shapes and a table gives the same
    figures."""
    pad_l, pad_b, pad_t = 44, 30, 10
    plot_h = height - pad_b - pad_t
    top = _nice_ceiling(max((v for _, _, values in series for v in values), default=0) or 1)
    slot = (width - pad_l) / max(1, len(categories))
    bar_w = max(3.0, min(22.0, (slot - 6) / max(1, len(series))))
    bars, labels = [], []
    for i, category in enumerate(categories):
        x0 = pad_l + i * slot + (slot - bar_w * len(series)) / 2
        for j, (name, fill, values) in enumerate(series):
            h = plot_h * values[i] / top
            bars.append(
                {
                    "x": round(x0 + j * bar_w, 1),
                    "y": round(pad_t + plot_h - h, 1),
                    "w": round(bar_w - 1, 1),
                    "h": round(h, 1),
                    "fill": fill,
                    "title": f"{category}: {values[i]} {name}",
                }
            )
        labels.append({"x": round(pad_l + i * slot + slot / 2, 1), "text": category})
    divisions = top if top < 5 else 5  # top is 1, 2 or 5 x 10^k: whole-number ticks
    ticks = [
        {"value": top * k // divisions, "y": round(pad_t + plot_h * (1 - k / divisions), 1)}
        for k in range(divisions + 1)
    ]
    return {
        "width": width,
        "height": height,
        "left": pad_l,
        "bottom": pad_t + plot_h,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": [{"name": name, "fill": fill} for name, fill, _ in series],
    }
