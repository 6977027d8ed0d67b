"""Numbers as people read them on a metric page: 3.4%, 12.5k EUR, +0.3 better."""

from __future__ import annotations

from typing import Any

from django import template

from tandem.core.metric_movement import Movement, Trend

register = template.Library()


def _compact(number: float) -> str:
    size = abs(number)
    if size >= 1_000_000:
        text = f"{number / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif size >= 10_000:
        text = f"{number / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    elif size >= 100:
        text = f"{number:,.0f}"
    elif size >= 1:
        text = f"{number:.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:.3f}".rstrip("0").rstrip(".") or "0"
    return "0" if text in ("-0", "") else text


@register.filter
def measure(value: float | None, unit: str = "") -> str:
    """A value with its unit: ``3.4%``, ``12.5k EUR``, or a dash when there is none."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–"  # also a missing measurement, which a template reads as ""
    text = _compact(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


@register.filter
def signed(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + measure(abs(value), unit)


_WORDS = {
    Trend.BETTER: ("▲", "better", "text-success"),
    Trend.WORSE: ("▼", "worse", "text-danger"),
    Trend.FLAT: ("■", "no change", "text-body-secondary"),
    Trend.FIRST: ("", "first value", "text-body-secondary"),
}


@register.inclusion_tag("metrics/_movement.html")
def movement_text(moved: Movement | None, unit: str = "") -> dict[str, object]:
    """The last move in an arrow, a signed amount and a word; colour only repeats the word."""
    if moved is None:
        return {"empty": True}
    arrow, word, tone = _WORDS[moved.trend]
    if moved.change is not None and moved.change != 0:
        arrow = "▲" if moved.change > 0 else "▼"
    return {
        "arrow": arrow,
        "change": signed(moved.change, unit) if moved.trend is not Trend.FIRST else "",
        "word": word,
        "tone": tone,
    }


@register.simple_tag
def to_target(moved: Movement | None, unit: str = "") -> str:
    if moved is None or moved.to_target is None:
        return "no target"
    if moved.target_met:
        return "target met"
    return f"{measure(moved.to_target, unit)} to go"


@register.filter
def percent(share: float | None, digits: int = 2) -> str:
    """A share (0.25) as people read it: 25.00%."""
    if share is None:
        return "–"
    return f"{100 * share:.{digits}f}%"


@register.filter
def signed_percent(share: float | None) -> str:
    """A relative change (0.12) as +12.0%, or a dash when there is none."""
    if share is None:
        return "–"
    return f"{100 * share:+.1f}%".replace("-", "−")


@register.filter
def signed_points(share: float | None) -> str:
    """A difference of two rates (0.07) in percentage points: +7.0."""
    if share is None:
        return "–"
    return f"{100 * share:+.1f}".replace("-", "−")


@register.filter
def p_value(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


@register.filter
def thousands(number: int | None) -> str:
    return "–" if number is None else f"{number:,}"


@register.simple_tag
def proposed_changes(row: Any) -> list[tuple[str, str, str]]:
    """(field, value now, proposed value) for each field a proposal would change."""
    metric = row.metric
    unit = metric.unit if metric is not None else ""
    words = {"up": "up is good", "down": "down is good"}
    rows = []
    for field, value in row.changes.items():
        now = getattr(metric, field, None)
        if field == "target":
            rows.append((field, measure(now, unit), measure(value, unit)))
        elif field == "direction":
            rows.append((field, words.get(str(now), str(now)), words.get(str(value), str(value))))
        else:
            rows.append((field, str(now or "–"), str(value or "–")))
    return rows


@register.filter
def p_text(p: float) -> str:
    """``p = 0.402`` or ``p < 0.001``."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
