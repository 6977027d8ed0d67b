"""A measurement's values as people type or export them, checked one row at a time.

One value per metric and day: inside one batch or file, two values for the same
day are refused, because there is no telling which one was meant.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import ValidationError

from tandem.workspace import csv_import
from tandem.workspace import fields as f

FIELDS = ("measured_on", "value", "note")
NOTE_LIMIT = 200


class _NoteIn(f.Query):
    note: Annotated[str, f.chars(NOTE_LIMIT)]


@dataclass(frozen=True)
class MeasurementRow:
    measured_on: dt.date
    value: float
    note: str | None  # None keeps the note a replaced value had


def parse_value(raw: Any) -> float | None:
    """A number as people type or export it: ``3.4``, ``3,4``, ``12.5%``, ``1 200``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def parse_day(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        return None


def _day(raw: Any, complain: Callable[[str, str], None], today: dt.date) -> dt.date | None:
    day = parse_day(raw) if raw not in (None, "") else None
    if raw in (None, ""):
        complain("measured_on", "is required")
    elif day is None:
        complain("measured_on", f"{raw!s} is not a date like 2025-03-31")
    elif day > today:
        complain("measured_on", f"{day.isoformat()} is in the future")
    elif day < f.DATE_MIN:
        complain("measured_on", f"must be on or after {f.DATE_MIN.isoformat()}")
    else:
        return day
    return None


def _value(raw: Any, complain: Callable[[str, str], None]) -> float | None:
    value = parse_value(raw) if raw not in (None, "") else None
    if raw in (None, ""):
        complain("value", "is required")
    elif value is None:
        complain("value", f"{raw!s} is not a number")
    elif abs(value) > f.METRIC_MAX:
        complain("value", f"must be between -{f.METRIC_MAX:.0e} and {f.METRIC_MAX:.0e}")
    else:
        return value
    return None


def clean_row(
    values: Mapping[str, Any], complain: Callable[[str, str], None], *, today: dt.date
) -> MeasurementRow | None:
    """Check one measurement's values, naming each field that is wrong."""
    day = _day(values.get("measured_on"), complain, today)
    value = _value(values.get("value"), complain)
    note_ok, note = _note(values.get("note"), complain)
    if day is None or value is None or not note_ok:
        return None
    return MeasurementRow(measured_on=day, value=value, note=note or None)


def _note(raw: Any, complain: Callable[[str, str], None]) -> tuple[bool, str | None]:
    """Whether the note passes the text policy, and the note (None when none was given)."""
    if raw is None:
        return True, None
    try:
        return True, _NoteIn.model_validate({"note": str(raw)}).note
    except ValidationError as invalid:
        complain("note", str(invalid.errors()[0]["msg"]).removeprefix("Value error, "))
        return False, None


def refuse_repeated_days(
    rows: Sequence[tuple[str, MeasurementRow]], problems: csv_import.RowErrors | dict[str, str]
) -> None:
    seen: dict[dt.date, str] = {}
    for where, row in rows:
        if row.measured_on in seen:
            message = (
                f"{row.measured_on.isoformat()} also appears at {seen[row.measured_on]}; "
                "keep one value per day"
            )
            if isinstance(problems, dict):
                problems[f"{where}.measured_on"] = message
            else:
                problems.errors[f"{where}: measured_on"] = message
        else:
            seen[row.measured_on] = where
