"""Any CSV, through a column mapping: target field → the column that holds it.

The mapping step shows a person the file's header and :func:`suggest_mapping`'s
guess; they correct it, and :func:`read_mapped_csv` reads every row with it. A
column name that appears several times (several "Labels" columns) is read from
all of them. Multi-valued cells (labels) split on commas or semicolons; a person
cell may be "Ann Lee <ann@example.com>", an email or a name; a comment cell may
be Jira's "date;author;body".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo

from tandem.core.jql.fields import kind_for

from .base import (
    Collector,
    FileReader,
    ImportedComment,
    ImportedIssue,
    ImportedPerson,
    ImportedSprint,
    IssueRef,
    ReadResult,
    bulk_reading,
    record_label,
)
from .csvfile import CsvLimits, read_table
from .values import DEFAULT_DATE_FORMATS, category_for, loose_datetime, number, person_from_text

SOURCE = "csv"

# Every field a column can map to, with the header names it is recognised by.
TARGETS: dict[str, tuple[str, ...]] = {
    "key": ("key", "issue key", "id", "ticket", "number", "#"),
    "title": ("title", "summary", "name", "subject", "story"),
    "description": ("description", "details", "body", "desc"),
    "kind": ("kind", "type", "issue type", "item type"),
    "status": ("status", "state", "stage", "column", "list"),
    "status_category": ("status category",),
    "story_points": (
        "story points",
        "points",
        "estimate",
        "sp",
        "story point estimate",
        "custom field (story points)",
    ),
    "labels": ("labels", "label", "tags", "tag"),
    "assignee": ("assignee", "owner", "assigned to"),
    "reporter": ("reporter", "author", "created by", "requester"),
    "priority": ("priority",),
    "created": ("created", "created at", "date created", "creation date"),
    "updated": ("updated", "updated at", "last modified", "modified"),
    "due": ("due", "due date", "deadline"),
    "epic": ("epic", "epic link", "epic key", "custom field (epic link)"),
    "parent": ("parent", "parent key"),
    "sprint": ("sprint", "iteration"),
    "rank": ("rank", "order", "position"),
    "comments": ("comment", "comments"),
    "url": ("url", "link"),
}
_SPLIT = re.compile(r"\s*[,;]\s*")
_CATEGORIES = {"to do": "new", "new": "new", "in progress": "indeterminate", "done": "done"}


def suggest_mapping(header: Sequence[str]) -> dict[str, str]:
    """A first guess at the mapping from the header's names, for a person to correct."""
    by_name = {name.strip().lower(): name for name in header}
    suggestion: dict[str, str] = {}
    for target, names in TARGETS.items():
        for name in names:
            if name in by_name and by_name[name] not in suggestion.values():
                suggestion[target] = by_name[name]
                break
    return suggestion


def read_mapped_csv(
    data: bytes | str,
    mapping: Mapping[str, str],
    *,
    filename: str = "import.csv",
    date_formats: Sequence[str] = DEFAULT_DATE_FORMATS,
    timezone: tzinfo = UTC,
    limits: CsvLimits | None = None,
) -> ReadResult:
    """Read every row with ``mapping``; a mapping naming an unknown field or column is a problem."""
    collector = Collector(SOURCE)
    table = read_table(data, filename=filename, collector=collector, limits=limits)
    if table is None:
        return collector.result()
    indexes: dict[str, list[int]] = {}
    for name_index, name in enumerate(table.header):
        indexes.setdefault(name.lower(), []).append(name_index)
    columns: dict[str, list[int]] = {}
    problems_before_mapping = len(collector.problems)
    for target, column in mapping.items():
        if target not in TARGETS:
            collector.problem(
                filename, "mapping", target, f"is not a field; use one of {', '.join(TARGETS)}"
            )
        elif column and column.strip().lower() not in indexes:
            collector.problem(
                filename,
                "mapping",
                target,
                f"names the column {column!r}, which the file does not have",
            )
        elif column:
            columns[target] = indexes[column.strip().lower()]
    if "title" not in columns:
        collector.problem(
            filename, "mapping", "title", "map a column to the title; every record needs one"
        )
    if len(collector.problems) > problems_before_mapping:
        return collector.result()
    reader = _MappedRows(collector, columns, filename, tuple(date_formats), timezone)
    with bulk_reading():
        for sequence, (line, cells) in enumerate(table.rows, 1):
            reader.row(line, cells, sequence)
    return collector.result()


