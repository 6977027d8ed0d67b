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
from typing import IO, Any, TypeVar

from .errors import ValidationFailed

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL_CHARS = 128 * 1024
# csv's own cap is process-wide and would refuse a long cell without saying which
# column: it only ever goes up here (to the file cap), and cells are measured below.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))
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


def decode(data: bytes | str, *, filename: str = "upload") -> str:
    """The upload's text, refused past ``MAX_BYTES`` whichever way it came (file or form text)."""
    size = len(data) if isinstance(data, bytes) else _utf8_size(data)
    if size > MAX_BYTES:
        raise ValidationFailed({"file": f"{filename} is larger than {MAX_BYTES // 1024:,} KiB"})
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            {"file": f"{filename} is not UTF-8 text (byte {exc.start})"}
        ) from exc


def read_upload(upload: IO[bytes], *, filename: str = "upload") -> str:
    """An uploaded file's text, reading no more than one byte past the cap."""
    return decode(upload.read(MAX_BYTES + 1), filename=filename)


def _utf8_size(text: str) -> int:
    if len(text) > MAX_BYTES or len(text) * 4 <= MAX_BYTES:
        return len(text)  # a character is 1 to 4 bytes: no need to encode to know
    return len(text.encode("utf-8", "surrogatepass"))


def read_csv(data: bytes | str, *, filename: str = "upload") -> CsvTable:
    """Decode and split an upload; a header row is required, blank lines are skipped."""
    text = decode(data, filename=filename)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows = _numbered(text, dialect, filename)
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
        for index, value in enumerate(values):
            if len(value) > MAX_CELL_CHARS:
                column = (
                    header[index]
                    if index < len(header) and header[index]
                    else f"column {index + 1}"
                )
                raise ValidationFailed(
                    {f"line {number}: {column}": f"is longer than {MAX_CELL_CHARS:,} characters"}
                )
        lines.append((number, tuple(v.strip() for v in values)))
    return CsvTable(header=header, lines=tuple(lines))


class _Lines:
    """The file's lines, noting when the last one has been read."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.exhausted = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            return next(self._lines)
        except StopIteration:
            self.exhausted = True
            raise


def _numbered(
    text: str, dialect: type[csv.Dialect] | csv.Dialect, filename: str
) -> Iterator[tuple[int, list[str]]]:
    # csv's line_num counts physical lines, so a quoted value spanning lines is
    # reported at the line where its row ends, as an editor would show it.
    source = _Lines(text)
    reader = csv.reader(source, dialect)
    starts = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValidationFailed({f"line {reader.line_num}": f"is not valid CSV: {exc}"}) from exc
        if source.exhausted:
            # A row ended by the end of the file, not a line end: a quote that never closes.
            # csv would hand back the rest of the file as one value.
            raise ValidationFailed(
                {
                    f"line {starts}": (
                        'a quoted value starts in this row and never ends (a closing " is '
                        f"missing, or {filename} was cut short); nothing was imported"
                    )
                }
            )
        if any(v.strip() for v in values):
            yield reader.line_num, values
        starts = reader.line_num + 1


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
