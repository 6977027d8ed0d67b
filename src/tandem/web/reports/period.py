"""What a report covers: its period and its sections, read from a query string."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from tandem.workspace.errors import ValidationFailed

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366 + 1  # three years: the charts stay legible, the queries small
EARLIEST = dt.date(2000, 1, 1)

SECTIONS: tuple[tuple[str, str], ...] = (
    ("outcomes", "Outcome metrics"),
    ("okrs", "Objectives and key results"),
    ("releases", "Releases and forecasts"),
    ("roadmap", "Roadmap changes"),
    ("costs", "Costs, budget and return"),
    ("decisions", "Decisions made"),
    ("risks", "Risks"),
    ("gtm", "Go-to-market"),
)
SECTION_NAMES = tuple(name for name, _ in SECTIONS)


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


def _date(name: str, raw: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed({name: f"{raw[:40]!r} is not a date like 2026-03-31"}) from None
    if day < EARLIEST or day.year > 2100:
        raise ValidationFailed({name: "must be between 2000-01-01 and 2100-12-31"})
    return day


def period_from(start: str | None, end: str | None, *, today: dt.date | None = None) -> Period:
    """The period from ``start`` to ``end`` (ISO dates, both included); by default the last
    90 days. A bad or reversed date is a 422 naming the field."""
    today = today or timezone.localdate()
    until = _date("end", end) if end else today
    since = _date("start", start) if start else until - dt.timedelta(days=DEFAULT_DAYS)
    if since > until:
        raise ValidationFailed({"start": "must not be after end"})
    if (until - since).days >= MAX_DAYS:
        raise ValidationFailed({"end": "a report covers at most three years"})
    return Period(since, until)


def sections_from(values: Iterable[str]) -> tuple[str, ...]:
    """The sections asked for (repeated or comma-separated), in report order; none is all."""
    asked = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(asked - set(SECTION_NAMES))
    if unknown:
        raise ValidationFailed(
            {"sections": f"unknown section {unknown[0]!r}; one of {', '.join(SECTION_NAMES)}"}
        )
    return tuple(name for name in SECTION_NAMES if name in asked) or SECTION_NAMES
