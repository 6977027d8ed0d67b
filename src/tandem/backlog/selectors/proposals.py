"""Item proposals as the backlog shows them: rows of the one proposal table, each beside
the item it changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from tandem.backlog.models import Item
from tandem.backlog.services.proposing import ITEM, ItemOperation
from tandem.workspace import proposals as proposal_queue
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Proposal, ProposalStatus


@dataclass(frozen=True)
class ItemProposal:
    """An item's proposal and the item as it now stands."""

    proposal: Proposal
    item: Item

    def __getattr__(self, name: str) -> Any:
        # The proposal's own columns (pk, payload, status, proposed_by, …) read through.
        if name == "proposal":
            raise AttributeError(name)
        return getattr(self.proposal, name)

    @property
    def kind(self) -> str:
        return self.proposal.operation

    def get_kind_display(self) -> str:
        return str(ItemOperation(self.proposal.operation).label)

    @property
    def item_changed_since(self) -> bool:
        """The item changed after this was proposed where it matters: the decider must look
        again and confirm the current version."""
        return self.proposal.is_pending and proposal_queue.is_outdated(self.proposal, self.item)


def item_proposals(proposals: Iterable[Proposal]) -> list[ItemProposal]:
    """Each proposal beside its item, the items read in one query."""
    rows = list(proposals)
    items = Item.objects.select_related("product", "assignee", "parent__product").prefetch_related(
        "labels"
    )
    by_id = {item.pk: item for item in items.filter(pk__in={p.record_id for p in rows})}
    return [ItemProposal(p, by_id[p.record_id]) for p in rows if p.record_id in by_id]


def item_proposal(proposal: Proposal) -> ItemProposal:
    [one] = item_proposals([proposal])
    return one


def _item_proposals(access: ProductAccess) -> QuerySet[Proposal]:
    return Proposal.objects.filter(product=access.product, record_type=ITEM)


def pending_proposals(*, access: ProductAccess) -> QuerySet[Proposal]:
    """The item proposals waiting for the Product Owner, oldest first."""
    return (
        _item_proposals(access)
        .filter(status=ProposalStatus.PENDING)
        .select_related("product", "proposed_by")
        .order_by("created_at", "id")
    )


def proposals_by(*, access: ProductAccess, limit: int = 10) -> list[ItemProposal]:
    """The caller's own proposals, newest first, so they see what the decider made of them."""
    return item_proposals(
        _item_proposals(access)
        .filter(proposed_by=access.user)
        .select_related("decided_by")
        .order_by("-created_at", "-id")[:limit]
    )
