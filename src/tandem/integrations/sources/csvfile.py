"""Reading a CSV file into numbered rows, with every way it can be broken named as a problem.

The delimiter is taken from the header line (comma, semicolon, tab or bar,
whichever it holds most). Rows keep the line they start on, so a problem
points where an editor would. A quoted cell that never closes, a cell over the
size cap, a file over the byte cap or not in UTF-8 is a problem, not a crash.
Nothing is changed on the way in: formula-like cells are neutralised only when
Tandem writes a CSV, never when it reads one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from .base import Collector

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# The csv module's own default cap; Jira's text fields stop at 32,767 characters.
DEFAULT_MAX_CELL = 131_072
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class CsvLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_cell: int = DEFAULT_MAX_CELL


@dataclass(frozen=True)
class CsvTable:
    """The header and the data rows, each with the line it starts on (1 is the header)."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str


def read_table(
    data: bytes | str,
    *,
    filename: str,
    collector: Collector,
    limits: CsvLimits | None = None,
) -> CsvTable | None:
    """The table in ``data``, or None when the whole file cannot be read (a problem says why)."""
    limits = limits or CsvLimits()
    if len(data) > limits.max_bytes:
        collector.problem(
            filename,
            "file",
            "",
            f"is {len(data) / 1_048_576:,.1f} MiB; the limit is "
            f"{limits.max_bytes / 1_048_576:,.0f} MiB. Split the export into smaller files",
        )
        return None
    text = _decode(data, filename, collector)
    if text is None:
        return None
    delimiter = detect_delimiter(text)
    if limits.max_cell > csv.field_size_limit():
        csv.field_size_limit(limits.max_cell)
    rows = list(_rows(text, delimiter, filename, collector))
    if not rows:
        collector.problem(filename, "file", "", "is empty; the first line names the columns")
        return None
    _, header = rows[0]
    header = tuple(name.strip().lstrip("\ufeff") for name in header)
    width = len(header)
    checked: list[tuple[int, tuple[str, ...]]] = []
    for line, cells in rows[1:]:
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            collector.problem(
                filename,
                f"line {line}",
                "",
                f"has {len(cells)} cells but the header names {width} columns",
            )
        cells = cells[:width] + ("",) * (width - len(cells))
        for index, cell in enumerate(cells):
            if len(cell) > limits.max_cell:
                collector.problem(
                    filename,
                    f"line {line}",
                    header[index],
                    f"is {len(cell):,} characters long; the limit is {limits.max_cell:,}",
                )
        checked.append((line, cells))
    return CsvTable(header=header, rows=tuple(checked), delimiter=delimiter)


def detect_delimiter(text: str) -> str:
    """The delimiter the header line uses most, outside quotes; a comma when none appears."""
    line = text.split("\n", 1)[0]
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _decode(data: bytes | str, filename: str, collector: Collector) -> str | None:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        collector.problem(
            filename,
            f"line {line}",
            "",
            f"is not UTF-8 text (byte {error.start:,}); save the file as UTF-8 and import it again",
        )
        return None


def _rows(
    text: str, delimiter: str, filename: str, collector: Collector
) -> Iterator[tuple[int, tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            collector.problem(filename, f"line {start}", "", _explain(str(error)))
            previous_end = reader.line_num
            continue
        previous_end = reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, tuple(cells)


def _explain(message: str) -> str:
    if "unexpected end of data" in message:
        return 'a quoted cell starts on this line and is never closed (a missing ")'
    if "field larger than field limit" in message:
        return f"has a cell over the size limit ({csv.field_size_limit():,} characters)"
    if "expected after" in message:
        return 'has text right after a closing quote; write "" for a quote inside a quoted cell'
    return f"cannot be read as CSV: {message}"
