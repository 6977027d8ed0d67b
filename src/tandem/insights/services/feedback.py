"""Triage: linking feedback to what it argues for, making an item of it, marking duplicates.

Adding, changing, archiving and restoring feedback are the plain verbs of
:mod:`tandem.workspace.writes`, declared in :mod:`tandem.insights.records`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog import services as backlog_services
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.registry import RecordType, record_type
from tandem.workspace.rights import Action, Level

from ..models import Feedback, FeedbackKind, FeedbackLink, FeedbackState, Importance


def _live_feedback(access: ProductAccess, feedback_id: int) -> tuple[RecordType, Feedback]:
    """The feedback, locked, for a triage move by someone who may edit feedback."""
    access.require(Action.FEEDBACK, Level.EDIT)
    spec = record_type("feedback")
    feedback = writes.lock(spec, access, feedback_id)
    writes.require_live(spec, feedback)
    return spec, feedback


def _link_target(
    access: ProductAccess, item_key: str | None, initiative_id: int | None
) -> tuple[Any, Any]:
    """A live item (through the backlog) or a live initiative (through the registry)."""
    if bool(item_key) == bool(initiative_id):
        raise ValidationFailed({"target": "name either an item or an initiative"})
    if item_key:
        try:
            return backlog_selectors.item_in_backlog(access=access, key=item_key), None
        except NotFound:
            raise ValidationFailed(
                {"item": f"{item_key} is not a live item of this product"}
            ) from None
    live = record_type("initiative").scoped(access).filter(archived_at__isnull=True)
    initiative = live.filter(pk=initiative_id).first()
    if initiative is None:
        raise ValidationFailed({"initiative": "no such initiative in this product"})
    return None, initiative


@transaction.atomic
def feedback_link(
    *,
    access: ProductAccess,
    feedback_id: int,
    item_key: str | None = None,
    initiative_id: int | None = None,
    importance: int = Importance.IMPORTANT,
) -> FeedbackLink:
    """Link feedback to what it argues for; linking again updates the importance.

    Linking is triage: feedback still in the inbox leaves it.
    """
    spec, feedback = _live_feedback(access, feedback_id)
    if importance not in Importance.values:
        raise ValidationFailed({"importance": "must be 1 (nice), 2 (important) or 3 (critical)"})
    item, initiative = _link_target(access, item_key, initiative_id)
    link = FeedbackLink.objects.filter(feedback=feedback, item=item, initiative=initiative).first()
    if link is None:
        link = FeedbackLink(feedback=feedback, item=item, initiative=initiative)
    link.importance = importance
    link.archived_at = None
    link.created_by = link.created_by or access.user
    link.save()
    if feedback.state == FeedbackState.NEW:
        feedback.state = FeedbackState.TRIAGED
    feedback.version += 1
    feedback.updated_at = timezone.now()
    feedback.save(update_fields=["state", "version", "updated_at"])
    target = item.key if item else f"initiative {initiative.pk}"
    writes.event(
        access, spec, feedback, "linked", after={"target": target, "importance": importance}
    )
    if item is not None:
        linked = {"feedback": feedback.pk, "importance": importance}
        caller_event(access, "item.feedback_linked", item.pk, str(item), after=linked)
    return link


@transaction.atomic
def feedback_unlink(*, access: ProductAccess, link_id: int) -> FeedbackLink:
    """Remove a link softly: linking the same pair again brings it back."""
    access.require(Action.FEEDBACK, Level.EDIT)
    link = (
        FeedbackLink.objects.select_for_update(of=("self",))
        .filter(pk=link_id, feedback__product=access.product)
        .select_related("feedback", "item__product")
        .first()
    )
    if link is None:
        raise NotFound("No such link.")
    if link.archived_at is None:
        link.archived_at = timezone.now()
        link.save(update_fields=["archived_at"])
        target = link.item.key if link.item else f"initiative {link.initiative_id}"
        writes.event(
            access, record_type("feedback"), link.feedback, "unlinked", before={"target": target}
        )
    return link


@transaction.atomic
def feedback_create_item(
    *, access: ProductAccess, feedback_id: int, title: str, kind: str = ""
) -> Any:
    """Turn feedback into a new backlog item (a bug for a bug report, else a story) and link it."""
    _, feedback = _live_feedback(access, feedback_id)
    kind = kind or ("bug" if feedback.kind == FeedbackKind.BUG else "story")
    item = backlog_services.item_create(
        access=access,
        fields={
            "title": title or feedback.excerpt[:200],
            "kind": kind,
            "description": feedback.text,
        },
    )
    feedback_link(access=access, feedback_id=feedback.pk, item_key=item.key)
    return item


@transaction.atomic
def feedback_mark_duplicate(
    *, access: ProductAccess, feedback_id: int, original_id: int
) -> Feedback:
    """A duplicate leaves the inbox and stops counting as separate demand."""
    spec, feedback = _live_feedback(access, feedback_id)
    original = spec.scoped(access).filter(pk=original_id, archived_at__isnull=True).first()
    if original is None:
        raise ValidationFailed({"duplicate_of": "no such live feedback in this product"})
    if original.pk == feedback.pk:
        raise ValidationFailed({"duplicate_of": "feedback cannot duplicate itself"})
    if original.duplicate_of_id == feedback.pk:
        raise ValidationFailed({"duplicate_of": "that feedback is already a duplicate of this one"})
    writes.save(
        access, spec, feedback, {"state": FeedbackState.DUPLICATE, "duplicate_of": original}
    )
    return feedback
