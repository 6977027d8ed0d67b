"""Neutral records every reader produces, and the problems it found on the way.

A reader never raises on a bad record: it notes a :class:`Problem` naming the
file, the record and the field, and keeps reading. The import step refuses to
write anything while a result has problems, so a person fixes them all in one go.

A record whose key or title cannot be read is left out; a record with a bad
optional field (a date that is not a date) is kept with that field empty, so a
dry run still shows it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, TypeVar

T = TypeVar("T")

# Status categories, as Jira names them: to do, in progress, done.
NEW = "new"
IN_PROGRESS = "indeterminate"
DONE = "done"


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportedPerson:
    """Someone named in the source; matched to a member by email, else invited."""

    external_id: str = ""
    name: str = ""
    email: str = ""
    username: str = ""

    @property
    def identity(self) -> str:
        """The one key that tells two mentions of a person apart."""
        return self.external_id or self.email.lower() or self.username.lower() or self.name


@dataclass(frozen=True, slots=True)
class ImportedStatus:
    """The source's status name and its category (``new``, ``indeterminate``, ``done``, or "")."""

    name: str
    category: str = ""


@dataclass(frozen=True, slots=True)
class IssueRef:
    """A pointer to another record of the same import, by key, id or both."""

    key: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class ImportedComment:
    body: str
    author: ImportedPerson | None = None
    created: datetime | None = None
    external_id: str = ""


@dataclass(frozen=True, slots=True)
class ImportedLink:
    """A link to another record (``target_key``) or to a page (``url``).

    ``relation`` reads from this record's side ("blocks", "is blocked by",
    "pull request"); ``link_type`` is the source's own name for it ("Blocker").
    """

    relation: str
    target_key: str = ""
    url: str = ""
    title: str = ""
    link_type: str = ""


@dataclass(frozen=True, slots=True)
class ImportedIssue:
    """One work item as the source had it; ``kind`` is already Tandem's (epic/story/task/bug/spike).

    Order: ``rank`` (Jira's LexoRank, sorts as text) when present, else
    ``position`` (Trello's pos, a CSV's rank column), else ``sequence`` (the order
    read).
    """

    source: str
    external_id: str
    external_key: str
    title: str
    kind: str
    source_kind: str = ""
    description: str = ""
    status: ImportedStatus | None = None
    story_points: float | None = None
    rank: str = ""
    position: float | None = None
    sequence: int = 0
    epic: IssueRef | None = None
    parent: IssueRef | None = None
    sprint_ids: tuple[str, ...] = ()
    assignees: tuple[ImportedPerson, ...] = ()
    reporter: ImportedPerson | None = None
    labels: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()
    priority: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    due: date | None = None
    comments: tuple[ImportedComment, ...] = ()
    links: tuple[ImportedLink, ...] = ()
    acceptance_criteria: tuple[str, ...] = ()
    project_key: str = ""
    url: str = ""

    @property
    def assignee(self) -> ImportedPerson | None:
        return self.assignees[0] if self.assignees else None


