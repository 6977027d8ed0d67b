"""Re-planning the roadmap (drag between now/next/later) and sharing it read-only."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.core.ranking import key_between
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..kinds import KINDS
from ..models import Horizon, Initiative, RoadmapShare
from . import records

_INITIATIVE = KINDS["initiative"]


@transaction.atomic
def initiative_move(
    *,
    access: ProductAccess,
    initiative_id: int,
    horizon: str,
    before_id: int | None = None,
    after_id: int | None = None,
    expected_version: int | None = None,
) -> records.Outcome:
    """Put an initiative in a horizon column, above ``before`` or below ``after``.

    One row is written. A proposer's move becomes a proposal the Product Manager accepts.
    """
    initiative = records.locked(access, _INITIATIVE, initiative_id)
    assert isinstance(initiative, Initiative)
    records.check_version(_INITIATIVE, initiative, expected_version)
    records._require_live(_INITIATIVE, initiative)
    payload = _clean_move(access, initiative, horizon, before_id, after_id)
    if not records.decides(access, Action.ROADMAP):
        return records.Outcome(
            initiative, records.propose(access, _INITIATIVE, "move", initiative, payload)
        )
    apply_move(access, initiative, payload)
    return records.Outcome(initiative)


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
        if neighbour is None or neighbour.horizon != horizon:
            raise ValidationFailed({name: f"{pk} is not a live initiative in {horizon}"})
        payload[name] = pk
    return payload


def _neighbour(access: ProductAccess, pk: int) -> Initiative | None:
    return Initiative.objects.filter(
        pk=pk, product=access.product, archived_at__isnull=True
    ).first()


def apply_move(access: ProductAccess, initiative: Initiative, payload: Mapping[str, Any]) -> None:
    horizon = str(payload["horizon"])
    column = Initiative.objects.filter(product=access.product, horizon=horizon).exclude(
        pk=initiative.pk
    )
    before = _neighbour(access, payload["before"]) if payload.get("before") else None
    after = _neighbour(access, payload["after"]) if payload.get("after") else None
    if before is not None and before.horizon == horizon:
        above = column.filter(rank__lt=before.rank).order_by("-rank").first()
        rank = key_between(above.rank if above else None, before.rank)
    elif after is not None and after.horizon == horizon:
        below = column.filter(rank__gt=after.rank).order_by("rank").first()
        rank = key_between(after.rank, below.rank if below else None)
    else:
        last = column.order_by("-rank").first()
        rank = key_between(last.rank if last and last.rank else None, None)
    before_state = {"horizon": initiative.horizon, "rank": initiative.rank}
    initiative.horizon = horizon
    initiative.rank = rank
    initiative.version += 1
    initiative.updated_at = timezone.now()
    initiative.save(update_fields=["horizon", "rank", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="initiative.moved",
        object_type="initiative",
        object_id=initiative.pk,
        object_label=initiative.title,
        before=before_state,
        after={"horizon": horizon, "rank": rank},
    )


# --- the public link ---------------------------------------------------------------------


@transaction.atomic
def share_create(*, access: ProductAccess, label: str = "") -> RoadmapShare:
    """An unguessable read-only link to the roadmap; anyone holding it can read, no login."""
    access.require(Action.ROADMAP, Level.DECIDE)
    share = RoadmapShare.objects.create(
        product=access.product,
        token=secrets.token_urlsafe(32),
        label=label.strip()[:120],
        created_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb="roadmap.shared",
        object_type="roadmap_share",
        object_id=share.pk,
        object_label=share.label or "Roadmap link",
    )
    return share


@transaction.atomic
def share_revoke(*, access: ProductAccess, share_id: int) -> RoadmapShare:
    access.require(Action.ROADMAP, Level.DECIDE)
    share = RoadmapShare.objects.filter(pk=share_id, product=access.product).first()
    if share is None:
        raise NotFound("No such link.")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        record_event(
            actor=access.user,
            product=access.product,
            verb="roadmap.share_revoked",
            object_type="roadmap_share",
            object_id=share.pk,
            object_label=share.label or "Roadmap link",
        )
    return share
