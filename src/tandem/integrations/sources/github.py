"""GitHub Issues: the REST API's JSON (``/repos/{owner}/{repo}/issues``) or ``gh issue list``.

A file holds a list of issues (or a search body with ``items``); feed several
pages to one reader. Comments come embedded (a list under ``comments``) or from a
sibling file of ``/issues/comments`` results, matched by their ``issue_url``.
Pull requests are flagged by the API; they are either skipped or kept as links
on the issues they close ("Fixes #12"). A milestone becomes a release-like
sprint; labels that name a kind ("bug", "epic") or points ("points: 3") are read
as such and kept as labels too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from tandem.core.jql.fields import kind_for

from .base import (
    DONE,
    NEW,
    Collector,
    ImportedComment,
    ImportedIssue,
    ImportedLink,
    ImportedPerson,
    ImportedSprint,
    ReadResult,
    bulk_reading,
    record_label,
)
from .values import JsonProblem, iso_datetime, load_json

SOURCE = "github"
_POINTS_LABEL = re.compile(
    r"(?:sp|points?|story[ _-]?points?|estimate|size)\s*[:=/ -]\s*(\d+(?:\.\d+)?)", re.I
)
_CLOSES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b", re.I)
_ISSUE_NUMBER = re.compile(r"/issues/(\d+)$")
_REPOSITORY = re.compile(r"(?:repos/|github\.com/)([^/]+/[^/]+)/(?:issues|pull)")


class GitHubIssuesReader:
    def __init__(
        self, *, pull_requests: Literal["skip", "link"] = "link", repository: str = ""
    ) -> None:
        self.collector = Collector(SOURCE)
        self.pull_requests = pull_requests
        self.repository = repository
        self._comments: dict[str, list[ImportedComment]] = defaultdict(list)
        self._pr_links: dict[str, list[ImportedLink]] = defaultdict(list)
        self._skipped_pull_requests = 0

    def feed(self, filename: str, data: bytes | str) -> None:
        """Read a file of issues."""
        items = self._items(filename, data)
        with bulk_reading():
            for number, raw in enumerate(items, 1):
                self._issue(filename, number, raw)

    def feed_comments(self, filename: str, data: bytes | str) -> None:
        """Read a file of comments (``/repos/{owner}/{repo}/issues/comments``)."""
        for number, raw in enumerate(self._items(filename, data), 1):
            record = record_label("comment", number)
            url = raw.get("issue_url") if isinstance(raw, dict) else None
            match = _ISSUE_NUMBER.search(url) if isinstance(url, str) else None
            if match is None:
                self.collector.problem(filename, record, "issue_url", "does not name an issue")
                continue
            comment = self._comment(raw, filename, record)
            if comment is not None:
                self._comments[match.group(1)].append(comment)

    def result(self) -> ReadResult:
        issues = []
        for issue in self.collector.issues:
            number = issue.external_key.rsplit("#", 1)[-1]
            extra_comments = self._comments.get(number, [])
            extra_links = self._pr_links.get(number, [])
            if extra_comments or extra_links:
                issue = replace(
                    issue,
                    comments=issue.comments + tuple(extra_comments),
                    links=issue.links + tuple(extra_links),
                )
            issues.append(issue)
        if self._skipped_pull_requests:
            self.collector.notes.append(
                f"{self._skipped_pull_requests} pull request(s) were left out."
            )
        return self.collector.result(issues)

    def _items(self, filename: str, data: bytes | str) -> list[Any]:
        try:
            document = load_json(data)
        except JsonProblem as problem:
            self.collector.problem(filename, "file", "", str(problem))
            return []
        if isinstance(document, dict) and isinstance(document.get("items"), list):
            document = document["items"]
        if not isinstance(document, list):
            self.collector.problem(filename, "file", "", "is not a list of GitHub issues")
            return []
        return document

    def _issue(self, filename: str, index: int, raw: Any) -> None:
        if not isinstance(raw, dict):
            self.collector.problem(filename, record_label("item", index), "", "is not an issue")
            return
        number = raw.get("number")
        record = record_label("item", index, f"#{number}" if number is not None else "")
        if not isinstance(number, int):
            self.collector.problem(filename, record, "number", "is missing")
            return
        if raw.get("pull_request") is not None or raw.get("isPullRequest") is True:
            self._pull_request(raw)
            return
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            self.collector.problem(filename, record, "title", "is empty")
            return
        url = str(raw.get("html_url") or raw.get("url") or "")
        key = f"{self._repository(raw, url)}#{number}"
        labels = _labels(raw.get("labels"))
        state = str(raw.get("state") or "").lower()
        reason = str(raw.get("state_reason") or raw.get("stateReason") or "").lower()
        status_name = "Closed" if state == "closed" else "Open"
        if state == "closed" and reason == "not_planned":
            status_name = "Closed (not planned)"
        comments: tuple[ImportedComment, ...] = ()
        if isinstance(raw.get("comments"), list):
            comments = tuple(
                comment
                for i, item in enumerate(raw["comments"], 1)
                if (comment := self._comment(item, filename, f"{record}, comment {i}"))
            )
        type_name = _name(raw.get("type"))
        self.collector.issues.append(
            ImportedIssue(
                source=SOURCE,
                external_id=str(raw.get("id") or raw.get("node_id") or number),
                external_key=key,
                title=title.strip(),
                kind=kind_for(type_name) or _kind_from_labels(labels),
                source_kind=type_name,
                description=str(raw.get("body") or ""),
                status=self.collector.status(status_name, DONE if state == "closed" else NEW),
                story_points=_points(labels),
                sequence=len(self.collector.issues) + 1,
                sprint_ids=self._milestone(raw.get("milestone"), key, filename, record),
                assignees=self._people(raw),
                reporter=self._person(raw.get("user") or raw.get("author")),
                labels=labels,
                created=self._moment(raw, ("created_at", "createdAt"), filename, record),
                updated=self._moment(raw, ("updated_at", "updatedAt"), filename, record),
                resolved=self._moment(raw, ("closed_at", "closedAt"), filename, record),
                comments=comments,
                url=url,
            )
        )

    def _repository(self, raw: dict[str, Any], url: str) -> str:
        """The issue's repository, else the one the file named last (every item shares it)."""
        for candidate in (raw.get("repository_url"), url):
            if isinstance(candidate, str):
                match = _REPOSITORY.search(candidate + "/issues")
                if match:
                    self.repository = self.repository or match.group(1)
                    return match.group(1)
        return self.repository

    def _pull_request(self, raw: dict[str, Any]) -> None:
        if self.pull_requests == "skip":
            self._skipped_pull_requests += 1
            return
        body = str(raw.get("body") or "") + " " + str(raw.get("title") or "")
        link = ImportedLink(
            relation="pull request",
            url=str(raw.get("html_url") or raw.get("url") or ""),
            title=str(raw.get("title") or ""),
        )
        for closed in dict.fromkeys(_CLOSES.findall(body)):
            self._pr_links[closed].append(link)

    def _milestone(self, value: Any, key: str, filename: str, record: str) -> tuple[str, ...]:
        if not isinstance(value, dict) or not value.get("title"):
            return ()
        identifier = str(value.get("id") or value.get("number") or value["title"])
        state = str(value.get("state") or "").lower()
        try:
            sprint = ImportedSprint(
                external_id=identifier,
                name=str(value["title"]),
                state="closed" if state == "closed" else "active" if state == "open" else state,
                start=_optional_moment(value.get("created_at")),
                end=_optional_moment(value.get("due_on") or value.get("dueOn")),
                completed=_optional_moment(value.get("closed_at")),
                goal=str(value.get("description") or ""),
                kind="release",
            )
        except ValueError as error:
            self.collector.problem(filename, record, "milestone", str(error))
            return ()
        self.collector.sprint(sprint, key)
        return (identifier,)

    def _people(self, raw: dict[str, Any]) -> tuple[ImportedPerson, ...]:
        assignees = raw.get("assignees")
        if not isinstance(assignees, list) or not assignees:
            assignees = [raw.get("assignee")]
        people = (self._person(value) for value in assignees)
        return tuple(dict.fromkeys(person for person in people if person is not None))

    def _person(self, value: Any) -> ImportedPerson | None:
        if not isinstance(value, dict) or not value.get("login"):
            return None
        return self.collector.person(
            ImportedPerson(
                external_id=str(value.get("id") or ""),
                name=str(value.get("name") or ""),
                email=str(value.get("email") or ""),
                username=str(value["login"]),
            )
        )

    def _comment(self, raw: Any, filename: str, record: str) -> ImportedComment | None:
        if not isinstance(raw, dict):
            self.collector.problem(filename, record, "", "is not a comment")
            return None
        created = self.collector.parsed(
            _optional_moment,
            raw.get("created_at") or raw.get("createdAt"),
            filename,
            record,
            "created_at",
        )
        return ImportedComment(
            body=str(raw.get("body") or ""),
            author=self._person(raw.get("user") or raw.get("author")),
            created=created,
            external_id=str(raw.get("id") or ""),
        )

    def _moment(
        self, raw: dict[str, Any], names: tuple[str, ...], filename: str, record: str
    ) -> datetime | None:
        for name in names:
            if raw.get(name):
                return self.collector.parsed(iso_datetime, raw[name], filename, record, name)
        return None


def read_github_issues(
    data: bytes | str,
    *,
    filename: str = "issues.json",
    comments: bytes | str | None = None,
    comments_filename: str = "comments.json",
    pull_requests: Literal["skip", "link"] = "link",
    repository: str = "",
) -> ReadResult:
    """Read one file of issues, and optionally a sibling file of their comments."""
    reader = GitHubIssuesReader(pull_requests=pull_requests, repository=repository)
    reader.feed(filename, data)
    if comments is not None:
        reader.feed_comments(comments_filename, comments)
    return reader.result()


def _optional_moment(value: Any) -> datetime | None:
    return iso_datetime(value) if value else None


def _labels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = (item if isinstance(item, str) else _name(item) for item in value)
    return tuple(name for name in names if name)


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _kind_from_labels(labels: tuple[str, ...]) -> str:
    kinds = {kind_for(label) for label in labels} - {None}
    for kind in ("epic", "bug", "spike", "task", "story"):
        if kind in kinds:
            return kind
    return "story"


def _points(labels: tuple[str, ...]) -> float | None:
    for label in labels:
        match = _POINTS_LABEL.fullmatch(label.strip())
        if match:
            return float(match.group(1))
    return None