@dataclass(frozen=True, slots=True)
class ImportedSprint:
    """A sprint (or, with ``kind="release"``, a milestone) and the keys of the records in it."""

    external_id: str
    name: str
    state: str = ""
    start: datetime | None = None
    end: datetime | None = None
    completed: datetime | None = None
    goal: str = ""
    board_id: str = ""
    issue_keys: tuple[str, ...] = ()
    kind: str = "sprint"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader found: records, the people and statuses they use, and every problem."""

    source: str
    issues: tuple[ImportedIssue, ...] = ()
    sprints: tuple[ImportedSprint, ...] = ()
    people: tuple[ImportedPerson, ...] = ()
    statuses: tuple[ImportedStatus, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Collector:
    """The mutable side of a reading: gathers records, merges sprints and people."""

    source: str
    issues: list[ImportedIssue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _sprints: dict[str, ImportedSprint] = field(default_factory=dict)
    _sprint_keys: dict[str, dict[str, None]] = field(default_factory=dict)
    _people: dict[str, ImportedPerson] = field(default_factory=dict)
    _statuses: dict[tuple[str, str], ImportedStatus] = field(default_factory=dict)

    def problem(self, file: str, record: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(file, record, field_name, message))

    def parsed(
        self, parse: Callable[[Any], T], value: Any, file: str, record: str, field_name: str
    ) -> T | None:
        """``parse(value)``, or None with a problem noted when the value does not read."""
        try:
            return parse(value)
        except ValueError as error:
            self.problem(file, record, field_name, str(error))
            return None

    def person(self, person: ImportedPerson) -> ImportedPerson:
        """The one instance for this person, with blanks filled from every mention."""
        known = self._people.get(person.identity)
        if known is None:
            self._people[person.identity] = person
            return person
        if known == person:
            return known
        merged = ImportedPerson(
            external_id=known.external_id or person.external_id,
            name=known.name or person.name,
            email=known.email or person.email,
            username=known.username or person.username,
        )
        self._people[person.identity] = merged
        return merged

    def status(self, name: str, category: str = "") -> ImportedStatus:
        key = (name, category)
        known = self._statuses.get(key)
        if known is None:
            known = self._statuses[key] = ImportedStatus(name, category)
        return known

    def sprint(self, sprint: ImportedSprint, issue_key: str = "") -> None:
        """Note a sprint (dates and goal from any mention that has them) and one of its records."""
        known = self._sprints.get(sprint.external_id)
        if known is None:
            self._sprints[sprint.external_id] = sprint
            self._sprint_keys[sprint.external_id] = dict.fromkeys(sprint.issue_keys)
        elif known != sprint:
            self._sprints[sprint.external_id] = _fill(known, sprint)
        if issue_key:
            self._sprint_keys[sprint.external_id][issue_key] = None

    def sprint_issue(self, sprint_id: str, issue_key: str) -> None:
        self._sprint_keys[sprint_id][issue_key] = None

    def has_sprint(self, sprint_id: str) -> bool:
        return sprint_id in self._sprints

    def result(self, issues: Iterable[ImportedIssue] | None = None) -> ReadResult:
        sprints = tuple(
            replace(sprint, issue_keys=tuple(self._sprint_keys[sprint.external_id]))
            for sprint in self._sprints.values()
        )
        return ReadResult(
            source=self.source,
            issues=tuple(self.issues if issues is None else issues),
            sprints=sprints,
            people=tuple(self._people.values()),
            statuses=tuple(self._statuses.values()),
            problems=tuple(self.problems),
            notes=tuple(self.notes),
        )


def _fill(known: ImportedSprint, other: ImportedSprint) -> ImportedSprint:
    return replace(
        known,
        name=known.name or other.name,
        state=known.state or other.state,
        start=known.start or other.start,
        end=known.end or other.end,
        completed=known.completed or other.completed,
        goal=known.goal or other.goal,
        board_id=known.board_id or other.board_id,
    )


class FileReader:
    """A reader of one file: every problem it notes names that file."""

    def __init__(self, collector: Collector, filename: str) -> None:
        self.collector = collector
        self.filename = filename

    def problem(self, record: str, field_name: str, message: str) -> None:
        self.collector.problem(self.filename, record, field_name, message)

    def parsed(
        self, parse: Callable[[Any], T], value: Any, record: str, field_name: str
    ) -> T | None:
        return self.collector.parsed(parse, value, self.filename, record, field_name)


def record_label(kind: str, number: int, key: str = "") -> str:
    """How a problem names a record: "issue 12 (DRN-42)", "line 7"."""
    return f"{kind} {number} ({key})" if key else f"{kind} {number}"


@contextmanager
def bulk_reading() -> Iterator[None]:
    """Pause Python's cycle collector while a reader builds hundreds of thousands of records.

    The records hold no reference cycles, so reference counting frees them all the
    same; without the pause the collector rescans every record built so far, again
    and again, which took a third of the time of reading 100,000 Jira issues.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
