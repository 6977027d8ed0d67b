"""Jira's field names and values → Tandem's canonical ones: one documented table.

The same query works in Tandem's own backlog filter and in a filter brought over
from Jira: ``type = Story AND "Story Points" > 3`` and ``kind = story AND
estimate > 3`` normalize to the same tree. The compiler to database filters only
ever sees the canonical names below.

=================  ==========  ==================================================
canonical          type        also written as (any case)
=================  ==========  ==================================================
product            product     project
key                key         issuekey, issue, id (a key kept from an import
                               finds the item too: DRN-42 stays findable)
title              text        summary
description        text
comment            text        comments
text               text        all text: title, description and comments
status             status      (values: see :func:`status_for`)
status_category    status      statusCategory, "status category"
kind               kind        type, issuetype, "issue type" (see :func:`kind_for`)
assignee           person
reporter           person      creator, created_by
labels             labels      label
priority           choice
sprint             sprint
parent             item        epic, "epic link", "parent link", epiclink: the
                               epic or parent item (Jira's sub-task parent too)
release            release     fixVersion, "fix version", fixversions
created            date        createdDate
updated            date        updatedDate
resolved           date        resolution date, resolutiondate
due                date        duedate, "due date"
estimate           number      "story points", "story point estimate",
                               storypoints, points
rank               rank        (ORDER BY rank is the backlog order)
value, effort,     number      Tandem's own scoring fields, as on the item
reach, confidence,
rice_score (rice), wsjf_score (wsjf)
moscow             choice
initiative         initiative
ready              boolean     is_ready
=================  ==========  ==================================================

Custom fields written ``cf[10004]`` map through ``custom_fields`` (for example
``{"cf[10004]": "estimate"}``), which an import fills from the source's field list.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from .ast import And, Clause, Field, Node, Not, Or, Query, SortKey
from .errors import error_at, unknown_name


class FieldType(enum.Enum):
    PRODUCT = "product"
    KEY = "key"
    TEXT = "text"
    STATUS = "status"
    KIND = "kind"
    PERSON = "person"
    LABELS = "labels"
    CHOICE = "choice"
    SPRINT = "sprint"
    ITEM = "item"
    RELEASE = "release"
    DATE = "date"
    NUMBER = "number"
    RANK = "rank"
    INITIATIVE = "initiative"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    aliases: tuple[str, ...] = ()
    sortable: bool = True


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("product", FieldType.PRODUCT, ("project",)),
    FieldSpec("key", FieldType.KEY, ("issuekey", "issue", "id")),
    FieldSpec("title", FieldType.TEXT, ("summary",)),
    FieldSpec("description", FieldType.TEXT, (), sortable=False),
    FieldSpec("comment", FieldType.TEXT, ("comments",), sortable=False),
    FieldSpec("text", FieldType.TEXT, (), sortable=False),
    FieldSpec("status", FieldType.STATUS),
    FieldSpec("status_category", FieldType.STATUS, ("statuscategory", "status category")),
    FieldSpec("kind", FieldType.KIND, ("type", "issuetype", "issue type")),
    FieldSpec("assignee", FieldType.PERSON),
    FieldSpec("reporter", FieldType.PERSON, ("creator", "created_by")),
    FieldSpec("labels", FieldType.LABELS, ("label",)),
    FieldSpec("priority", FieldType.CHOICE),
    FieldSpec("sprint", FieldType.SPRINT),
    FieldSpec("parent", FieldType.ITEM, ("epic", "epic link", "parent link", "epiclink")),
    FieldSpec("release", FieldType.RELEASE, ("fixversion", "fix version", "fixversions")),
    FieldSpec("created", FieldType.DATE, ("createddate",)),
    FieldSpec("updated", FieldType.DATE, ("updateddate",)),
    FieldSpec("resolved", FieldType.DATE, ("resolutiondate", "resolution date")),
    FieldSpec("due", FieldType.DATE, ("duedate", "due date")),
    FieldSpec(
        "estimate",
        FieldType.NUMBER,
        ("story points", "story point estimate", "storypoints", "points"),
    ),
    FieldSpec("rank", FieldType.RANK),
    FieldSpec("value", FieldType.NUMBER),
    FieldSpec("effort", FieldType.NUMBER),
    FieldSpec("reach", FieldType.NUMBER),
    FieldSpec("confidence", FieldType.NUMBER),
    FieldSpec("rice_score", FieldType.NUMBER, ("rice",)),
    FieldSpec("wsjf_score", FieldType.NUMBER, ("wsjf",)),
    FieldSpec("moscow", FieldType.CHOICE),
    FieldSpec("initiative", FieldType.INITIATIVE),
    FieldSpec("ready", FieldType.BOOLEAN, ("is_ready",)),
)

_BY_NAME: dict[str, FieldSpec] = {
    alias: spec for spec in FIELDS for alias in (spec.name, *spec.aliases)
}
FIELD_NAMES: tuple[str, ...] = tuple(_BY_NAME)
"""Every field name a query may use, for :func:`~tandem.core.jql.parser.parse`'s ``fields``."""

