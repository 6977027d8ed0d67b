"""The Product Owner's evidence weights, and demand applied to an item's RICE reach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from tandem.backlog import services as backlog_services
from tandem.core import evidence
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level
from tandem.workspace.setting_writes import check_settings_version, lock_settings, save_settings

from ..models import EvidenceWeights
from ..selectors.demand import demand_of_items

if TYPE_CHECKING:
    from tandem.backlog.models import Item


@transaction.atomic
def weights_update(
    *, access: ProductAccess, weights: Mapping[str, Any], expected_version: int | None
) -> EvidenceWeights:
    """Set the weights of the evidence ranking; it orders the backlog, so it is the PO's call."""
    access.require(Action.BACKLOG, Level.DECIDE)
    row, _ = lock_settings(EvidenceWeights, access, weights=evidence.Weights().as_dict())
    check_settings_version(
        row, expected_version, what="the weighting", current={"weights": row.weights}
    )
    try:
        merged = evidence.Weights.from_mapping({**row.weights, **weights})
    except ValueError as exc:
        raise ValidationFailed({"weights": str(exc)}) from None
    save_settings(
        access,
        row,
        {"weights": merged.as_dict()},
        verb="evidence_weights.updated",
        label=f"Evidence weights of {access.product.key}",
        snapshot=lambda r: dict(r.weights),
    )
    return row


@transaction.atomic
def item_reach_from_demand(
    *, access: ProductAccess, item: Item, expected_version: int | None
) -> backlog_services.WriteOutcome:
    """RICE reach := the people behind the item's feedback (distinct customers, plus each
    piece of feedback with no customer as one person). Goes through the backlog's rules:
    a PM's change becomes a proposal for the PO."""
    demand = demand_of_items(access=access, item_ids=[item.pk]).get(item.pk)
    reach = demand.people if demand else 0
    if reach == 0:
        raise ValidationFailed({"reach": "no feedback is linked to this item yet"})
    return backlog_services.item_update(
        access=access, item=item, changes={"reach": reach}, expected_version=expected_version
    )
