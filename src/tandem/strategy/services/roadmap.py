"""Re-planning the roadmap (drag between now/next/later) and sharing it read-only."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.core.ranking import key_between
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.proposals import propose
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level

from .. import timeline
from ..models import Horizon, Initiative, RoadmapShare


@transaction.atomic
def initiative_move(
    *,
    access: ProductAccess,
    initiative_id: int,
    horizon: str,
    before_id: int | None = None,
    after_id: int | None = None,
    expected_version: int | None = None,
) -> writes.Outcome:
    """Put an initiative in a horizon column, above ``before`` or below ``after``.

    One row is written. A proposer's move becomes a proposal the Product Manager accepts.
    A move may name the version it was made from (a drag need not): a stale one is refused.
    """
    spec = record_type("initiative")
    initiative = writes.lock(spec, access, initiative_id)
    if expected_version is not None:
        writes.check_version(spec, initiative, expected_version)
    writes.require_live(spec, initiative)
    _require_horizon_free(access, initiative, horizon)
    payload = _clean_move(access, initiative, horizon, before_id, after_id)
    if not writes.writes_directly(access, spec, initiative, payload):
        return writes.Outcome(initiative, propose(access, spec, "move", initiative, payload))
    apply_move(access, initiative, payload)
    return writes.Outcome(initiative)


def accept_move(access: ProductAccess, proposal: Proposal) -> Initiative:
    """The decider carries out a proposed move (the proposal operation "move")."""
    spec = record_type("initiative")
    initiative = writes.lock(spec, access, proposal.record_id or 0)
    writes.require_live(spec, initiative)
    apply_move(access, initiative, proposal.payload)
    assert isinstance(initiative, Initiative)
    return initiative


def _require_horizon_free(access: ProductAccess, initiative: Initiative, horizon: str) -> None:
    """While the horizon follows the dates, a dated initiative moves by changing its dates."""
    setting = timeline.setting_of(access.product)
    derived = timeline.derived_horizon(initiative, setting)
    if derived is not None and derived != horizon:
        raise ValidationFailed(
            {
                "horizon": f"follows the dates ({initiative.title} is {derived}); "
                "change its start or end on the timeline instead"
            }
        )


def _clean_move(
    access: ProductAccess,
    initiative: Initiative,
    horizon: str,
    before_id: int | None,
    after_id: int | None,
) -> dict[str, Any]:
    if horizon not in Horizon.values:
        raise ValidationFailed({"horizon": f"must be one of: {', '.join(Horizon.values)}"})
    payload: dict[str, Any] = {"horizon": horizon}
    for name, pk in (("before", before_id), ("after", after_id)):
        if pk is None:
            continue
        if pk == initiative.pk:
            raise ValidationFailed({name: "an initiative cannot move next to itself"})
        neighbour = _neighbour(access, pk)
        if neighbour is None or _horizon_shown(access, neighbour) != horizon:
            raise ValidationFailed({name: f"{pk} is not a live initiative in {horizon}"})
        payload[name] = pk
    return payload


def _horizon_shown(access: ProductAccess, initiative: Initiative) -> str:
    setting = timeline.setting_of(access.product)
    return timeline.derived_horizon(initiative, setting) or initiative.horizon


def _neighbour(access: ProductAccess, pk: int) -> Initiative | None:
    return Initiative.objects.filter(
        pk=pk, product=access.product, archived_at__isnull=True
    ).first()


def apply_move(access: ProductAccess, initiative: Initiative, payload: Mapping[str, Any]) -> None:
    horizon = str(payload["horizon"])
    column = Initiative.objects.filter(product=access.product).exclude(pk=initiative.pk)
    if not timeline.setting_of(access.product).horizon_follows_dates:
        column = column.filter(horizon=horizon)
    # While horizons follow the dates a column mixes stored horizons; ranks are read across
    # the product, so a key between two neighbours is between them in every column.
    before = _neighbour(access, payload["before"]) if payload.get("before") else None
    after = _neighbour(access, payload["after"]) if payload.get("after") else None
    if before is not None and _horizon_shown(access, before) == horizon:
        above = column.filter(rank__lt=before.rank).order_by("-rank").first()
        rank = key_between(above.rank if above else None, before.rank)
    elif after is not None and _horizon_shown(access, after) == horizon:
        below = column.filter(rank__gt=after.rank).order_by("rank").first()
        rank = key_between(after.rank, below.rank if below else None)
    else:
        last = column.order_by("-rank").first()
        rank = key_between(last.rank if last and last.rank else None, None)
    writes.save(
        access,
        record_type("initiative"),
        initiative,
        {"horizon": horizon, "rank": rank},
        verb="moved",
    )


# --- the public link ---------------------------------------------------------------------


def share_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def share_create(*, access: ProductAccess, label: str = "") -> tuple[RoadmapShare, str]:
    """An unguessable read-only link to the roadmap; anyone holding it can read, no login.

    Returns the link and its secret, which is shown once and never stored.
    """
    access.require(Action.ROADMAP, Level.DECIDE)
    secret = secrets.token_urlsafe(32)
    share = RoadmapShare.objects.create(
        product=access.product,
        digest=share_digest(secret),
        label=label.strip()[:120],
        created_by=access.user,
    )
    caller_event(
        access,
        "roadmap.shared",
        share.pk,
        share.label or "Roadmap link",
        object_type="roadmap_share",
    )
    return share, secret


@transaction.atomic
def share_revoke(*, access: ProductAccess, share_id: int) -> RoadmapShare:
    access.require(Action.ROADMAP, Level.DECIDE)
    share = RoadmapShare.objects.filter(pk=share_id, product=access.product).first()
    if share is None:
        raise NotFound("No such link.")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        caller_event(
            access,
            "roadmap.share_revoked",
            share.pk,
            share.label or "Roadmap link",
            object_type="roadmap_share",
        )
    return share
