"""Prioritization scores: RICE, WSJF, value/effort and the 2x2 quadrant.

Every input is optional because teams fill in only the framework they use; a
score whose inputs are incomplete is ``None`` ("unknown") rather than zero, so
an unscored item is never mistaken for a worthless one when sorting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

QUADRANT_MIDPOINT = 5

VALUE_EFFORT_RANGE = (1, 10)
CONFIDENCE_RANGE = (0, 100)
WSJF_PART_RANGE = (1, 21)
IMPACT_LEVELS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0)


class MoSCoW(StrEnum):
    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"
    BIG_BET = "big_bet"
    FILL_IN = "fill_in"
    TIME_SINK = "time_sink"

    @property
    def label(self) -> str:
        """Give the name people say out loud in planning, not the stored code."""
        return _QUADRANT_LABELS[self]


_QUADRANT_LABELS = {
    Quadrant.QUICK_WIN: "Quick win",
    Quadrant.BIG_BET: "Big bet",
    Quadrant.FILL_IN: "Fill-in",
    Quadrant.TIME_SINK: "Time sink",
}


@dataclass(frozen=True)
class PriorityInputs:
    value: int | None = None
    effort: int | None = None
    reach: int | None = None
    impact: float | None = None
    confidence: int | None = None
    rice_effort: float | None = None
    business_value: int | None = None
    time_criticality: int | None = None
    risk_reduction: int | None = None
    job_size: int | None = None
    moscow: MoSCoW | None = None


@dataclass(frozen=True)
class PriorityScores:
    rice: float | None
    wsjf: float | None
    value_effort: float | None
    quadrant: Quadrant | None


def _divisible(*parts: float | None) -> tuple[float, ...] | None:
    """A score's parts when every one is known and the last, which it divides by, is positive."""
    known = tuple(part for part in parts if part is not None)
    if len(known) < len(parts) or known[-1] <= 0:
        return None
    return known


def rice_score(inputs: PriorityInputs) -> float | None:
    """Rank by expected impact per person-month (Intercom's RICE).

    Confidence discounts optimistic guesses; dividing by effort favours cheap
    wins.  Unknown when any part is missing or effort is not positive.
    """
    parts = _divisible(inputs.reach, inputs.impact, inputs.confidence, inputs.rice_effort)
    if parts is None:
        return None
    reach, impact, confidence, effort = parts
    return reach * impact * (confidence / 100) / effort


def wsjf_score(inputs: PriorityInputs) -> float | None:
    """Rank by cost of delay per unit of job size (SAFe's WSJF).

    Doing short, urgent, valuable jobs first minimises the total cost of delay.
    Unknown when any part is missing or the job size is not positive.
    """
    parts = _divisible(
        inputs.business_value, inputs.time_criticality, inputs.risk_reduction, inputs.job_size
    )
    if parts is None:
        return None
    value, urgency, risk, job_size = parts
    return (value + urgency + risk) / job_size


def value_effort_ratio(inputs: PriorityInputs) -> float | None:
    """Give the simplest "bang for the buck" score for teams without RICE data."""
    parts = _divisible(inputs.value, inputs.effort)
    if parts is None:
        return None
    value, effort = parts
    return value / effort


def quadrant(value: int, effort: int) -> Quadrant:
    """Place an item on the value/effort 2x2 so the board can group it visually.

    Scores above the midpoint count as high; a score of exactly the midpoint is
    low, so "average" work is never flattered into a quick win or a big bet.
    """
    high_value = value > QUADRANT_MIDPOINT
    high_effort = effort > QUADRANT_MIDPOINT
    if high_value:
        return Quadrant.BIG_BET if high_effort else Quadrant.QUICK_WIN
    return Quadrant.TIME_SINK if high_effort else Quadrant.FILL_IN


def score(inputs: PriorityInputs) -> PriorityScores:
    """Compute every score at once so views and sorting share one source of truth."""
    known_quadrant = (
        quadrant(inputs.value, inputs.effort)
        if inputs.value is not None and inputs.effort is not None
        else None
    )
    return PriorityScores(
        rice=rice_score(inputs),
        wsjf=wsjf_score(inputs),
        value_effort=value_effort_ratio(inputs),
        quadrant=known_quadrant,
    )


def validate_priority_inputs(inputs: PriorityInputs) -> dict[str, str]:
    """Report out-of-range inputs per field, so a form can show each next to its box.

    Unknown (``None``) values are always fine; only values that would make a
    score meaningless are reported.  Empty when everything is acceptable.
    """
    checks = (
        _check_range("value", inputs.value, VALUE_EFFORT_RANGE),
        _check_range("effort", inputs.effort, VALUE_EFFORT_RANGE),
        _check_reach(inputs.reach),
        _check_impact(inputs.impact),
        _check_range("confidence", inputs.confidence, CONFIDENCE_RANGE),
        _check_rice_effort(inputs.rice_effort),
        _check_range("business_value", inputs.business_value, WSJF_PART_RANGE),
        _check_range("time_criticality", inputs.time_criticality, WSJF_PART_RANGE),
        _check_range("risk_reduction", inputs.risk_reduction, WSJF_PART_RANGE),
        _check_range("job_size", inputs.job_size, WSJF_PART_RANGE),
    )
    return dict(problem for problem in checks if problem is not None)


def _check_range(
    field: str, number: float | None, bounds: tuple[int, int]
) -> tuple[str, str] | None:
    low, high = bounds
    if number is None or low <= number <= high:
        return None
    return field, f"Must be between {low} and {high}."


def _check_reach(reach: int | None) -> tuple[str, str] | None:
    if reach is None or reach >= 0:
        return None
    return "reach", "Must not be negative."


def _check_impact(impact: float | None) -> tuple[str, str] | None:
    if impact is None or any(math.isclose(impact, level) for level in IMPACT_LEVELS):
        return None
    levels = ", ".join(f"{level:g}" for level in IMPACT_LEVELS)
    return "impact", f"Must be one of {levels}."


def _check_rice_effort(effort: float | None) -> tuple[str, str] | None:
    if effort is None or (math.isfinite(effort) and effort > 0):
        return None
    return "rice_effort", "Must be more than 0 person-months."
