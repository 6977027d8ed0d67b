"""Jira's CSV export ("Export → CSV (all fields)").

Jira writes a multi-valued field as repeated columns of the same name (several
``Sprint``, ``Labels``, ``Comment`` columns), custom fields as ``Custom field
(Story Points)``, comments as ``date;author;body`` and dates in the site's format
(``12/Mar/24 3:04 PM`` by default). Sub-tasks and, in newer exports, every child
point at their parent by issue id (``Parent id`` / ``Parent``); those become
epic or parent references once the whole file is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo

from tandem.core.jql.fields import kind_for

from .base import (
    Collector,
    FileReader,
    ImportedComment,
    ImportedIssue,
    ImportedLink,
    ImportedPerson,
    ImportedSprint,
    IssueRef,
    ReadResult,
    record_label,
)
from .csvfile import CsvLimits, CsvTable, read_table
from .values import DEFAULT_DATE_FORMATS, loose_datetime, number
from .wiki import wiki_to_markdown

SOURCE = "jira"
STORY_POINT_COLUMNS = ("custom field (story points)", "custom field (story point estimate)")
_CATEGORIES = {"to do": "new", "in progress": "indeterminate", "done": "done"}
_LINK_PHRASES = {
    "blocks": ("blocks", "is blocked by"),
    "cloners": ("clones", "is cloned by"),
    "duplicate": ("duplicates", "is duplicated by"),
    "relates": ("relates to", "relates to"),
}


@dataclass(frozen=True)
class JiraCsvOptions:
    """How the site writes dates, and where its issues live (for links back)."""

    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    timezone: tzinfo = UTC
    story_points_column: str = ""
    base_url: str = ""
    limits: CsvLimits = field(default_factory=CsvLimits)


class _Columns:
    """Column indexes by lowercased header name; a repeated name keeps all its columns."""

    def __init__(self, header: Sequence[str]) -> None:
        self.indexes: dict[str, list[int]] = {}
        self.spelled: dict[str, str] = {}
        for index, name in enumerate(header):
            self.indexes.setdefault(name.strip().lower(), []).append(index)
            self.spelled.setdefault(name.strip().lower(), name.strip())

    def one(self, cells: Sequence[str], *names: str) -> str:
        for name in names:
            for index in self.indexes.get(name, ()):
                if cells[index].strip():
                    return cells[index].strip()
        return ""

    def all(self, cells: Sequence[str], name: str) -> list[str]:
        return [cells[i].strip() for i in self.indexes.get(name, ()) if cells[i].strip()]

    def starting(self, prefix: str) -> list[tuple[str, list[int]]]:
        return [
            (self.spelled[name], indexes)
            for name, indexes in self.indexes.items()
            if name.startswith(prefix)
        ]


def read_jira_csv(
    data: bytes | str, *, filename: str = "jira.csv", options: JiraCsvOptions | None = None
) -> ReadResult:
    options = options or JiraCsvOptions()
    collector = Collector(SOURCE)
    table = read_table(data, filename=filename, collector=collector, limits=options.limits)
    if table is None:
        return collector.result()
    columns = _Columns(table.header)
    for required in ("issue key", "summary"):
        if required not in columns.indexes:
            collector.problem(filename, "header", required, "this column is missing")
    if collector.problems and not columns.indexes.get("issue key"):
        return collector.result()
    _JiraCsvRows(collector, columns, table, filename, options).read()
    return collector.result(_resolve_parents(collector.issues))


class _JiraCsvRows(FileReader):
    def __init__(
        self,
        collector: Collector,
        columns: _Columns,
        table: CsvTable,
        filename: str,
        options: JiraCsvOptions,
    ) -> None:
        super().__init__(collector, filename)
        self.columns = columns
        self.table = table
        self.options = options
        points = options.story_points_column.lower()
        self.points_columns = (points,) if points else STORY_POINT_COLUMNS
        self.outward = columns.starting("outward issue link (")
        self.inward = columns.starting("inward issue link (")

    def read(self) -> None:
        for sequence, (line, cells) in enumerate(self.table.rows, 1):
            self._row(line, cells, sequence)

    def _row(self, line: int, cells: tuple[str, ...], sequence: int) -> None:
        col = self.columns
        key = col.one(cells, "issue key")
        record = record_label("line", line, key)
        title = col.one(cells, "summary")
        if not key:
            self.problem(record, "Issue key", "is empty; every issue needs its key")
            return
        if not title:
            self.problem(record, "Summary", "is empty; every issue needs a summary")
            return
        type_name = col.one(cells, "issue type")
        status_name = col.one(cells, "status")
        category = _CATEGORIES.get(col.one(cells, "status category").lower(), "")
        kind = kind_for(type_name) or "story"
        sprint_ids = []
        for name in col.all(cells, "sprint"):
            self.collector.sprint(ImportedSprint(external_id=name, name=name), key)
            sprint_ids.append(name)
        epic_key = col.one(cells, "custom field (epic link)")
        parent_ref = col.one(cells, "parent id", "parent")
        base = self.options.base_url.rstrip("/")
        self.collector.issues.append(
            ImportedIssue(
                source=SOURCE,
                external_id=col.one(cells, "issue id"),
                external_key=key,
                title=title,
                kind=kind,
                source_kind=type_name,
                description=wiki_to_markdown(col.one(cells, "description")),
                status=self.collector.status(status_name, category) if status_name else None,
                story_points=self._points(cells, record),
                rank=col.one(cells, "custom field (rank)"),
                sequence=sequence,
                epic=IssueRef(key=epic_key) if epic_key and kind != "epic" else None,
                parent=_parent_ref(parent_ref),
                sprint_ids=tuple(dict.fromkeys(sprint_ids)),
                assignees=tuple(p for p in (self._person(cells, "assignee"),) if p is not None),
                reporter=self._person(cells, "reporter"),
                labels=tuple(col.all(cells, "labels")),
                components=tuple(col.all(cells, "component/s")),
                releases=tuple(col.all(cells, "fix version/s")),
                priority=col.one(cells, "priority"),
                created=self._moment(cells, "created", record),
                updated=self._moment(cells, "updated", record),
                resolved=self._moment(cells, "resolved", record),
                due=self._due(cells, record),
                comments=self._comments(cells, record),
                links=self._links(cells),
                project_key=col.one(cells, "project key"),
                url=f"{base}/browse/{key}" if base else "",
            )
        )

    def _points(self, cells: tuple[str, ...], record: str) -> float | None:
        for column in self.points_columns:
            value = self.columns.one(cells, column)
            if value:
                return self.parsed(number, value, record, column.title())
        return None

    def _person(self, cells: tuple[str, ...], role: str) -> ImportedPerson | None:
        name = self.columns.one(cells, role)
        handle = self.columns.one(cells, f"{role} id")
        if not name and not handle:
            return None
        email = name if "@" in name and " " not in name else ""
        return self.collector.person(
            ImportedPerson(external_id=handle, name="" if email else name, email=email)
        )

    def _moment(self, cells: tuple[str, ...], column: str, record: str) -> datetime | None:
        value = self.columns.one(cells, column)
        if not value:
            return None
        return self.parsed(self._loose_datetime, value, record, column.title())

    def _loose_datetime(self, value: str) -> datetime:
        return loose_datetime(value, formats=self.options.date_formats, zone=self.options.timezone)

    def _due(self, cells: tuple[str, ...], record: str) -> date | None:
        moment = self._moment(cells, "due date", record)
        return moment.date() if moment is not None else None

    def _comments(self, cells: tuple[str, ...], record: str) -> tuple[ImportedComment, ...]:
        comments = []
        for cell in self.columns.all(cells, "comment"):
            parts = cell.split(";", 2)
            created: datetime | None = None
            author: ImportedPerson | None = None
            body = cell
            if len(parts) == 3:
                try:
                    created = self._loose_datetime(parts[0])
                except ValueError:
                    created = None
                if created is not None:
                    author = self.collector.person(ImportedPerson(external_id=parts[1].strip()))
                    body = parts[2]
            comments.append(
                ImportedComment(body=wiki_to_markdown(body), author=author, created=created)
            )
        return tuple(comments)

    def _links(self, cells: tuple[str, ...]) -> tuple[ImportedLink, ...]:
        links = []
        for sides, phrase_index in ((self.outward, 0), (self.inward, 1)):
            for name, indexes in sides:
                link_type = name[name.index("(") + 1 : name.rindex(")")] if ")" in name else name
                phrases = _LINK_PHRASES.get(link_type.lower())
                direction = "outward" if phrase_index == 0 else "inward"
                relation = phrases[phrase_index] if phrases else f"{link_type} ({direction})"
                for index in indexes:
                    target = cells[index].strip()
                    if target:
                        links.append(
                            ImportedLink(relation=relation, target_key=target, link_type=link_type)
                        )
        return tuple(links)


def _parent_ref(value: str) -> IssueRef | None:
    if not value:
        return None
    return IssueRef(id=value) if value.isdigit() else IssueRef(key=value)


def _resolve_parents(issues: list[ImportedIssue]) -> list[ImportedIssue]:
    """Parent ids → keys, and a parent that is an epic → the epic reference."""
    by_id = {issue.external_id: issue for issue in issues if issue.external_id}
    by_key = {issue.external_key: issue for issue in issues}
    resolved = []
    for issue in issues:
        ref = issue.parent
        if ref is None:
            resolved.append(issue)
            continue
        target = by_id.get(ref.id) if ref.id else by_key.get(ref.key)
        full = IssueRef(key=target.external_key, id=target.external_id) if target else ref
        if target is not None and target.kind == "epic":
            resolved.append(replace(issue, epic=issue.epic or full, parent=None))
        else:
            resolved.append(replace(issue, parent=full))
    return resolved
