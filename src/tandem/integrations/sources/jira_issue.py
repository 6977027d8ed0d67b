"""One Jira issue (REST API v2 or v3 JSON) → :class:`ImportedIssue`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from tandem.core.jql.fields import kind_for

from .adf import adf_to_markdown
from .base import (
    Collector,
    ImportedComment,
    ImportedIssue,
    ImportedLink,
    ImportedPerson,
    ImportedSprint,
    ImportedStatus,
    IssueRef,
    record_label,
)
from .jira_fields import FieldCatalog
from .jira_sprints import LEGACY_PREFIX, sprint_from_legacy, sprint_from_object
from .values import as_dict, iso_date, iso_datetime, number
from .wiki import wiki_to_markdown

SOURCE = "jira"
_T = TypeVar("_T")


class JiraIssueMapper:
    """Maps issues one by one, reusing people, statuses, kinds and sprints already seen."""

    def __init__(self, collector: Collector, catalog: FieldCatalog) -> None:
        self.collector = collector
        self.catalog = catalog
        self._people: dict[str, ImportedPerson] = {}
        self._kinds: dict[tuple[str, bool, int], str] = {}
        self._legacy_sprints: dict[str, ImportedSprint] = {}

    def map(self, raw: Any, file: str, number_in_file: int, sequence: int) -> None:
        if not isinstance(raw, dict):
            self._problem(file, record_label("issue", number_in_file), "", "is not an issue object")
            return
        key = raw.get("key")
        record = record_label("issue", number_in_file, key if isinstance(key, str) else "")
        fields = raw.get("fields")
        if not isinstance(key, str) or not key:
            self._problem(file, record, "key", "is missing; every issue needs its key")
            return
        if not isinstance(fields, dict):
            self._problem(file, record, "fields", "is missing")
            return
        title = fields.get("summary")
        if not isinstance(title, str) or not title.strip():
            self._problem(file, record, "summary", "is empty; every issue needs a summary")
            return
        if not self.catalog.sprint or not self.catalog.rank:
            self.catalog.spot_by_shape(fields)
        context = (file, record)
        issue_type = fields.get("issuetype")
        type_name, subtask, level = _type_of(issue_type)
        kind = self._kind(type_name, subtask, level)
        epic, parent = self._parents(fields, kind, subtask)
        self.collector.issues.append(
            ImportedIssue(
                source=SOURCE,
                external_id=str(raw.get("id") or ""),
                external_key=key,
                title=title.strip(),
                kind=kind,
                source_kind=type_name,
                description=_rich_text(fields.get("description")),
                status=self._status(fields.get("status")),
                story_points=self._story_points(fields, context),
                rank=self._rank(fields),
                sequence=sequence,
                epic=epic,
                parent=parent,
                sprint_ids=self._sprints(fields, key, context),
                assignees=_one(self._person(fields.get("assignee"))),
                reporter=self._person(fields.get("reporter")),
                labels=_strings(fields.get("labels")),
                components=_names(fields.get("components")),
                releases=_names(fields.get("fixVersions")),
                priority=_name(fields.get("priority")),
                created=self._moment(fields, "created", context),
                updated=self._moment(fields, "updated", context),
                resolved=self._moment(fields, "resolutiondate", context),
                due=self._day(fields, "duedate", context),
                comments=self._comments(fields.get("comment"), context),
                links=_links(fields.get("issuelinks")),
                project_key=_project_key(fields.get("project")) or key.rpartition("-")[0],
                url=_browse_url(raw.get("self"), key),
            )
        )

    # --- fields -----------------------------------------------------------------------

    def _kind(self, type_name: str, subtask: bool, level: int) -> str:
        cache_key = (type_name, subtask, level)
        kind = self._kinds.get(cache_key)
        if kind is None:
            kind = kind_for(type_name) or (
                "subtask" if subtask else "task" if level < 0 else "epic" if level >= 1 else "story"
            )
            self._kinds[cache_key] = kind
        return kind

    def _status(self, value: Any) -> ImportedStatus | None:
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            return None
        category = value.get("statusCategory")
        key = category.get("key") if isinstance(category, dict) else ""
        return self.collector.status(value["name"], key if isinstance(key, str) else "")

    def _story_points(self, fields: dict[str, Any], context: tuple[str, str]) -> float | None:
        for field_id in self.catalog.story_points:
            value = fields.get(field_id)
            if value is not None:
                return self.collector.parsed(number, value, *context, "story points")
        return None

    def _rank(self, fields: dict[str, Any]) -> str:
        for field_id in self.catalog.rank:
            value = fields.get(field_id)
            if isinstance(value, str):
                return value
        return ""

    def _parents(
        self, fields: dict[str, Any], kind: str, subtask: bool
    ) -> tuple[IssueRef | None, IssueRef | None]:
        epic: IssueRef | None = None
        parent: IssueRef | None = None
        raw_parent = fields.get("parent")
        if isinstance(raw_parent, dict) and (raw_parent.get("key") or raw_parent.get("id")):
            ref = IssueRef(str(raw_parent.get("key") or ""), str(raw_parent.get("id") or ""))
            parent_fields = raw_parent.get("fields")
            parent_type = (
                parent_fields.get("issuetype") if isinstance(parent_fields, dict) else None
            )
            parent_name, _, parent_level = _type_of(parent_type)
            is_epic = kind_for(parent_name) == "epic" or parent_level >= 1
            if is_epic and not subtask:
                epic = ref
            else:
                parent = ref
        for field_id in self.catalog.epic_link:
            value = fields.get(field_id)
            if isinstance(value, str) and value and epic is None:
                epic = IssueRef(key=value)
        agile_epic = fields.get("epic")
        if epic is None and isinstance(agile_epic, dict) and agile_epic.get("key"):
            epic = IssueRef(str(agile_epic["key"]), str(agile_epic.get("id") or ""))
        if kind == "epic":
            epic = None
        return epic, parent

    def _sprints(
        self, fields: dict[str, Any], key: str, context: tuple[str, str]
    ) -> tuple[str, ...]:
        values: list[Any] = []
        for field_id in self.catalog.sprint:
            value = fields.get(field_id)
            if isinstance(value, list):
                values.extend(value)
        current = fields.get("sprint")
        if isinstance(current, dict):
            values.append(current)
        closed = fields.get("closedSprints")
        if isinstance(closed, list):
            values.extend(closed)
        if not values:
            return ()
        ids: dict[str, None] = {}
        for value in values:
            known_id = value.get("id") if isinstance(value, dict) else None
            if known_id is not None and self.collector.has_sprint(str(known_id)):
                if str(known_id) not in ids:
                    self.collector.sprint_issue(str(known_id), key)
                    ids[str(known_id)] = None
                continue
            sprint = self._sprint(value, context)
            if sprint is None:
                continue
            if sprint.external_id not in ids:
                self.collector.sprint(sprint, key)
                ids[sprint.external_id] = None
        return tuple(ids)

    def _sprint(self, value: Any, context: tuple[str, str]) -> ImportedSprint | None:
        try:
            if isinstance(value, dict):
                return sprint_from_object(value)
            if isinstance(value, str) and value.startswith(LEGACY_PREFIX):
                known = self._legacy_sprints.get(value)
                if known is None:
                    known = self._legacy_sprints[value] = sprint_from_legacy(value)
                return known
        except ValueError as error:
            self._problem(*context, "sprint", str(error))
            return None
        self._problem(*context, "sprint", f"{str(value)[:60]!r} is not a sprint")
        return None

    def _person(self, value: Any) -> ImportedPerson | None:
        if not isinstance(value, dict):
            return None
        handle = value.get("accountId") or value.get("key") or value.get("name")
        email = value.get("emailAddress")
        cache_key = str(handle or email or value.get("displayName") or "")
        if not cache_key:
            return None
        known = self._people.get(cache_key)
        if known is None:
            person = ImportedPerson(
                external_id=str(handle or ""),
                name=str(value.get("displayName") or ""),
                email=email if isinstance(email, str) else "",
                username=str(value.get("name") or value.get("key") or ""),
            )
            known = self._people[cache_key] = self.collector.person(person)
        return known

    def _comments(self, value: Any, context: tuple[str, str]) -> tuple[ImportedComment, ...]:
        comments = value.get("comments") if isinstance(value, dict) else value
        if not isinstance(comments, list) or not comments:
            return ()
        result = []
        for index, comment in enumerate(comments, 1):
            if not isinstance(comment, dict):
                continue
            created: datetime | None = None
            if comment.get("created"):
                where = f"comment {index} created"
                created = self.collector.parsed(iso_datetime, comment["created"], *context, where)
            result.append(
                ImportedComment(
                    body=_rich_text(comment.get("body")),
                    author=self._person(comment.get("author")),
                    created=created,
                    external_id=str(comment.get("id") or ""),
                )
            )
        return tuple(result)

    def _moment(
        self, fields: dict[str, Any], name: str, context: tuple[str, str]
    ) -> datetime | None:
        return self._field(iso_datetime, fields, name, context)

    def _day(self, fields: dict[str, Any], name: str, context: tuple[str, str]) -> date | None:
        return self._field(iso_date, fields, name, context)

    def _field(
        self,
        parse: Callable[[Any], _T],
        fields: dict[str, Any],
        name: str,
        context: tuple[str, str],
    ) -> _T | None:
        value = fields.get(name)
        if value is None or value == "":
            return None
        return self.collector.parsed(parse, value, *context, name)

    def _problem(self, file: str, record: str, field: str, message: str) -> None:
        self.collector.problem(file, record, field, message)


def _type_of(value: Any) -> tuple[str, bool, int]:
    if not isinstance(value, dict):
        return "", False, 0
    level = value.get("hierarchyLevel")
    return (
        str(value.get("name") or ""),
        value.get("subtask") is True,
        level if isinstance(level, int) else 0,
    )


def _rich_text(value: Any) -> str:
    if isinstance(value, str):
        return wiki_to_markdown(value)
    if isinstance(value, dict):
        return adf_to_markdown(value)
    return ""


def _one(person: ImportedPerson | None) -> tuple[ImportedPerson, ...]:
    return (person,) if person is not None else ()


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str) and item)


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item["name"]) for item in value if isinstance(item, dict) and item.get("name"))


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _project_key(value: Any) -> str:
    return str(value.get("key") or "") if isinstance(value, dict) else ""


def _links(value: Any) -> tuple[ImportedLink, ...]:
    if not isinstance(value, list) or not value:
        return ()
    links = []
    for link in value:
        if not isinstance(link, dict):
            continue
        link_type = as_dict(link.get("type"))
        for side, phrase in (("outwardIssue", "outward"), ("inwardIssue", "inward")):
            target = link.get(side)
            if isinstance(target, dict) and target.get("key"):
                links.append(
                    ImportedLink(
                        relation=str(
                            link_type.get(phrase) or link_type.get("name") or "relates to"
                        ),
                        target_key=str(target["key"]),
                        link_type=str(link_type.get("name") or ""),
                    )
                )
    return tuple(links)


def _browse_url(self_url: Any, key: str) -> str:
    if not isinstance(self_url, str):
        return ""
    rest = self_url.find("/rest/")
    return f"{self_url[:rest]}/browse/{key}" if rest > 0 else ""
