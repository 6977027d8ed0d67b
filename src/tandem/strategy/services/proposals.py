"""The decider's side of "propose": accept (applied through the same writes) or decline."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..kinds import clean, kind_named, snapshot
from ..models import DecisionLevel, ProposalStatus, StrategyProposal, Vision
from . import records, roadmap


def _pending(access: ProductAccess, proposal_id: int) -> StrategyProposal:
    proposal = (
        StrategyProposal.objects.select_for_update()
        .filter(pk=proposal_id, product=access.product)
        .first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationFailed({"status": f"this proposal was already {proposal.status}"})
    return proposal


def proposal_action(proposal: StrategyProposal) -> Action:
    """The row of the rights table whose decider answers this proposal."""
    kind = kind_named(proposal.kind)
    if kind.name != "decision":
        return kind.action
    level = proposal.payload.get("level")
    if proposal.record_id is not None:
        record = kind.model._default_manager.filter(pk=proposal.record_id).first()
        if record is not None and getattr(record, "level", None) == DecisionLevel.STRATEGIC:
            level = DecisionLevel.STRATEGIC
    return Action.STRATEGY if level == DecisionLevel.STRATEGIC else Action.BACKLOG


def _close(access: ProductAccess, proposal: StrategyProposal, status: str, reason: str) -> None:
    proposal.status = status
    proposal.decided_by = access.user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    after = {"proposal": proposal.pk}
    if proposal.reason:
        after["reason"] = proposal.reason  # type: ignore[assignment]
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"proposal.{status}",
        object_type=proposal.kind,
        object_id=proposal.record_id or 0,
        object_label=proposal.record_label,
        after=after,
    )


@transaction.atomic
def proposal_accept(*, access: ProductAccess, proposal_id: int) -> StrategyProposal:
    """Carry the suggestion out as the decider, then close it."""
    proposal = _pending(access, proposal_id)
    access.require(proposal_action(proposal), Level.DECIDE)
    kind = kind_named(proposal.kind)
    live_vision = (
        Vision.objects.filter(product=access.product, archived_at__isnull=True).first()
        if kind.name == "vision"
        else None
    )
    if proposal.operation == "create" and live_vision is not None:
        # The board was written since: the proposal becomes an edit of it.
        records.apply_update(
            access, kind, live_vision, clean(kind, access.product, live_vision, proposal.payload)
        )
        proposal.record_id = live_vision.pk
        proposal.save(update_fields=["record_id"])
    elif proposal.operation == "create":
        record = records.apply_create(
            access, kind, clean(kind, access.product, None, proposal.payload)
        )
        proposal.record_id = record.pk
        proposal.save(update_fields=["record_id"])
    else:
        if proposal.record_id is None:
            raise ValidationFailed({"record": "the proposal names no record"})
        record = records.locked(access, kind, proposal.record_id)
        if proposal.operation == "update":
            records._require_live(kind, record)
            records.apply_update(
                access, kind, record, clean(kind, access.product, record, proposal.payload)
            )
        elif proposal.operation == "move":
            records._require_live(kind, record)
            roadmap.apply_move(access, record, proposal.payload)  # type: ignore[arg-type]
        elif proposal.operation in ("archive", "restore"):
            archived = proposal.operation == "archive"
            if (record.archived_at is not None) != archived:  # type: ignore[attr-defined]
                records.apply_archived(access, kind, record, archived=archived)
        else:
            raise ValidationFailed({"operation": f"unknown operation {proposal.operation}"})
    _close(access, proposal, ProposalStatus.ACCEPTED, "")
    return proposal


@transaction.atomic
def proposal_decline(
    *, access: ProductAccess, proposal_id: int, reason: str = ""
) -> StrategyProposal:
    proposal = _pending(access, proposal_id)
    access.require(proposal_action(proposal), Level.DECIDE)
    _close(access, proposal, ProposalStatus.DECLINED, reason)
    return proposal


def is_outdated(proposal: StrategyProposal, current_version: int | None) -> bool:
    """The record changed after the proposal was made: the decider should look again."""
    return (
        proposal.record_version is not None
        and current_version is not None
        and current_version != proposal.record_version
    )


__all__ = ["is_outdated", "proposal_accept", "proposal_action", "proposal_decline", "snapshot"]