class _MappedRows(FileReader):
    def __init__(
        self,
        collector: Collector,
        columns: dict[str, list[int]],
        filename: str,
        date_formats: tuple[str, ...],
        timezone: tzinfo,
    ) -> None:
        super().__init__(collector, filename)
        self.columns = columns
        self.date_formats = date_formats
        self.timezone = timezone

    def one(self, cells: Sequence[str], target: str) -> str:
        for index in self.columns.get(target, ()):
            if cells[index].strip():
                return cells[index].strip()
        return ""

    def all(self, cells: Sequence[str], target: str) -> list[str]:
        return [cells[i].strip() for i in self.columns.get(target, ()) if cells[i].strip()]

    def row(self, line: int, cells: tuple[str, ...], sequence: int) -> None:
        key = self.one(cells, "key")
        record = record_label("line", line, key)
        title = self.one(cells, "title")
        if not title:
            self.problem(record, "title", "is empty; every record needs a title")
            return
        type_name = self.one(cells, "kind")
        status_name = self.one(cells, "status")
        category = _CATEGORIES.get(self.one(cells, "status_category").lower(), "")
        sprint_ids: list[str] = []
        for name in self.all(cells, "sprint"):
            self.collector.sprint(ImportedSprint(external_id=name, name=name), key or record)
            sprint_ids.append(name)
        rank = self.one(cells, "rank")
        position = _float(rank)
        epic = self.one(cells, "epic")
        parent = self.one(cells, "parent")
        self.collector.issues.append(
            ImportedIssue(
                source=SOURCE,
                external_id=key or f"{self.filename}:{line}",
                external_key=key,
                title=title,
                kind=kind_for(type_name) or "story",
                source_kind=type_name,
                description=self.one(cells, "description"),
                status=self.collector.status(status_name, category or category_for(status_name))
                if status_name
                else None,
                story_points=self.points(cells, record),
                rank="" if position is not None else rank,
                position=position,
                sequence=sequence,
                epic=IssueRef(key=epic) if epic else None,
                parent=IssueRef(key=parent) if parent else None,
                sprint_ids=tuple(dict.fromkeys(sprint_ids)),
                assignees=tuple(self.person(cell) for cell in self.all(cells, "assignee") if cell),
                reporter=self.person(self.one(cells, "reporter")),
                labels=tuple(
                    dict.fromkeys(
                        label
                        for cell in self.all(cells, "labels")
                        for label in _SPLIT.split(cell)
                        if label
                    )
                ),
                priority=self.one(cells, "priority"),
                created=self.moment(cells, "created", record),
                updated=self.moment(cells, "updated", record),
                due=self.day(cells, record),
                comments=tuple(self.comment(cell) for cell in self.all(cells, "comments")),
                url=self.one(cells, "url"),
            )
        )

    def points(self, cells: tuple[str, ...], record: str) -> float | None:
        value = self.one(cells, "story_points")
        return self.parsed(number, value, record, "story_points")

    def person(self, cell: str) -> ImportedPerson:
        person = person_from_text(cell) or ImportedPerson(name=cell)
        return self.collector.person(person)

    def moment(self, cells: tuple[str, ...], target: str, record: str) -> datetime | None:
        value = self.one(cells, target)
        if not value:
            return None
        return self.parsed(self.loose_datetime, value, record, target)

    def loose_datetime(self, value: str) -> datetime:
        return loose_datetime(value, formats=self.date_formats, zone=self.timezone)

    def day(self, cells: tuple[str, ...], record: str) -> date | None:
        moment = self.moment(cells, "due", record)
        return moment.date() if moment is not None else None

    def comment(self, cell: str) -> ImportedComment:
        parts = cell.split(";", 2)
        if len(parts) == 3:
            try:
                created = self.loose_datetime(parts[0])
            except ValueError:
                return ImportedComment(body=cell)
            return ImportedComment(body=parts[2], author=self.person(parts[1]), created=created)
        return ImportedComment(body=cell)


def _float(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
