"""Dates in a query, resolved against a ``now`` the caller passes in.

``created >= -7d``, ``updated < startOfWeek(-1)``, ``due <= endOfMonth()``,
``created > "2026-03-01"`` and ``created > "2026/03/01 10:00"`` all become
datetimes in ``now``'s time zone. Nothing here reads the clock.

Units: ``y`` years, ``M`` months, ``w`` weeks, ``d`` days, ``h`` hours, ``m``
minutes. A function's offset without a unit counts in the function's own period
(``startOfWeek(-1)`` is the start of last week); an offset in the function's own
unit moves the period before taking its start or end (``endOfMonth(-1M)`` is the
last moment of last month, whatever its length); any other unit is added to the
start or end (``startOfMonth("+14d")`` is the 15th of this month). Weeks start on
Monday unless ``week_start`` says otherwise (0 = Monday … 6 = Sunday).
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta

from .ast import (
    DateUnit,
    EmptyValue,
    FunctionCall,
    NumberValue,
    RelativeDate,
    StringValue,
    Value,
)
from .errors import JqlError, error_at
from .functions import FUNCTIONS, INCREMENT, Returns

_ABSOLUTE = re.compile(
    r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*"
)
_RELATIVE_TEXT = re.compile(r"\s*([+-]?)\s*((?:\d{1,6}\s*[yMwdhmYWDH]\s*)+)")
_RELATIVE_TEXT_PART = re.compile(r"(\d+)\s*([yMwdhmYWDH])")
_LAST_MICROSECOND = timedelta(microseconds=1)
_PERIODS = {
    "day": DateUnit.DAY,
    "week": DateUnit.WEEK,
    "month": DateUnit.MONTH,
    "year": DateUnit.YEAR,
}
_FORMS = 'a date like 2026-03-01 or "2026/03/01 10:00", an offset like -7d, or a date function'


def resolve_date(value: Value, *, now: datetime, week_start: int = 0) -> datetime:
    """The moment a date value stands for; a :class:`JqlError` when it is not a date."""
    match value:
        case RelativeDate(sign=sign, parts=parts):
            moment = now
            for part in parts:
                moment = shift(moment, sign * part.amount, part.unit)
            return moment
        case StringValue(text=text):
            resolved = date_from_text(text, now=now)
            if resolved is None:
                raise error_at(f"Cannot read '{text}' as a date; write {_FORMS}", value.span)
            return resolved
        case FunctionCall():
            return _resolve_function(value, now=now, week_start=week_start)
        case NumberValue(value=number):
            raise error_at(f"Cannot read {number} as a date; write {_FORMS}", value.span)
        case EmptyValue():
            message = "EMPTY is not a date; write IS EMPTY to find items without one"
            raise error_at(message, value.span)


def date_from_text(text: str, *, now: datetime) -> datetime | None:
    """A quoted date or offset (``"2026-03-01"``, ``"2026/03/01 10:00"``, ``"-1w 2d"``), or None."""
    absolute = _ABSOLUTE.fullmatch(text)
    if absolute is not None:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in absolute.groups())
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=now.tzinfo)
        except ValueError:
            return None
    relative = _RELATIVE_TEXT.fullmatch(text)
    if relative is None:
        return None
    sign = -1 if relative.group(1) == "-" else 1
    moment = now
    for amount, letter in _RELATIVE_TEXT_PART.findall(relative.group(2)):
        moment = shift(moment, sign * int(amount), _unit(letter))
    return moment


def shift(moment: datetime, amount: int, unit: DateUnit) -> datetime:
    """``moment`` moved by ``amount`` units; months and years keep the day where it exists."""
    try:
        if unit is DateUnit.YEAR:
            return _add_months(moment, 12 * amount)
        if unit is DateUnit.MONTH:
            return _add_months(moment, amount)
        return (
            moment
            + {
                DateUnit.WEEK: timedelta(weeks=amount),
                DateUnit.DAY: timedelta(days=amount),
                DateUnit.HOUR: timedelta(hours=amount),
                DateUnit.MINUTE: timedelta(minutes=amount),
            }[unit]
        )
    except OverflowError:
        raise JqlError(f"{amount}{unit.value} moves the date out of range") from None


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _unit(letter: str) -> DateUnit:
    return DateUnit(letter if letter in ("M", "m") else letter.lower())


def _resolve_function(call: FunctionCall, *, now: datetime, week_start: int) -> datetime:
    spec = FUNCTIONS.get(call.name.lower())
    if spec is None or spec.returns is not Returns.DATE:
        raise error_at(f"{call.name}() is not a date", call.span)
    if spec.name == "now":
        return now
    edge = "start" if spec.name.startswith("start") else "end"
    period = _PERIODS[spec.name.removeprefix(f"{edge}Of").lower()]
    amount, unit = _increment(call, period)
    if unit is period:
        anchor = _start_of(shift(now, amount, unit), period, week_start)
        return anchor if edge == "start" else _end_of(anchor, period)
    anchor = _start_of(now, period, week_start)
    edge_moment = anchor if edge == "start" else _end_of(anchor, period)
    return shift(edge_moment, amount, unit)


def _increment(call: FunctionCall, period: DateUnit) -> tuple[int, DateUnit]:
    if not call.args:
        return 0, period
    match = INCREMENT.fullmatch(call.args[0])
    if match is None:
        raise error_at(f'{call.name}() takes an offset like -1, +2w or "-7d"', call.span)
    sign, amount, letter = match.groups()
    return (-1 if sign == "-" else 1) * int(amount), _unit(letter) if letter else period


def _start_of(moment: datetime, period: DateUnit, week_start: int) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period is DateUnit.WEEK:
        return day - timedelta(days=(day.weekday() - week_start) % 7)
    if period is DateUnit.MONTH:
        return day.replace(day=1)
    if period is DateUnit.YEAR:
        return day.replace(month=1, day=1)
    return day


def _end_of(start: datetime, period: DateUnit) -> datetime:
    return shift(start, 1, period) - _LAST_MICROSECOND
