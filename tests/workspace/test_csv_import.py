"""The shared CSV reading: mapping, per-line errors, all or nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tandem.workspace.csv_import import check_rows, read_csv, resolve_mapping
from tandem.workspace.errors import ValidationFailed


def _number(values: dict[str, str], complain: Callable[[str, str], None]) -> float | None:
    try:
        return float(values["value"])
    except ValueError:
        complain("value", f"{values['value']!r} is not a number")
        return None


def test_rows_are_read_with_their_line_numbers_and_a_semicolon_delimiter() -> None:
    table = read_csv(b"day;value\n2026-01-01;3\n\n2026-01-02;4\n")
    assert table.header == ("day", "value")
    assert [number for number, _ in table.lines] == [2, 4]


def test_columns_named_like_fields_map_themselves_and_a_mapping_wins() -> None:
    table = read_csv("Day,Amount\n2026-01-01,3\n")
    columns = resolve_mapping(
        table, {"value": "amount"}, required=["day", "value"], known=["day", "value"]
    )
    assert columns == {"day": 0, "value": 1}


def test_a_missing_required_column_names_the_field() -> None:
    table = read_csv("day\n2026-01-01\n")
    with pytest.raises(ValidationFailed) as failure:
        resolve_mapping(table, {}, required=["value"], known=["day", "value"])
    assert failure.value.errors == {"mapping.value": "is required: choose the column that holds it"}


def test_every_bad_line_is_reported_and_no_rows_come_back() -> None:
    table = read_csv("value\n1\nx\n2\ny\n")
    with pytest.raises(ValidationFailed) as failure:
        check_rows(table, {"value": 0}, _number, filename="m.csv")
    assert failure.value.errors == {
        "line 3: value": "'x' is not a number",
        "line 5: value": "'y' is not a number",
    }
    assert "nothing was imported" in failure.value.detail


def test_clean_rows_come_back_in_file_order() -> None:
    assert check_rows(read_csv("value\n1\n2.5\n"), {"value": 0}, _number) == [1.0, 2.5]


def test_text_that_is_not_utf8_is_refused_with_the_file_named() -> None:
    with pytest.raises(ValidationFailed) as failure:
        read_csv(b"value\n\xff\n", filename="m.csv")
    assert "m.csv is not UTF-8" in failure.value.errors["file"]
