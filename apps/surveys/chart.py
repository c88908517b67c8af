"""A server-drawn SVG line chart of IKM per period (no JavaScript library)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from apps.surveys.ikm import GRADES

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 24, 40
LOW, HIGH = Decimal(25), Decimal(100)


def _y(value: Decimal) -> float:
    span = float(HIGH - LOW)
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value - LOW) / span)


def trend_svg(points: list[tuple[str, Decimal | None]], title: str) -> str:
    """``points`` are (label, IKM value or None) oldest first."""
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / max(len(points) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    for grade in GRADES:  # grade boundaries as dashed lines
        y = _y(grade.lower)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" '
            f'stroke-dasharray="4 4"/><text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#505a5f">{grade.lower}</text>'
            f'<text x="{WIDTH - RIGHT + 8}" y="{y - 3:.1f}" font-size="12" text-anchor="start" '
            f'fill="#505a5f">{grade.letter} ≥</text>'
        )
    coords: list[tuple[float, float, Decimal]] = []
    for i, (label, value) in enumerate(points):
        x = LEFT + step * i if len(points) > 1 else LEFT + plot_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 14}" font-size="12" text-anchor="middle" '
            f'fill="#1b1b1b">{escape(label)}</text>'
        )
        if value is not None:
            coords.append((x, _y(value), value))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b5394" stroke-width="3"/>')
    for x, y, value in coords:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0b5394"/>'
            f'<text x="{x:.1f}" y="{y - 10:.1f}" font-size="13" font-weight="700" text-anchor="middle" '
            f'fill="#073763">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
