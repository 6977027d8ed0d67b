"""The Product Owner's evidence weights, and demand applied to an item's RICE reach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.core import evidence
from tandem.workspace.access import ProductAccess
from tandem.workspace.access_audit import caller_event
from tandem.workspace.errors import Conflict, PreconditionRequired, ValidationFailed
from tandem.workspace.rights import Action, Level

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
    row, _ = EvidenceWeights.objects.select_for_update().get_or_create(
        product=access.product,
        defaults={"weights": evidence.Weights().as_dict(), "version": 1},
    )
    if expected_version is None:
        raise PreconditionRequired("Send the version of the weights you read.")
    if expected_version != row.version:
        raise Conflict(
            "Someone else changed the weights.",
            current={"weights": row.weights, "version": row.version},
        )
    try:
        merged = evidence.Weights.from_mapping({**row.weights, **weights})
    except ValueError as exc:
        raise ValidationFailed({"weights": str(exc)}) from None
    before = dict(row.weights)
    row.weights = merged.as_dict()
    row.version += 1
    row.updated_at = timezone.now()
    row.save()
    label = f"Evidence weights of {access.product.key}"
    caller_event(
        access, "evidence_weights.updated", row.pk, label, before=before, after=row.weights
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
