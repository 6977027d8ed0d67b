"""Reading a CSV upload into checked rows: the shared half of every import.

An import maps the file's columns to the record's fields, checks every line, and
either writes all rows or none. This module does the reading, the mapping and
the per-line error collection; each app's service checks the values it knows
and writes the rows in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import ValidationFailed

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
T = TypeVar("T")


@dataclass(frozen=True)
class CsvTable:
    """The header and the data lines of an upload, each with its line number in the file."""

    header: tuple[str, ...]
    lines: tuple[tuple[int, tuple[str, ...]], ...]

    def preview(self, count: int = 5) -> list[tuple[str, ...]]:
        return [values for _, values in self.lines[:count]]


@dataclass
class RowErrors:
    """Errors keyed "line 7: field", so a person can find and fix each one in the file."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, line: int, name: str, message: str) -> None:
        self.errors[f"line {line}: {name}"] = message

    def raise_if_any(self, filename: str = "") -> None:
        if self.errors:
            where = f" in {filename}" if filename else ""
            failed = ValidationFailed(self.errors)
            failed.detail = (
                f"{len(self.errors)} problem(s){where}; nothing was imported. "
                + "; ".join(f"{k}: {v}" for k, v in list(self.errors.items())[:5])
            )
            raise failed


def read_csv(data: bytes | str, *, filename: str = "upload") -> CsvTable:
    """Decode and split an upload; a header row is required, blank lines are skipped."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ValidationFailed({"file": f"{filename} is larger than {MAX_BYTES // 1024} KiB"})
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationFailed(
                {"file": f"{filename} is not UTF-8 text (byte {exc.start})"}
            ) from exc
    else:
        text = data.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = _numbered(reader)
    try:
        _, first = next(rows)
    except StopIteration:
        raise ValidationFailed(
            {"file": f"{filename} is empty; the first line names the columns"}
        ) from None
    header = tuple(h.strip() for h in first)
    lines: list[tuple[int, tuple[str, ...]]] = []
    for number, values in rows:
        if len(lines) >= MAX_ROWS:
            raise ValidationFailed({"file": f"{filename} has more than {MAX_ROWS:,} rows"})
        lines.append((number, tuple(v.strip() for v in values)))
    return CsvTable(header=header, lines=tuple(lines))


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    # csv's line_num counts physical lines, so a quoted value spanning lines is
    # reported at the line where its row ends, as an editor would show it.
    for values in reader:
        if any(v.strip() for v in values):
            yield getattr(reader, "line_num", 0), values


def resolve_mapping(
    table: CsvTable,
    mapping: Mapping[str, str],
    *,
    required: Sequence[str],
    known: Sequence[str],
) -> dict[str, int]:
    """Field → column index. ``mapping`` names a column per field; unmapped fields that
    match a column name (case-insensitive) map themselves."""
    errors: dict[str, str] = {}
    by_name = {name.lower(): index for index, name in enumerate(table.header)}
    resolved: dict[str, int] = {}
    for name in known:
        column = (mapping.get(name) or "").strip()
        if column:
            if column.lower() not in by_name:
                errors[f"mapping.{name}"] = f"no column named {column!r} in the file"
                continue
            resolved[name] = by_name[column.lower()]
        elif name.lower() in by_name:
            resolved[name] = by_name[name.lower()]
    for name in set(mapping) - set(known):
        errors[f"mapping.{name}"] = "is not a field this import knows"
    for name in required:
        if name not in resolved and f"mapping.{name}" not in errors:
            errors[f"mapping.{name}"] = "is required: choose the column that holds it"
    if errors:
        raise ValidationFailed(errors)
    return resolved


def mapped_rows(
    table: CsvTable, columns: Mapping[str, int]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {field: raw text}) for each data line; short lines give empty text."""
    for number, values in table.lines:
        yield (
            number,
            {name: values[index] if index < len(values) else "" for name, index in columns.items()},
        )


def check_rows(
    table: CsvTable,
    columns: Mapping[str, int],
    check: Callable[[dict[str, str], Callable[[str, str], None]], T | None],
    *,
    filename: str = "upload",
) -> list[T]:
    """Run ``check`` on every line, collecting its complaints; all rows or an error naming
    each bad line and field. ``check(values, complain)`` returns the cleaned row."""
    problems = RowErrors()
    clean: list[T] = []
    for number, values in mapped_rows(table, columns):

        def complain(name: str, message: str, *, _line: int = number) -> None:
            problems.add(_line, name, message)

        row = check(values, complain)
        if row is not None:
            clean.append(row)
    problems.raise_if_any(filename)
    return clean


def as_mapping(value: Any) -> dict[str, str]:
    """A column mapping from a form or JSON body, ignoring empty choices."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if v}
