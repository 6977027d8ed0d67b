"""Ideas: anyone proposes and votes; the PM accepts one into the roadmap or backlog, or declines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Kind
from tandem.strategy import services as strategy_services
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.records import (
    check_version,
    clean_text,
    created,
    locked,
    require_live,
    save_changes,
    set_archived,
    unknown_fields,
)
from tandem.workspace.rights import Action, Level

from ..models import Idea, IdeaStatus, IdeaVote

IDEA_FIELDS = ("title", "description")
Destination = Literal["initiative", "epic", "story"]


def idea_snapshot(idea: Idea) -> dict[str, Any]:
    return {
        "title": idea.title,
        "description": idea.description,
        "status": idea.status,
        "decline_reason": idea.decline_reason,
        "item": idea.item_id,
        "initiative": idea.initiative_id,
    }


def _clean_idea(changes: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = unknown_fields(changes, IDEA_FIELDS)
    clean: dict[str, Any] = {}
    if "title" in changes or creating:
        clean["title"] = clean_text(errors, "title", changes.get("title"), limit=200, required=True)
    if "description" in changes:
        clean["description"] = clean_text(
            errors, "description", changes["description"], limit=20_000
        )
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def idea_propose(*, access: ProductAccess, fields: Mapping[str, Any]) -> Idea:
    access.require(Action.FEEDBACK, Level.ADD)
    idea = Idea(
        product=access.product, created_by=access.user, **_clean_idea(fields, creating=True)
    )
    idea.save()
    created(access=access, record=idea, object_type="idea", snapshot=idea_snapshot)
    return idea


def _may_edit(access: ProductAccess, idea: Idea) -> None:
    """The proposer edits their own open idea; the PM and PO edit any."""
    if access.can(Action.FEEDBACK, Level.EDIT):
        return
    access.require(Action.FEEDBACK, Level.ADD)
    if idea.created_by_id != access.user.pk or idea.status != IdeaStatus.PROPOSED:
        raise PermissionDenied("Only the proposer may edit an open idea, or the PM or PO.")


@transaction.atomic
def idea_update(
    *,
    access: ProductAccess,
    idea: Idea,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Idea:
    idea = locked(Idea, idea.pk, product=access.product)
    _may_edit(access, idea)
    check_version(idea, expected_version, idea_snapshot)
    require_live(idea, "idea")
    save_changes(
        access=access,
        record=idea,
        clean=_clean_idea(changes, creating=False),
        object_type="idea",
        snapshot=idea_snapshot,
    )
    return idea


@transaction.atomic
def idea_vote(*, access: ProductAccess, idea: Idea, vote: bool = True) -> Idea:
    """One vote per person; voting again is harmless, ``vote=False`` takes it back."""
    access.require(Action.FEEDBACK, Level.ADD)
    idea = locked(Idea, idea.pk, product=access.product)
    require_live(idea, "idea")
    if vote:
        try:
            with transaction.atomic():
                _, made = IdeaVote.objects.get_or_create(idea=idea, user=access.user)
        except IntegrityError:
            made = False
    else:
        made = IdeaVote.objects.filter(idea=idea, user=access.user).delete()[0] > 0
    if made:
        record_event(
            actor=access.user,
            product=access.product,
            verb="idea.voted" if vote else "idea.unvoted",
            object_type="idea",
            object_id=idea.pk,
            object_label=str(idea),
        )
    return idea


def _require_open(idea: Idea) -> None:
    require_live(idea, "idea")
    if idea.status != IdeaStatus.PROPOSED:
        raise ValidationFailed(
            {"status": f"this idea was already {idea.get_status_display().lower()}"}
        )


@transaction.atomic
def idea_accept(
    *,
    access: ProductAccess,
    idea: Idea,
    destination: Destination,
    expected_version: int | None,
    horizon: str = "later",
) -> Idea:
    """Accept an idea into the roadmap (an initiative) or the backlog (an epic or a story).

    The destination's own rights apply too: only the PM decides the roadmap.
    """
    access.require(Action.FEEDBACK, Level.EDIT)
    idea = locked(Idea, idea.pk, product=access.product)
    check_version(idea, expected_version, idea_snapshot)
    _require_open(idea)
    clean: dict[str, Any] = {
        "status": IdeaStatus.ACCEPTED,
        "decided_by": access.user,
        "decided_at": timezone.now(),
    }
    if destination == "initiative":
        clean["initiative"] = strategy_services.create_initiative(
            access=access,
            fields={
                "title": idea.title,
                "problem": idea.description,
                "expected_outcome": "",
                "horizon": horizon,
            },
        )
    elif destination in ("epic", "story"):
        clean["item"] = backlog_services.item_create(
            access=access,
            fields={
                "title": idea.title,
                "description": idea.description,
                "kind": Kind.EPIC if destination == "epic" else Kind.STORY,
            },
        )
    else:
        raise ValidationFailed({"destination": "must be one of: initiative, epic, story"})
    save_changes(
        access=access, record=idea, clean=clean, object_type="idea", snapshot=idea_snapshot
    )
    return idea


@transaction.atomic
def idea_decline(
    *, access: ProductAccess, idea: Idea, reason: str, expected_version: int | None
) -> Idea:
    """Decline with a reason the proposer sees on the idea and in their list."""
    access.require(Action.FEEDBACK, Level.EDIT)
    idea = locked(Idea, idea.pk, product=access.product)
    check_version(idea, expected_version, idea_snapshot)
    _require_open(idea)
    errors: dict[str, str] = {}
    reason = clean_text(errors, "reason", reason, limit=2000, required=True)
    if errors:
        raise ValidationFailed(errors)
    save_changes(
        access=access,
        record=idea,
        clean={
            "status": IdeaStatus.DECLINED,
            "decline_reason": reason,
            "decided_by": access.user,
            "decided_at": timezone.now(),
        },
        object_type="idea",
        snapshot=idea_snapshot,
    )
    return idea


@transaction.atomic
def idea_archive(*, access: ProductAccess, idea: Idea) -> Idea:
    idea = locked(Idea, idea.pk, product=access.product)
    _may_edit(access, idea)
    set_archived(access=access, record=idea, archived=True, object_type="idea")
    return idea


@transaction.atomic
def idea_restore(*, access: ProductAccess, idea: Idea) -> Idea:
    idea = locked(Idea, idea.pk, product=access.product)
    _may_edit(access, idea)
    set_archived(access=access, record=idea, archived=False, object_type="idea")
    return idea
