"""Key-result arithmetic: pure functions, no database."""

from __future__ import annotations

import datetime as dt

AT_RISK_MARGIN = 20  # percentage points behind the calendar


def key_result_percent(baseline: float, target: float, current: float | None) -> int | None:
    """How far ``current`` has moved from ``baseline`` towards ``target``, 0–100.

    Works for targets below the baseline too (churn down from 8% to 5%).
    """
    if current is None:
        return None
    if target == baseline:
        return 100 if current == target else 0
    share = (current - baseline) / (target - baseline)
    return max(0, min(100, round(100 * share)))


def expected_percent(starts_on: dt.date | None, ends_on: dt.date | None, today: dt.date) -> int:
    """Where progress should be if it moved evenly through the time frame."""
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        return 0
    if today <= starts_on:
        return 0
    if today >= ends_on:
        return 100
    return round(100 * (today - starts_on).days / (ends_on - starts_on).days)


def is_at_risk(percent: int | None, expected: int) -> bool:
    """Behind the calendar by more than the margin (no reading at all counts as 0)."""
    return (percent or 0) < expected - AT_RISK_MARGIN
