"""Server-side SVG charts: the same markup in the page, the print and the PDF."""

from __future__ import annotations

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
