"""Server-drawn SVG charts (no JavaScript library): a bar chart whose bars link to their
records, and a line chart for series over time. Text is escaped; the SVG carries a title and
a description for screen readers, and each chart is followed by a data table in the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#6f72af", "#505a5f"]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(value)


def bar_chart(items: Sequence[dict[str, Any]], *, title: str, width: int = 640, height: int = 260) -> SafeString:
    """``items``: [{"label", "value", "url"?}] drawn as vertical bars with their values."""
    left, bottom, top = 40, 70, 20
    plot_h = height - bottom - top
    n = max(len(items), 1)
    slot = (width - left - 10) / n
    peak = _nice_max(max((float(i["value"]) for i in items), default=0))
    parts = [
        format_html('<svg class="chart bar-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}">', width,
                    height, _id(title)),
        format_html('<title id="{}">{}</title>', _id(title), title),
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>', left, top + plot_h, width - 10,
                    top + plot_h),
        format_html('<text x="{}" y="{}" class="tick">{}</text>', 2, top + 10, _fmt(peak)),
    ]
    for index, item in enumerate(items):
        value = float(item["value"])
        h = plot_h * value / peak if peak else 0
        x = left + index * slot + slot * 0.15
        w = slot * 0.7
        y = top + plot_h - h
        bar = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" class="value" text-anchor="middle">{}</text>',
            _n(x), _n(y), _n(w), _n(h), item.get("color", PALETTE[0]), item["label"], _fmt(value), _n(x + w / 2),
            _n(y - 4), _fmt(value),
        )
        if item.get("url"):
            bar = format_html('<a href="{}">{}</a>', item["url"], bar)
        parts.append(bar)
        parts.append(format_html(
            '<text x="{}" y="{}" class="label" text-anchor="end" '
            'transform="rotate(-35 {} {})">{}</text>',
            _n(x + w / 2), _n(top + plot_h + 14), _n(x + w / 2), _n(top + plot_h + 14), _short(str(item["label"])),
        ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def line_chart(labels: Sequence[str], series: dict[str, Sequence[float | None]], *, title: str,
               width: int = 640, height: int = 260, unit: str = "") -> SafeString:
    left, bottom, top, right = 46, 40, 20, 10
    plot_w, plot_h = width - left - right, height - bottom - top
    values = [v for s in series.values() for v in s if v is not None]
    peak = _nice_max(max(values, default=0))
    n = max(len(labels) - 1, 1)
    parts = [
        format_html('<svg class="chart line-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}">', width,
                    height, _id(title)),
        format_html('<title id="{}">{}</title>', _id(title), title),
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>', left, top + plot_h, width - right,
                    top + plot_h),
        format_html('<text x="{}" y="{}" class="tick">{}{}</text>', 2, top + 10, _fmt(peak), unit),
    ]
    step = max(len(labels) // 8, 1)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(format_html('<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
                                     _n(left + plot_w * i / n), height - bottom + 16, label))
    for s_index, (name, points) in enumerate(series.items()):
        color = PALETTE[s_index % len(PALETTE)]
        coords = [
            f"{left + plot_w * i / n:.1f},{top + plot_h - plot_h * float(v) / peak:.1f}"
            for i, v in enumerate(points) if v is not None
        ]
        if coords:
            parts.append(format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"><title>{}</title></polyline>',
                color, " ".join(coords), name,
            ))
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                                 '<text x="{}" y="{}" class="legend">{}</text>',
                                 left + 10 + s_index * 150, height - 14, color, left + 26 + s_index * 150,
                                 height - 3, name))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def _n(value: float) -> str:
    return f"{value:.1f}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:,.1f}"


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in escape(title).lower())[:40]
