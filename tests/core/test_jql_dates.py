from datetime import UTC, datetime, timedelta

import pytest

from tandem.core.jql import Clause, JqlError, Value, resolve_date
from tandem.core.jql import parse as parse_jql

# A Wednesday afternoon.
NOW = datetime(2026, 3, 11, 15, 30, tzinfo=UTC)
END = timedelta(microseconds=1)


def value_of(text: str) -> Value:
    where = parse_jql(f"created = {text}").where
    assert isinstance(where, Clause)
    assert not isinstance(where.value, tuple)
    return where.value  # type: ignore[return-value]


def resolved(text: str, **options: int) -> datetime:
    return resolve_date(value_of(text), now=NOW, **options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-7d", datetime(2026, 3, 4, 15, 30, tzinfo=UTC)),
        ("-2w", datetime(2026, 2, 25, 15, 30, tzinfo=UTC)),
        ("4h", datetime(2026, 3, 11, 19, 30, tzinfo=UTC)),
        ("-1w2d", datetime(2026, 3, 2, 15, 30, tzinfo=UTC)),
        ("-1M", datetime(2026, 2, 11, 15, 30, tzinfo=UTC)),
        ("-30m", datetime(2026, 3, 11, 15, 0, tzinfo=UTC)),
        ('"-1w 2d"', datetime(2026, 3, 2, 15, 30, tzinfo=UTC)),
        ('"2026-03-01"', datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ('"2026/03/01 10:00"', datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        ("now()", NOW),
        ("startOfDay()", datetime(2026, 3, 11, tzinfo=UTC)),
        ("startOfDay(-1)", datetime(2026, 3, 10, tzinfo=UTC)),
        ("endOfDay()", datetime(2026, 3, 12, tzinfo=UTC) - END),
        ("startOfWeek()", datetime(2026, 3, 9, tzinfo=UTC)),
        ("startOfWeek(-1)", datetime(2026, 3, 2, tzinfo=UTC)),
        ("endOfWeek()", datetime(2026, 3, 16, tzinfo=UTC) - END),
        ("startOfMonth()", datetime(2026, 3, 1, tzinfo=UTC)),
        ('startOfMonth("+14d")', datetime(2026, 3, 15, tzinfo=UTC)),
        ("endOfMonth()", datetime(2026, 4, 1, tzinfo=UTC) - END),
        ("endOfMonth(-1)", datetime(2026, 3, 1, tzinfo=UTC) - END),
        ("startOfYear()", datetime(2026, 1, 1, tzinfo=UTC)),
        ("endOfYear(+1)", datetime(2028, 1, 1, tzinfo=UTC) - END),
    ],
)
def test_dates_resolve_against_the_given_now(text: str, expected: datetime) -> None:
    assert resolved(text) == expected


def test_weeks_may_start_on_sunday() -> None:
    assert resolved("startOfWeek()", week_start=6) == datetime(2026, 3, 8, tzinfo=UTC)


def test_month_offsets_keep_the_day_where_the_month_has_it() -> None:
    end_of_march = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    assert resolve_date(value_of("-1M"), now=end_of_march) == datetime(2026, 2, 28, 12, tzinfo=UTC)


def test_resolved_dates_keep_the_time_zone_of_now() -> None:
    naive_now = datetime(2026, 3, 11, 15, 30)
    assert resolve_date(value_of("startOfDay()"), now=naive_now).tzinfo is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday", "Cannot read 'yesterday' as a date"),
        ('"2026-02-30"', "Cannot read '2026-02-30' as a date"),
        ("currentUser()", "currentUser() is not a date"),
        ("5", "Cannot read 5 as a date"),
        ("EMPTY", "EMPTY is not a date"),
    ],
)
def test_values_that_are_not_dates_are_errors_at_their_place(text: str, message: str) -> None:
    with pytest.raises(JqlError) as caught:
        resolved(text)
    assert message in caught.value.message
    assert caught.value.column == len("created = ") + 1


def test_an_offset_too_far_away_is_an_error_not_an_overflow() -> None:
    with pytest.raises(JqlError, match="out of range"):
        resolved("-999999y")
