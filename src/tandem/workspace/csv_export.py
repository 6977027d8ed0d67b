"""Writing CSV that a spreadsheet opens as text, never as a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula by Excel, LibreOffice and Google Sheets (CSV injection: ``=HYPERLINK(…)``
or ``=cmd|…``). Every CSV the product writes goes through :func:`write_csv`, which
prefixes such a cell with ``'`` as OWASP advises; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: a formula-looking text gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int
        return value  # -3 is a number, not a formula
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The file's text: a header line, then one line per row, every text cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