# Issue types → Tandem kinds. Sub-tasks become tasks under their parent.
KIND_BY_TYPE: dict[str, str] = {
    "epic": "epic",
    "story": "story",
    "user story": "story",
    "feature": "story",
    "new feature": "story",
    "improvement": "story",
    "enhancement": "story",
    "requirement": "story",
    "task": "task",
    "sub-task": "subtask",
    "subtask": "subtask",
    "technical task": "task",
    "chore": "task",
    "bug": "bug",
    "defect": "bug",
    "incident": "bug",
    "problem": "bug",
    "spike": "spike",
    "research": "spike",
    "investigation": "spike",
}

# Workflow status names → Tandem statuses; a name not listed falls back to its category.
STATUS_BY_NAME: dict[str, str] = {
    "new": "new",
    "open": "new",
    "to do": "new",
    "todo": "new",
    "backlog": "new",
    "reopened": "new",
    "ready": "ready",
    "selected for development": "ready",
    "ready for development": "ready",
    "in progress": "in_progress",
    "doing": "in_progress",
    "in review": "in_progress",
    "in development": "in_progress",
    "review": "in_progress",
    "testing": "in_progress",
    "in testing": "in_progress",
    "blocked": "in_progress",
    "done": "done",
    "closed": "done",
    "resolved": "done",
    "complete": "done",
    "completed": "done",
    "accepted": "accepted",
}
STATUS_BY_CATEGORY: dict[str, str] = {
    "new": "new",
    "to do": "new",
    "indeterminate": "in_progress",
    "in progress": "in_progress",
    "done": "done",
}


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def field_spec(name: str, *, custom_fields: Mapping[str, str] | None = None) -> FieldSpec | None:
    """The canonical field a name stands for, or None."""
    key = _key(name)
    if custom_fields:
        mapped = {_key(k): v for k, v in custom_fields.items()}.get(key)
        if mapped is not None:
            key = _key(mapped)
    return _BY_NAME.get(key)


def kind_for(type_name: str) -> str | None:
    """Tandem's kind for an issue type name (``Sub-task`` → ``subtask``), or None."""
    return KIND_BY_TYPE.get(_key(type_name))


def status_for(name: str, category: str = "") -> str | None:
    """Tandem's status for a workflow status name, else for its category, else None."""
    return STATUS_BY_NAME.get(_key(name)) or STATUS_BY_CATEGORY.get(_key(category))


def normalize(query: Query, *, custom_fields: Mapping[str, str] | None = None) -> Query:
    """The same query with every field under its canonical name.

    An unknown field is a :class:`JqlError` at its place, naming the nearest known one.
    """
    renamer = _Renamer(custom_fields or {})
    where = query.where.accept(renamer) if query.where is not None else None
    order_by = tuple(SortKey(renamer.rename(key.field), key.direction) for key in query.order_by)
    return Query(where=where, order_by=order_by)


class _Renamer:
    def __init__(self, custom_fields: Mapping[str, str]) -> None:
        self.custom_fields = custom_fields

    def rename(self, field: Field) -> Field:
        spec = field_spec(field.name, custom_fields=self.custom_fields)
        if spec is None:
            names = [*FIELD_NAMES, *self.custom_fields]
            raise error_at(unknown_name("field", field.name, names), field.span)
        return Field(spec.name, span=field.span)

    def visit_clause(self, node: Clause) -> Node:
        return Clause(self.rename(node.field), node.operator, node.value, span=node.span)

    def visit_and(self, node: And) -> Node:
        return And(tuple(operand.accept(self) for operand in node.operands))

    def visit_or(self, node: Or) -> Node:
        return Or(tuple(operand.accept(self) for operand in node.operands))

    def visit_not(self, node: Not) -> Node:
        return Not(node.operand.accept(self))
