"""The roadmap timeline's scale: months, quarters or years, and where a dated plan sits in time.

A timeline spans whole units of its zoom (a quarter view starts on a quarter's first day)
and labels each unit once. Each unit is given at least the width its label needs, so labels
never overlap: a long span at a fine zoom scrolls inside its box rather than squeezing.
The zoom picked by default is the finest one whose units fit a laptop's timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Zoom(StrEnum):
    MONTHS = "months"
    QUARTERS = "quarters"
    YEARS = "years"


# How many units of a zoom a laptop's timeline (about 1000 px) shows without scrolling.
FITTING_UNITS = 14
# The least width of one unit, in rem: enough for its longest label ("Sep 2027", "Q3 2027").
UNIT_REM = {Zoom.MONTHS: 4.25, Zoom.QUARTERS: 4.25, Zoom.YEARS: 3.0}
DAYS_IN_MONTH = 30.44
_MONTHS_IN = {Zoom.MONTHS: 1, Zoom.QUARTERS: 3, Zoom.YEARS: 12}


@dataclass(frozen=True)
class Tick:
    day: dt.date  # the unit's first day
    label: str


@dataclass(frozen=True)
class Scale:
    zoom: Zoom
    starts_on: dt.date  # the first day shown
    ends_on: dt.date  # the day after the last day shown
    ticks: tuple[Tick, ...]

    @property
    def days(self) -> int:
        return max(1, (self.ends_on - self.starts_on).days)

    @property
    def min_width_rem(self) -> float:
        """The track's least width: every unit as wide as its label."""
        return len(self.ticks) * UNIT_REM[self.zoom]

    def at(self, day: dt.date) -> float:
        """Where a day falls, in percent of the track's width."""
        return round(100 * (day - self.starts_on).days / self.days, 2)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def unit_start(day: dt.date, zoom: Zoom) -> dt.date:
    size = _MONTHS_IN[zoom]
    return dt.date(day.year, (day.month - 1) // size * size + 1, 1)


def _units(first: dt.date, last: dt.date, zoom: Zoom) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return months // _MONTHS_IN[zoom] + 1


def fitting_zoom(first: dt.date, last: dt.date) -> Zoom:
    """The finest zoom whose units between two days fit a laptop's timeline."""
    for zoom in (Zoom.MONTHS, Zoom.QUARTERS):
        if _units(unit_start(first, zoom), last, zoom) <= FITTING_UNITS:
            return zoom
    return Zoom.YEARS


def _label(day: dt.date, zoom: Zoom, first: bool) -> str:
    if zoom is Zoom.YEARS:
        return str(day.year)
    if zoom is Zoom.QUARTERS:
        quarter = f"Q{(day.month - 1) // 3 + 1}"
        return f"{quarter} {day.year}" if first or day.month == 1 else quarter
    return day.strftime("%b %Y") if first or day.month == 1 else day.strftime("%b")


def scale(first: dt.date, last: dt.date, zoom: Zoom | None = None) -> Scale:
    """The whole units of ``zoom`` (the fitting one when None) that hold ``first``..``last``."""
    zoom = zoom or fitting_zoom(first, last)
    start = unit_start(first, zoom)
    ticks: list[Tick] = []
    day = start
    while day <= last:
        ticks.append(Tick(day, _label(day, zoom, not ticks)))
        day = add_months(day, _MONTHS_IN[zoom])
    return Scale(zoom, start, day, tuple(ticks))


def horizon_of(
    starts_on: dt.date | None, ends_on: dt.date | None, today: dt.date, next_within_months: int
) -> str | None:
    """Now, next or later from an initiative's dates; None when its dates cannot say.

    Now: running today. Next: starts within ``next_within_months``. Later: starts after that.
    An undated initiative, or one that has ended, keeps the horizon someone gave it.
    """
    if starts_on is None or ends_on is None or ends_on < today:
        return None
    if starts_on <= today:
        return "now"
    horizon_end = today + dt.timedelta(days=round(DAYS_IN_MONTH * next_within_months))
    return "next" if starts_on <= horizon_end else "later"
