"""What every backlog page shares: the caller, their rights, input parsing and responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from tandem.backlog.models import Item, Kind, Status
from tandem.backlog.selectors import BacklogRow
from tandem.backlog.services.items import CONTENT_KINDS_OF_WORK, readiness
from tandem.backlog.services.snapshots import EDITABLE_FIELDS, item_snapshot
from tandem.core import stories
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level


@dataclass(frozen=True)
class Rights:
    """What the page may offer this person; the services check again on every write."""

    reorder: bool  # drag handles, quick add (a proposer's move becomes a proposal)
    decide: bool  # the Product Owner's say: archive, bulk moves, proposals
    work: bool  # status, estimate, assignee, labels, links, ticking criteria off
    comment: bool
    accept: bool

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        return cls(
            reorder=access.can(Action.BACKLOG, Level.PROPOSE),
            decide=access.can(Action.BACKLOG, Level.DECIDE),
            work=access.can(Action.WORK, Level.EDIT),
            comment=access.can(Action.WORK, Level.COMMENT),
            accept=access.can(Action.ACCEPT, Level.DECIDE),
        )

    def edits_content_of(self, item: Item) -> bool:
        """Whether this person writes the item's story and criteria directly."""
        return self.work if item.kind in CONTENT_KINDS_OF_WORK else self.decide

    def proposes_content_of(self, item: Item) -> bool:
        return not self.edits_content_of(item) and self.reorder


def choices_context() -> dict[str, Any]:
    return {
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "point_scale": stories.STORY_POINT_SCALE,
    }


def compact_number(number: float | None) -> str:
    """A score as people read it in a dense column: 54k, 6.6k, 162, 9.4, or a dash."""
    if number is None:
        return "–"
    size = abs(number)
    if size >= 1_000_000:
        text = f"{number / 1_000_000:.1f}M"
    elif size >= 10_000:
        text = f"{number / 1000:.0f}k"
    elif size >= 1000:
        text = f"{number / 1000:.1f}k"
    elif size >= 10:
        text = f"{number:.0f}"
    else:
        text = f"{number:.1f}"
    return text.replace(".0k", "k").replace(".0M", "M").removesuffix(".0")


_KEY_PLACEHOLDER = "KEY-0"


@lru_cache(maxsize=16)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[_KEY_PLACEHOLDER])


def item_url(name: str, key: str) -> str:
    """``reverse(name, args=[key])`` without resolving the pattern again for every row."""
    return _url_pattern(name).replace(_KEY_PLACEHOLDER, key)


def prepare_rows(items: Iterable[Item | BacklogRow]) -> None:
    """Attach what a list row shows besides fields: links, readiness gaps, readable scores."""
    for item in items:
        key = item.key
        item.url = item_url("backlog:item", key)  # type: ignore[union-attr]
        item.update_url = item_url("backlog:item-update", key)  # type: ignore[union-attr]
        item.move_url = item_url("backlog:move", key)  # type: ignore[union-attr]
        item.readiness_missing = readiness_missing(item)  # type: ignore[union-attr]
        item.scores_shown = {  # type: ignore[union-attr]
            "rice": compact_number(item.rice_score),
            "wsjf": compact_number(item.wsjf_score),
            "value_effort": compact_number(item.value_effort_score),
        }


def readiness_missing(item: Item | BacklogRow) -> tuple[str, ...]:
    return readiness(item).missing


# --- input ------------------------------------------------------------------------------

_INT_FIELDS = frozenset(
    {
        "estimate",
        "value",
        "effort",
        "reach",
        "confidence",
        "business_value",
        "time_criticality",
        "risk_reduction",
        "job_size",
    }
)
_FLOAT_FIELDS = frozenset({"impact", "rice_effort"})


def _number(raw: str, field: str, errors: dict[str, str]) -> int | float | None:
    if raw == "":
        return None
    try:
        return int(raw) if field in _INT_FIELDS else float(raw.replace(",", "."))
    except ValueError:
        errors[field] = "must be a whole number" if field in _INT_FIELDS else "must be a number"
        return None


def _form_value(post: QueryDict, field: str, errors: dict[str, str]) -> Any:
    raw = post.get(field, "").replace("\r\n", "\n").strip()
    if field in _INT_FIELDS or field in _FLOAT_FIELDS:
        return _number(raw, field, errors)
    if field == "labels":
        return sorted({name.strip() for name in raw.split(",") if name.strip()})
    if field in ("assignee", "parent"):
        return raw or None
    if field == "initiative":
        return int(raw) if raw.isdigit() else None
    return raw


def item_changes(post: QueryDict, item: Item) -> dict[str, Any]:
    """The fields a form sent whose values differ from the item's, as service values.

    Only real changes go to the service: a proposer saving a form must not propose
    every field it happened to show.
    """
    current = item_snapshot(item)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    for field in sorted(EDITABLE_FIELDS & set(post)):
        value = _form_value(post, field, errors)
        if value != current[field]:
            changes[field] = value
    if errors:
        raise ValidationFailed(errors)
    return changes


def optional_int(raw: str | None, field: str) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.lstrip("-").isdigit():
        raise ValidationFailed({field: "must be a whole number"})
    return int(raw)


# --- output ------------------------------------------------------------------------------


def fragments(
    request: HttpRequest, context: Mapping[str, Any], *templates: str, oob: Iterable[str] = ()
) -> str:
    """Render partials for one HTMX answer; those in ``oob`` swap themselves in by id."""
    parts = [render_to_string(t, dict(context), request=request) for t in templates]
    parts += [render_to_string(t, {**context, "oob": True}, request=request) for t in oob]
    return "".join(parts)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count:,} {noun}s"
