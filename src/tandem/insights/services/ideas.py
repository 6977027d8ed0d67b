"""Ideas: anyone votes; the PM or PO accepts one into the roadmap or backlog, or declines it.

Proposing, editing, archiving and restoring an idea are the plain verbs, declared
in :mod:`tandem.insights.records` (its author may still change an open idea).
"""

from __future__ import annotations

from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.strategy import services as strategy_services
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import RecordType, record_type
from tandem.workspace.rights import Action, Level

from ..models import Idea, IdeaStatus, IdeaVote

Destination = Literal["initiative", "epic", "story"]
DESTINATIONS = ("initiative", "epic", "story")
REASON_LIMIT = 2000


@transaction.atomic
def idea_vote(*, access: ProductAccess, idea_id: int, vote: bool = True) -> Idea:
    """One vote per person; voting again is harmless, ``vote=False`` takes it back."""
    access.require(Action.FEEDBACK, Level.ADD)
    spec = record_type("idea")
    idea: Idea = writes.lock(spec, access, idea_id)
    writes.require_live(spec, idea)
    if vote:
        try:
            with transaction.atomic():
                _, made = IdeaVote.objects.get_or_create(idea=idea, user=access.user)
        except IntegrityError:
            made = False
    else:
        made = IdeaVote.objects.filter(idea=idea, user=access.user).delete()[0] > 0
    if made:
        writes.event(access, spec, idea, "voted" if vote else "unvoted")
    return idea


def _open_idea(
    access: ProductAccess, idea_id: int, expected_version: int | None
) -> tuple[RecordType, Idea]:
    """An idea still waiting for a decision, read at the version the decider saw."""
    access.require(Action.FEEDBACK, Level.EDIT)
    spec = record_type("idea")
    idea: Idea = writes.lock(spec, access, idea_id)
    writes.check_version(spec, idea, expected_version)
    writes.require_live(spec, idea)
    if idea.status != IdeaStatus.PROPOSED:
        raise ValidationFailed(
            {"status": f"this idea was already {idea.get_status_display().lower()}"}
        )
    return spec, idea


@transaction.atomic
def idea_accept(
    *,
    access: ProductAccess,
    idea_id: int,
    destination: Destination,
    expected_version: int | None,
    horizon: str = "later",
) -> Idea:
    """Accept an idea into the roadmap (an initiative) or the backlog (an epic or a story).

    The destination's own rights apply too: only the PM decides the roadmap.
    """
    spec, idea = _open_idea(access, idea_id, expected_version)
    if destination not in DESTINATIONS:
        raise ValidationFailed({"destination": "must be one of: initiative, epic, story"})
    columns: dict[str, Any] = {
        "status": IdeaStatus.ACCEPTED,
        "decided_by": access.user,
        "decided_at": timezone.now(),
    }
    if destination == "initiative":
        columns["initiative"] = strategy_services.create_initiative(
            access=access,
            fields={"title": idea.title, "problem": idea.description, "horizon": horizon},
        )
    else:
        columns["item"] = backlog_services.item_create(
            access=access,
            fields={"title": idea.title, "description": idea.description, "kind": destination},
        )
    writes.save(access, spec, idea, columns)
    return idea


@transaction.atomic
def idea_decline(
    *, access: ProductAccess, idea_id: int, reason: str, expected_version: int | None
) -> Idea:
    """Decline with a reason the proposer sees on the idea and in their list."""
    spec, idea = _open_idea(access, idea_id, expected_version)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "is required"})
    if len(reason) > REASON_LIMIT:
        raise ValidationFailed({"reason": f"must be at most {REASON_LIMIT} characters"})
    writes.save(
        access,
        spec,
        idea,
        {
            "status": IdeaStatus.DECLINED,
            "decline_reason": reason,
            "decided_by": access.user,
            "decided_at": timezone.now(),
        },
    )
    return idea
