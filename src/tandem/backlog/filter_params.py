"""The backlog's filters as a query string: one parser for the page, the API and saved views."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from pydantic import Field

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.schemas import QueryIn

from .selectors.filtering import MULTI_FILTERS, NEGATED_FILTERS, BacklogFilters

_YES_NO = {"1": True, "0": False, "true": True, "false": False}
_FLAGS = ("ready", "scored", "estimated", "show_done")
_TEXTS = ("text", "quadrant", "jql")
# What a saved view's query string may hold; the page's own parameters are not filters.
VIEW_PARAMETERS = frozenset((*MULTI_FILTERS, *NEGATED_FILTERS, *_FLAGS, *_TEXTS, "sort"))


class ItemFilters(QueryIn):
    """``GET /products/KEY/items``: repeat a filter for several values, ``not_`` to leave out."""

    kind: list[str] = Field(default_factory=list)
    status: list[str] = Field(default_factory=list)
    label: list[str] = Field(default_factory=list)
    assignee: list[str] = Field(default_factory=list)
    epic: list[str] = Field(default_factory=list)
    moscow: list[str] = Field(default_factory=list)
    not_kind: list[str] = Field(default_factory=list)
    not_status: list[str] = Field(default_factory=list)
    not_label: list[str] = Field(default_factory=list)
    not_assignee: list[str] = Field(default_factory=list)
    not_epic: list[str] = Field(default_factory=list)
    not_moscow: list[str] = Field(default_factory=list)
    ready: bool | None = None
    text: str | None = None
    scored: bool | None = None
    estimated: bool | None = None
    quadrant: str | None = None
    min_rice: float | None = None
    min_wsjf: float | None = None
    min_value_effort: float | None = None
    archived: bool = False
    show_done: bool = False
    sort: str = "rank"
    jql: str | None = None
    view: int | None = None
    cursor: str | None = None
    limit: int = 50


def refuse_unknown(query: QueryDict, known: frozenset[str] | set[str]) -> None:
    """A misspelt filter is an error naming it, never a silently unfiltered list."""
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise ValidationFailed(dict.fromkeys(unknown, "is not a filter of the backlog"))


def api_filter_names() -> frozenset[str]:
    return frozenset(ItemFilters.model_fields)


def filters_from_query(query: QueryDict, **overrides: Any) -> BacklogFilters:
    """Read the page's (or a saved view's) query string; bad flags are ignored as on a form."""
    values: dict[str, Any] = {
        name: query.getlist(name) for name in (*MULTI_FILTERS, *NEGATED_FILTERS)
    }
    for name in _FLAGS:
        values[name] = _YES_NO.get(query.get(name, "").lower())
    values["show_done"] = bool(values["show_done"])
    for name in _TEXTS:
        values[name] = query.get(name, "").strip() or None
    values["sort"] = query.get("sort", "").strip() or "rank"
    values.update(overrides)
    return BacklogFilters(**values)


def page_query(query: QueryDict) -> QueryDict:
    """The filter bar's form as filters: a filter whose "is not" switch is on (``negate=epic``)
    sends its ticked values as ``not_epic``, the name the API and saved views know."""
    if "negate" not in query:
        return query
    folded = query.copy()
    for name in set(folded.pop("negate")) & set(MULTI_FILTERS):
        folded.setlist(f"not_{name}", [*folded.getlist(f"not_{name}"), *folded.getlist(name)])
        folded.setlist(name, [])
    return folded


def clean_query(query: QueryDict) -> QueryDict:
    """The filters as a clean query string: no empty values, no cursor, rank is the default."""
    clean = QueryDict(mutable=True)
    for name in sorted(VIEW_PARAMETERS):
        values = [v.strip() for v in query.getlist(name) if v.strip()]
        if name == "sort" and values == ["rank"]:
            continue
        if values:
            clean.setlist(name, values)
    return clean


def with_view(values: dict[str, Any], from_view: BacklogFilters, given: Any) -> dict[str, Any]:
    """The view's filters, except those the request names itself (checked by Ninja)."""
    merged = {name: getattr(from_view, name) for name in values}
    merged.update({name: values[name] for name in values if name in given})
    return merged
