"""CSV the product writes opens in a spreadsheet as text, never as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.workspace.csv_export import FORMULA_STARTS, safe_cell, write_csv


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")']
)
def test_a_cell_that_would_run_as_a_formula_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 2.5, Decimal("-1.50"), 0, True])
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_cell(value) == value


def test_the_file_reads_back_with_every_formula_neutralised() -> None:
    text = write_csv(["title", "=evil"], [["=cmd|' /C calc'!A0", -4], [None, "plain"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["title", "'=evil"], ["'=cmd|' /C calc'!A0", "-4"], ["", "plain"]]


@given(st.text())
def test_no_text_cell_ever_starts_like_a_formula(text: str) -> None:
    assert not str(safe_cell(text)).startswith(FORMULA_STARTS)
