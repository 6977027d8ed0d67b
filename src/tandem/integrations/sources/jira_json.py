"""Jira's JSON: search results (REST API v2/v3 and the Agile API), issue lists, sprint lists.

A file may hold one search body (``{"issues": [...], "total", "startAt",
"maxResults", "names", "schema"}``), several of them (a list of pages, or one
page a line), a list of issues, a single issue, the Agile API's sprint list
(``{"values": [...]}``) or the site's field list. Feed every file of an export
to one :class:`JiraJsonReader`; its result merges them. A field list names the
story points field for the pages read after it, so it goes first.

    reader = JiraJsonReader(JiraOptions(story_points_field="customfield_10016"))
    result = reader.feed_files([("fields.json", fields), ("page-1.json", page)])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Collector, ReadResult, bulk_reading
from .jira_fields import FieldCatalog, JiraOptions
from .jira_issue import SOURCE, JiraIssueMapper
from .jira_sprints import sprint_from_object
from .values import JsonProblem, load_json


class JiraJsonReader:
    def __init__(self, options: JiraOptions | None = None) -> None:
        self.collector = Collector(SOURCE)
        self.catalog = FieldCatalog(options or JiraOptions())
        self.mapper = JiraIssueMapper(self.collector, self.catalog)
        self._sequence = 0

    def feed(self, filename: str, data: bytes | str) -> None:
        """Read one file; a file that is not JSON, or not Jira's, becomes a problem."""
        with bulk_reading():
            try:
                document = load_json(data)
            except JsonProblem as problem:
                lines = _json_lines(data)
                if lines is None:
                    self.collector.problem(filename, "file", "", str(problem))
                    return
                document = lines
            self.feed_document(filename, document)

    def feed_files(self, files: Iterable[tuple[str, bytes | str]]) -> ReadResult:
        """Read every file of an export (name, content) and return the merged result."""
        with bulk_reading():
            for filename, data in files:
                self.feed(filename, data)
            return self.result()

    def feed_document(self, filename: str, document: Any) -> None:
        """Read an already parsed JSON document."""
        counter = _Counter()
        with bulk_reading():
            if isinstance(document, dict):
                self._feed_object(filename, document, counter)
            elif isinstance(document, list):
                self._feed_list(filename, document, counter)
            else:
                self._not_jira(filename)

    def result(self) -> ReadResult:
        note = (
            "No story points field was found (no field named 'Story Points' or "
            "'Story point estimate' in the export); give its id to read story points."
        )
        missing = self.collector.issues and not self.catalog.story_points
        if missing and note not in self.collector.notes:
            self.collector.notes.append(note)
        return self.collector.result()

    def _feed_object(self, filename: str, document: dict[str, Any], counter: _Counter) -> None:
        if isinstance(document.get("issues"), list):
            self._feed_page(filename, document, counter)
        elif "fields" in document and "key" in document:
            self._feed_issues(filename, [document], counter)
        elif isinstance(document.get("values"), list) and _are_sprints(document["values"]):
            self._feed_sprints(filename, document["values"])
        else:
            self._not_jira(filename)

    def _feed_list(self, filename: str, items: list[Any], counter: _Counter) -> None:
        first = next((item for item in items if isinstance(item, dict)), None)
        if first is None:
            if items:
                self._not_jira(filename)
            return
        if isinstance(first.get("issues"), list):
            for page in items:
                if isinstance(page, dict) and isinstance(page.get("issues"), list):
                    self._feed_page(filename, page, counter)
                else:
                    self.collector.problem(
                        filename, "file", "", "holds something that is not a page"
                    )
        elif "fields" in first:
            self._feed_issues(filename, items, counter)
        elif "clauseNames" in first or ("schema" in first and "custom" in first):
            self.catalog.learn_field_list(items)
        elif _are_sprints(items):
            self._feed_sprints(filename, items)
        else:
            self._not_jira(filename)

    def _feed_page(self, filename: str, page: dict[str, Any], counter: _Counter) -> None:
        self.catalog.learn_page(page)
        self._feed_issues(filename, page["issues"], counter)

    def _feed_issues(self, filename: str, issues: list[Any], counter: _Counter) -> None:
        mapper = self.mapper
        for raw in issues:
            counter.count += 1
            self._sequence += 1
            mapper.map(raw, filename, counter.count, self._sequence)

    def _feed_sprints(self, filename: str, values: list[Any]) -> None:
        for number, value in enumerate(values, 1):
            record = f"sprint {number}"
            if not isinstance(value, dict):
                self.collector.problem(filename, record, "", "is not a sprint object")
                continue
            try:
                self.collector.sprint(sprint_from_object(value))
            except ValueError as error:
                self.collector.problem(filename, record, "", str(error))

    def _not_jira(self, filename: str) -> None:
        self.collector.problem(
            filename,
            "file",
            "",
            "is not a Jira search result, issue list, sprint list or field list",
        )


def _are_sprints(values: list[Any]) -> bool:
    """Sprints, not boards or other paged values: each has a state and a name."""
    first = next((value for value in values if isinstance(value, dict)), None)
    return first is None or ("state" in first and "name" in first and "id" in first)


class _Counter:
    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


def _json_lines(data: bytes | str) -> list[Any] | None:
    """One JSON document a line (pages appended by an export script), or None."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    try:
        return [load_json(line) for line in lines]
    except JsonProblem:
        return None


def read_jira_json(
    data: bytes | str, *, filename: str = "jira.json", options: JiraOptions | None = None
) -> ReadResult:
    """Read one Jira JSON file (see :class:`JiraJsonReader` for several)."""
    reader = JiraJsonReader(options)
    reader.feed(filename, data)
    return reader.result()
