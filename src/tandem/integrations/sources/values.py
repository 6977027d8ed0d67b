"""Reading loose values (dates, numbers, text) the way every source writes them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from tandem.core.jql.fields import status_for

from .base import ImportedPerson

_loads: Callable[[bytes | str], Any]
try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - depends on the installation
    from json import loads as _loads

# Jira's default CSV date format, "12/Mar/24 3:04 PM", read without strptime (10x faster).
_JIRA_CSV_DATE = re.compile(
    r"(\d{1,2})/([A-Za-z]{3})/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
DEFAULT_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
)


def iso_datetime(value: Any) -> datetime:
    """An ISO 8601 timestamp as APIs send it (``2016-04-11T07:29:03.294-0700``, ``…Z``).

    A time without a zone is taken as UTC. Raises ValueError for anything else.
    """
    if not isinstance(value, str):
        raise ValueError(f"expected a date and time, got {type(value).__name__}")
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def iso_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__}")
    return date.fromisoformat(value[:10])


def loose_datetime(
    text: str, *, formats: Sequence[str] = DEFAULT_DATE_FORMATS, zone: tzinfo = UTC
) -> datetime:
    """A date as people's exports write it: Jira's "12/Mar/24 3:04 PM", ISO, or ``formats``.

    Times without a zone are in ``zone``. Raises ValueError when nothing fits.
    """
    text = text.strip()
    jira = _JIRA_CSV_DATE.fullmatch(text)
    if jira is not None:
        try:
            return _jira_date(jira, zone)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a date ({error})") from None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    for pattern in formats:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    raise ValueError(
        f"{text!r} is not a date this reader knows (e.g. 12/Mar/24 3:04 PM, 2024-03-12)"
    )


def _jira_date(match: re.Match[str], zone: tzinfo) -> datetime:
    day, month_name, year, hour, minute, second, half = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(f"{month_name!r} is not a month")
    hours = int(hour or 0)
    if half:
        if not 1 <= hours <= 12:
            raise ValueError(f"{hours} is not an hour on a 12-hour clock")
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    return datetime(
        full_year, month, int(day), hours, int(minute or 0), int(second or 0), tzinfo=zone
    )


def number(value: Any) -> float | None:
    """Story points: a number, or text that reads as one ("3", "0.5", "2,5"); None if blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(result) or result < 0:
        raise ValueError(f"{value!r} is not a number of points (zero or more)")
    return result


class JsonProblem(ValueError):
    """The file is not JSON; the message says where it breaks."""


def load_json(data: bytes | str) -> Any:
    """Parse JSON with orjson when installed (twice as fast on large exports), else the
    standard module. Every failure, including nesting too deep to parse, is a JsonProblem."""
    try:
        return _loads(data)
    except (ValueError, RecursionError) as error:
        raise JsonProblem(f"is not valid JSON: {error}") from None


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (for loosely shaped input)."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


_NAME_AND_EMAIL = re.compile(r"\s*(.*?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*")
_CATEGORY_OF_STATUS = {
    "new": "new",
    "ready": "new",
    "in_progress": "indeterminate",
    "done": "done",
    "accepted": "done",
}


def category_for(status_name: str) -> str:
    """A status category guessed from a list or status name ("Doing" → indeterminate), or ""."""
    status = status_for(status_name)
    return _CATEGORY_OF_STATUS.get(status, "") if status else ""


def person_from_text(cell: str) -> ImportedPerson | None:
    """A person from a cell: "Ann Lee <ann@example.com>", "ann@example.com" or "Ann Lee"."""
    cell = cell.strip()
    if not cell:
        return None
    both = _NAME_AND_EMAIL.fullmatch(cell)
    if both is not None:
        return ImportedPerson(name=both.group(1).strip("\"'"), email=both.group(2))
    if "@" in cell and " " not in cell:
        return ImportedPerson(email=cell)
    return ImportedPerson(name=cell)
