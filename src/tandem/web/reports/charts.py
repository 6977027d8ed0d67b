"""Server-side SVG charts: the same markup in the page, the print and the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 220
BAR_AREA = 360
ROW = 22


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def _legend(series: Sequence[Series], y: int) -> str:
    parts = []
    x = LABEL_WIDTH
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="11">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    return "".join(parts)


def bar_chart(
    *,
    title: str,
    unit: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[Series],
    maximum: float | None = None,
) -> SafeString:
    """Horizontal grouped bars, one group per row, with a title, a legend and values."""
    if not rows:
        return mark_safe("")
    top = maximum or max((v for _, values in rows for v in values), default=0) or 1
    per_group = ROW * len(series) + 8
    height = 40 + per_group * len(rows) + 24
    width = LABEL_WIDTH + BAR_AREA + 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        f"<title>{escape(title)} ({escape(unit)})</title>",
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<text x="{width - 4}" y="14" font-size="11" text-anchor="end" fill="#555">'
        f"{escape(unit)}</text>",
    ]
    y = 30
    for label, values in rows:
        out.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + per_group / 2}" font-size="11" '
            f'text-anchor="end">{escape(label[:34])}</text>'
        )
        for index, value in enumerate(values):
            bar = max(0.0, min(1.0, value / top)) * BAR_AREA
            by = y + index * ROW
            out.append(
                f'<rect x="{LABEL_WIDTH}" y="{by}" width="{bar:.1f}" height="{ROW - 6}" '
                f'fill="{series[index].colour}"/>'
                f'<text x="{LABEL_WIDTH + bar + 4:.1f}" y="{by + ROW - 10}" font-size="10">'
                f"{value:,.0f}</text>"
            )
        y += per_group
    out.append(_legend(series, y + 6))
    out.append("</svg>")
    return mark_safe("".join(out))


def sparkline(
    *,
    title: str,
    points: Sequence[tuple[dt.date, float]],
    since: dt.date,
    until: dt.date,
    target: float | None = None,
    markers: Sequence[tuple[dt.date, str]] = (),
    width: int = 200,
    height: int = 46,
) -> SafeString:
    """A small trend line over the period with the target (dashed) and release markers.

    Time runs left to right across the whole period, so lines of different metrics
    line up; a marker is a thin vertical line with the release's version above it.
    """
    top_pad, bottom_pad = 11, 3
    span = max(1, (until - since).days)
    values = [v for _, v in points] + ([target] if target is not None else [])
    if not values:
        return mark_safe("")
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.08
    low, high = low - margin, high + margin

    def x(day: dt.date) -> float:
        return 2 + (width - 6) * max(0, min(span, (day - since).days)) / span

    def y(value: float) -> float:
        return top_pad + (height - top_pad - bottom_pad) * (high - value) / (high - low)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="Helvetica, Arial, sans-serif"><title>{escape(title)}</title>',
        f'<line x1="0" y1="{height - 1}" x2="{width}" y2="{height - 1}" stroke="#dee2e6"/>',
    ]
    for day, label in markers:
        mx = x(day)
        out.append(
            f'<line x1="{mx:.1f}" y1="9" x2="{mx:.1f}" y2="{height - 1}" stroke="#6f42c1" '
            f'stroke-width="0.8"/><text x="{mx:.1f}" y="7" font-size="7" fill="#6f42c1" '
            f'text-anchor="middle">{escape(label[:10])}</text>'
        )
    if target is not None:
        out.append(
            f'<line x1="0" y1="{y(target):.1f}" x2="{width}" y2="{y(target):.1f}" '
            f'stroke="#198754" stroke-width="1" stroke-dasharray="3 2"/>'
        )
    if points:
        path = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in points)
        last_day, last_value = points[-1]
        out.append(
            f'<polyline points="{path}" fill="none" stroke="#0d6efd" stroke-width="1.5" '
            f'stroke-linejoin="round"/><circle cx="{x(last_day):.1f}" cy="{y(last_value):.1f}" '
            f'r="2.2" fill="#0d6efd"/>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))
