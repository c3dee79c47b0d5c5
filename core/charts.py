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
