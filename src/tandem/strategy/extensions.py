"""Where apps above strategy add to its roadmap without strategy importing them.

Delivery registers its releases here, so the dated roadmap shows them as
milestones beside the initiatives; the backlog registers the reader of the
work linked to each initiative (progress, alignment, orphans).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tandem.workspace.access import ProductAccess
from tandem.workspace.date_markers import Marker, MarkerSource, in_date_order, register_once

_marker_sources: list[MarkerSource] = []


def register_milestones(source: MarkerSource) -> MarkerSource:
    return register_once(_marker_sources, source)


def milestones(access: ProductAccess) -> list[Marker]:
    """(date, label) of every registered milestone, in date order."""
    return in_date_order(_marker_sources, access)


# --- the work behind the roadmap ---------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    key: str
    title: str
    kind: str


@dataclass(frozen=True)
class InitiativeWork:
    """The backlog behind one initiative: its epics and their stories' points."""

    done_points: int = 0
    total_points: int = 0
    items: int = 0
    epics: tuple[WorkItem, ...] = ()

    @property
    def percent(self) -> int | None:
        if not self.total_points:
            return None
        return round(100 * self.done_points / self.total_points)


@dataclass(frozen=True)
class Work:
    """What the backlog says about the roadmap: progress per initiative and what is untraced."""

    by_initiative: Mapping[int, InitiativeWork] = field(default_factory=dict)
    total_points: int = 0
    untraced_points: int = 0
    orphans: tuple[WorkItem, ...] = ()  # epics and stories that serve no initiative
    orphan_count: int = 0


WorkSource = Callable[[ProductAccess], Work]

_work_sources: list[WorkSource] = []


def register_work_source(source: WorkSource) -> WorkSource:
    """The backlog registers here the reader of items linked to initiatives."""
    if source not in _work_sources:
        _work_sources.append(source)
    return source


def work(access: ProductAccess) -> Work:
    """The backlog's figures for the roadmap, or empty ones when no backlog is installed."""
    for source in _work_sources:
        return source(access)
    return Work()


# --- release names, for the go-to-market records that name their releases ------------------

ReleaseNames = Callable[[ProductAccess], list[str]]

_release_sources: list[ReleaseNames] = []


def register_release_names(source: ReleaseNames) -> ReleaseNames:
    """Delivery registers here the versions of the product's live releases."""
    if source not in _release_sources:
        _release_sources.append(source)
    return source


def release_names(access: ProductAccess) -> list[str] | None:
    """The product's release versions, or None when no app offers releases (no check then)."""
    if not _release_sources:
        return None
    return [name for source in _release_sources for name in source(access)]
