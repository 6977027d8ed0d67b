"""The roadmap: now/next/later columns, the timeline, what changed on it, share links."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from tandem.core.timescale import Zoom
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, Role
from tandem.workspace.rights import Action, Level

from .. import extensions
from .. import timeline as timeline_module
from ..models import (
    Horizon,
    Initiative,
    Objective,
    RoadmapShare,
)
from ..timeline import Bar as Bar  # where the roadmap's bars are read from
from ..timeline import Timeline


@dataclass
class RoadmapCard:
    initiative: Initiative
    work: extensions.InitiativeWork
    objectives: list[Objective]


def roadmap_columns(
    *, access: ProductAccess, work: extensions.Work | None = None
) -> dict[str, list[RoadmapCard]]:
    """Now / next / later, each in rank order, with each initiative's backlog progress."""
    work = work if work is not None else extensions.work(access)
    columns: dict[str, list[RoadmapCard]] = {h: [] for h in Horizon.values}
    rows = (
        Initiative.objects.filter(product=access.product, archived_at__isnull=True)
        .select_related("owner")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.filter(archived_at__isnull=True))
        )
        .order_by("rank", "id")
    )
    initiatives = list(rows)
    timeline_module.follow_dates(initiatives, timeline_module.setting_of(access.product))
    for initiative in initiatives:
        columns[initiative.horizon].append(
            RoadmapCard(
                initiative,
                work.by_initiative.get(initiative.pk, extensions.InitiativeWork()),
                list(initiative.objectives.all()),
            )
        )
    return columns


def timeline(
    *,
    access: ProductAccess,
    work: extensions.Work | None = None,
    zoom: Zoom | None = None,
) -> Timeline | None:
    """Dated initiatives as bars grouped by objective, releases as milestones.

    ``zoom`` None picks the finest zoom (months, quarters, years) that fits the span.
    """
    work = work if work is not None else extensions.work(access)
    cards = [c for column in roadmap_columns(access=access, work=work).values() for c in column]
    return timeline_module.build(cards, extensions.milestones(access), zoom)


ROADMAP_VERBS = (
    "initiative.created",
    "initiative.updated",
    "initiative.moved",
    "initiative.archived",
    "initiative.restored",
)


def roadmap_changes(
    *, access: ProductAccess, since: dt.datetime, until: dt.datetime | None = None
) -> QuerySet[Event]:
    """What changed on the roadmap, from the audit log."""
    events = Event.objects.filter(
        product=access.product, verb__in=ROADMAP_VERBS, created_at__gte=since
    )
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events.select_related("actor").order_by("-created_at", "-id")


_HORIZONS = dict(Horizon.choices)


def roadmap_change_phrase(event: Event) -> str:
    """One roadmap event as a person would say it: "moved from Next to Now"."""
    before, after = event.before or {}, event.after or {}
    verb = event.verb.removeprefix("initiative.")
    if verb == "created":
        return f"added to {_HORIZONS.get(after.get('horizon', ''), 'the roadmap')}"
    if verb == "moved":
        old, new = before.get("horizon"), after.get("horizon")
        if old == new:
            return f"re-ranked within {_HORIZONS.get(new or '', new)}"
        return f"moved from {_HORIZONS.get(old or '', old)} to {_HORIZONS.get(new or '', new)}"
    if verb == "updated":
        parts = []
        for field in ("horizon", "status", "starts_on", "ends_on", "title", "confidence"):
            if field in after:
                label = field.replace("_", " ")
                parts.append(f"{label} {before.get(field) or '–'} → {after.get(field) or '–'}")
        return "changed " + "; ".join(parts) if parts else "edited"
    return verb


# --- sharing ---------------------------------------------------------------------------------


def shares_of(*, access: ProductAccess) -> QuerySet[RoadmapShare]:
    """The live links, for those who may make and revoke them; others see none."""
    if access.level(Action.ROADMAP) < Level.DECIDE:
        return RoadmapShare.objects.none()
    return RoadmapShare.objects.filter(product=access.product, revoked_at__isnull=True).order_by(
        "-created_at"
    )


def shared_access(*, token: str) -> ProductAccess:
    """A viewer's read of the product behind a live share link; anything else is not found."""
    share = (
        RoadmapShare.objects.filter(
            digest=hashlib.sha256(token.encode()).hexdigest(), revoked_at__isnull=True
        )
        .select_related("product__organization", "created_by")
        .first()
        if token
        else None
    )
    if share is None or share.created_by is None:
        raise NotFound("This link is not valid (it may have been revoked).")
    return ProductAccess(
        user=share.created_by, product=share.product, roles=frozenset({Role.VIEWER})
    )
