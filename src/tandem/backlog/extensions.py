"""Where apps above the backlog plug into it without the backlog importing them.

DESIGN.md §3: a lower app never imports upward. Delivery knows whether an item is
blocked and insights knows its demand; they register here in their
``AppConfig.ready`` and the backlog asks, knowing only these signatures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import QuerySet

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .models import Item, Kind


@dataclass(frozen=True)
class ItemPanel:
    """A card on the item page: a template and what it needs, in the main or side column."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    column: Literal["main", "side"] = "side"
    order: int = 100


ItemPanelSource = Callable[[ProductAccess, Item], ItemPanel | None]


@dataclass(frozen=True)
class ItemHint:
    """A small part shown beside an item in a list (planning's backlog, refinement)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


# Estimate hints for many unestimated items at once (one batch, not a read per item):
# item id → hint; an item left out gets none.
EstimateHintSource = Callable[[ProductAccess, Sequence[Item]], Mapping[int, ItemHint]]
StatusGuard = Callable[[Item, str], str | None]
# Other keys an item is known by (an imported item's old key): text → matching item ids.
KeyLookup = Callable[[ProductAccess, str], "QuerySet[Any]"]

# A query language for the backlog filter (JQL, from integrations): narrows the items
# or raises ValidationFailed naming ``jql``; and the saved queries a person may pick.
ItemQuery = Callable[[ProductAccess, QuerySet[Item], str], QuerySet[Item]]


@dataclass(frozen=True)
class SavedQuery:
    id: int
    name: str
    query: str


SavedQuerySource = Callable[[ProductAccess], list[SavedQuery]]

# Refinement's likely duplicates from stored neighbours: (first id, second id, score) pairs.
DuplicateFinder = Callable[[ProductAccess, int], list[tuple[int, int, float]]]


@dataclass(frozen=True)
class SliceRelease:
    """The release a story-map slice ships, as the app that keeps releases tells it."""

    name: str
    target_date: dt.date | None
    released_on: dt.date | None
    url: str


# Slice ids → the release each of them ships (those that have one).
SliceReleaseSource = Callable[[ProductAccess, list[int]], dict[int, SliceRelease]]

_panel_sources: list[ItemPanelSource] = []
_slice_release_sources: list[SliceReleaseSource] = []
_status_guards: list[StatusGuard] = []
_item_queries: list[ItemQuery] = []
_saved_query_sources: list[SavedQuerySource] = []
_key_lookups: list[KeyLookup] = []
_duplicate_finders: list[DuplicateFinder] = []
_estimate_hint_sources: list[EstimateHintSource] = []
# What the answer to creating an item adds as headers ("Tandem-Similar: DRN-17").
CreateHeaders = Callable[[ProductAccess, Item], dict[str, str]]
_create_headers: list[CreateHeaders] = []


def register_create_headers(source: CreateHeaders) -> CreateHeaders:
    if source not in _create_headers:
        _create_headers.append(source)
    return source


def create_headers(access: ProductAccess, item: Item) -> dict[str, str]:
    return {
        name: value for source in _create_headers for name, value in source(access, item).items()
    }


def register_duplicate_finder(finder: DuplicateFinder) -> DuplicateFinder:
    """Let refinement read likely duplicates another part keeps up to date."""
    _duplicate_finders[:] = [finder]
    return finder


def duplicate_finder() -> DuplicateFinder | None:
    return _duplicate_finders[0] if _duplicate_finders else None


def register_key_lookup(lookup: KeyLookup) -> KeyLookup:
    """Let the backlog's search find items by keys another app keeps (imported keys)."""
    if lookup not in _key_lookups:
        _key_lookups.append(lookup)
    return lookup


def key_lookups() -> list[KeyLookup]:
    return list(_key_lookups)


def register_item_panel(source: ItemPanelSource) -> ItemPanelSource:
    """Add a panel source; registering the same one twice (a reloaded app) is harmless."""
    if source not in _panel_sources:
        _panel_sources.append(source)
    return source


def register_status_guard(guard: StatusGuard) -> StatusGuard:
    """Add a rule that may refuse a status change, e.g. "blocked items cannot be done"."""
    if guard not in _status_guards:
        _status_guards.append(guard)
    return guard


def item_panels(access: ProductAccess, item: Item) -> list[ItemPanel]:
    panels = [panel for source in _panel_sources if (panel := source(access, item))]
    return sorted(panels, key=lambda panel: panel.order)


def status_refusal(item: Item, new_status: str) -> str | None:
    """The first guard's reason to refuse ``item`` moving to ``new_status``, or None."""
    for guard in _status_guards:
        reason = guard(item, new_status)
        if reason:
            return reason
    return None


def register_item_query(compiler: ItemQuery, saved: SavedQuerySource) -> None:
    """Install the backlog filter's query language and where its saved queries come from."""
    _item_queries[:] = [compiler]
    _saved_query_sources[:] = [saved]


def filtered_by_query(access: ProductAccess, items: QuerySet[Item], query: str) -> QuerySet[Item]:
    if not _item_queries:
        raise ValidationFailed({"jql": "no query language is installed on this server"})
    return _item_queries[0](access, items, query)


def saved_queries(access: ProductAccess) -> list[SavedQuery]:
    return [query for source in _saved_query_sources for query in source(access)]


def register_estimate_hints(source: EstimateHintSource) -> EstimateHintSource:
    """Let another part suggest estimates beside the unestimated items of a list."""
    if source not in _estimate_hint_sources:
        _estimate_hint_sources.append(source)
    return source


def attach_estimate_hints(access: ProductAccess, items: Sequence[Item], *, limit: int) -> None:
    """Give the first ``limit`` live unestimated items of ``items`` an ``estimate_hint``.

    Every item gets the attribute (None when there is no hint), so a template reads it
    plainly; an estimated item, an epic or an archived one is never asked about.
    """
    for item in items:
        item.estimate_hint = None  # type: ignore[attr-defined]
    wanting = [
        item
        for item in items
        if item.estimate is None and item.kind != Kind.EPIC and item.archived_at is None
    ][:limit]
    if not wanting:
        return
    by_id = {item.pk: item for item in wanting}
    for source in _estimate_hint_sources:
        for item_id, hint in source(access, wanting).items():
            if item_id in by_id:
                by_id[item_id].estimate_hint = hint  # type: ignore[attr-defined]


def register_slice_releases(source: SliceReleaseSource) -> SliceReleaseSource:
    """Let the app that keeps releases say which release each story-map slice ships."""
    _slice_release_sources[:] = [source]
    return source


def slice_releases(access: ProductAccess, slice_ids: list[int]) -> dict[int, SliceRelease]:
    if not _slice_release_sources or not slice_ids:
        return {}
    return _slice_release_sources[0](access, slice_ids)
