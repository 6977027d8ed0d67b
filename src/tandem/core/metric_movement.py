"""How a metric moved and how far it still is from its target, in its own direction.

"Up 3" is good news for conversion and bad news for churn: every judgement here
reads the metric's direction, so a page can say *better* or *worse* in words
and never leave the reader to decode a colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    FLAT = "flat"
    FIRST = "first"  # only one measurement: nothing to compare with


@dataclass(frozen=True)
class Movement:
    """The latest value against the one before it and against the target.

    ``change`` is latest − previous (``None`` for a first measurement);
    ``to_target`` is how much further the value must go in the good direction
    to reach the target, ``0`` once it is met, ``None`` without a target.
    """

    latest: float
    previous: float | None
    change: float | None
    trend: Trend
    target: float | None
    to_target: float | None

    @property
    def target_met(self) -> bool | None:
        return None if self.to_target is None else self.to_target == 0


def movement(
    *, latest: float, previous: float | None, target: float | None, up_is_good: bool
) -> Movement:
    """Judge the last move and the remaining distance of a metric whose good way is known."""
    sign = 1 if up_is_good else -1
    change = None if previous is None else latest - previous
    if change is None:
        trend = Trend.FIRST
    elif change == 0:
        trend = Trend.FLAT
    else:
        trend = Trend.BETTER if sign * change > 0 else Trend.WORSE
    to_target = None if target is None else max(0.0, sign * (target - latest))
    return Movement(
        latest=latest,
        previous=previous,
        change=change,
        trend=trend,
        target=target,
        to_target=to_target,
    )
