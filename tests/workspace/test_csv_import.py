"""The shared CSV reading: mapping, per-line errors, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from tandem.workspace.csv_import import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    check_rows,
    read_csv,
    read_upload,
    resolve_mapping,
)
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


def test_a_quote_that_never_closes_is_refused_at_the_row_where_it_opens() -> None:
    truncated = 'day,value\n2026-01-01,1\n2026-01-02,"2\n2026-01-03,3\n2026-01-04,4\n'
    with pytest.raises(ValidationFailed) as failure:
        read_csv(truncated, filename="cut.csv")
    assert list(failure.value.errors) == ["line 3"]
    assert "never ends" in failure.value.errors["line 3"]
    assert "cut.csv" in failure.value.errors["line 3"]


def test_a_quoted_value_over_several_lines_is_still_one_value() -> None:
    table = read_csv('day,note\n2026-01-01,"two\nlines"\n2026-01-02,x\n')
    assert table.lines == ((3, ("2026-01-01", "two\nlines")), (4, ("2026-01-02", "x")))


def test_a_last_line_without_a_line_end_is_read() -> None:
    assert read_csv("day,value\n2026-01-01,1").lines == ((2, ("2026-01-01", "1")),)


def test_a_cell_over_128_kib_names_its_line_and_column() -> None:
    with pytest.raises(ValidationFailed) as failure:
        read_csv("day,note\n2026-01-01,ok\n2026-01-02," + "x" * (MAX_CELL_CHARS + 1) + "\n")
    assert failure.value.errors == {"line 3: note": "is longer than 131,072 characters"}


def test_a_cell_of_exactly_128_kib_is_read() -> None:
    table = read_csv("day,note\n2026-01-01," + "x" * MAX_CELL_CHARS + "\n")
    assert len(table.lines[0][1][1]) == MAX_CELL_CHARS


@pytest.mark.parametrize(
    "data", [b"x" * (MAX_BYTES + 1), "x" * (MAX_BYTES + 1), "é" * (MAX_BYTES // 2 + 1)]
)
def test_the_byte_cap_holds_for_bytes_and_for_decoded_text(data: bytes | str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        read_csv(data, filename="big.csv")
    assert "big.csv is larger than 5,120 KiB" in failure.value.errors["file"]


def test_an_upload_is_read_no_further_than_one_byte_past_the_cap() -> None:
    upload = io.BytesIO(b"a,b\n" + b"1,2\n" * (MAX_BYTES // 2))
    with pytest.raises(ValidationFailed):
        read_upload(upload, filename="big.csv")
    assert upload.tell() == MAX_BYTES + 1
