"""Retrospectives: notes (went well, to improve, ideas) with votes, and actions.

The retrospective is the team's (``Action.WORK``, *edit*). Each action becomes
a backlog task labelled ``retro`` through the backlog's services, so it is
planned and done like any other work, and the next retrospective can show
whether it was.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Kind
from tandem.delivery.models import (
    RetroAction,
    RetroNote,
    RetroNoteKind,
    Retrospective,
    RetroVote,
    Sprint,
)
from tandem.delivery.selectors.retros import retro_note_of
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.registry import RecordType
from tandem.workspace.rights import Action, Level

__all__ = [
    "RETRO_LABEL",
    "retro_action_add",
    "retro_note_add",
    "retro_note_archive",
    "retro_note_restore",
    "retro_note_vote",
    "retro_open",
]

RETRO_LABEL = "retro"


# Not a registered kind (its verbs are its own); the declaration gives it the write spine's
# audit event.
RETROSPECTIVE = RecordType(
    name="retrospective",
    model=Retrospective,
    label="Retrospective",
    plural="retrospectives",
    action=Action.WORK,
    product_path="sprint__product",
)


def _bump(retro: Retrospective) -> None:
    Retrospective.objects.filter(pk=retro.pk).update(version=retro.version + 1)
    retro.version += 1


@transaction.atomic
def retro_open(*, access: ProductAccess, sprint: Sprint) -> Retrospective:
    """The sprint's retrospective, created the first time anyone opens it."""
    access.require(Action.WORK, Level.EDIT)
    if sprint.product_id != access.product.pk:
        raise NotFound("No such sprint.")
    if sprint.state == "planned":
        raise ValidationFailed({"sprint": f"{sprint.name} has not started yet"})
    retro, created = Retrospective.objects.get_or_create(
        sprint=sprint, defaults={"created_by": access.user}
    )
    if created:
        writes.event(access, RETROSPECTIVE, retro, "opened", after={"sprint": sprint.name})
    return retro


def _retro_of(access: ProductAccess, retro: Retrospective) -> Retrospective:
    found = (
        Retrospective.objects.select_related("sprint")
        .filter(pk=retro.pk, sprint__product=access.product)
        .first()
    )
    if found is None:
        raise NotFound("No such retrospective.")
    return found


@transaction.atomic
def retro_note_add(
    *, access: ProductAccess, retro: Retrospective, kind: str, text: str
) -> RetroNote:
    access.require(Action.WORK, Level.EDIT)
    retro = _retro_of(access, retro)
    errors: dict[str, str] = {}
    if kind not in RetroNoteKind.values:
        errors["kind"] = f"must be one of: {', '.join(RetroNoteKind.values)}"
    text = text.strip()
    if not text:
        errors["text"] = "is required"
    elif len(text) > 2_000:
        errors["text"] = "must be at most 2,000 characters"
    if errors:
        raise ValidationFailed(errors)
    note = RetroNote.objects.create(retro=retro, kind=kind, text=text, author=access.user)
    _bump(retro)
    writes.event(access, RETROSPECTIVE, retro, "note_added", after={"kind": kind, "text": text})
    return note


@transaction.atomic
def _set_note_archived(*, access: ProductAccess, note: RetroNote, archived: bool) -> RetroNote:
    access.require(Action.WORK, Level.EDIT)
    note = retro_note_of(access=access, note_id=note.pk)
    note.archived_at = timezone.now() if archived else None
    note.save(update_fields=["archived_at"])
    _bump(note.retro)
    writes.event(
        access,
        RETROSPECTIVE,
        note.retro,
        "note_archived" if archived else "note_restored",
        before={"text": note.text},
    )
    return note


retro_note_archive = partial(_set_note_archived, archived=True)
retro_note_restore = partial(_set_note_archived, archived=False)


@transaction.atomic
def retro_note_vote(*, access: ProductAccess, note: RetroNote) -> bool:
    """Add the caller's vote, or take it back when already given; True when now voted."""
    access.require(Action.WORK, Level.EDIT)
    note = retro_note_of(access=access, note_id=note.pk)
    if note.archived_at is not None:
        raise ValidationFailed({"note": "it is archived"})
    deleted, _ = RetroVote.objects.filter(note=note, voter=access.user).delete()
    if not deleted:
        RetroVote.objects.create(note=note, voter=access.user)
    writes.event(
        access,
        RETROSPECTIVE,
        note.retro,
        "vote_removed" if deleted else "voted",
        after={"note": note.text[:100]},
    )
    return not deleted


@transaction.atomic
def retro_action_add(
    *, access: ProductAccess, retro: Retrospective, text: str, owner: User | None = None
) -> RetroAction:
    """An agreed action, and its backlog task (kind task, label ``retro``)."""
    access.require(Action.WORK, Level.EDIT)
    retro = _retro_of(access, retro)
    text = text.strip()
    if not text:
        raise ValidationFailed({"text": "is required"})
    if len(text) > 200:
        raise ValidationFailed({"text": "must be at most 200 characters"})
    fields: dict[str, Any] = {
        "kind": Kind.TASK,
        "title": text,
        "labels": [RETRO_LABEL],
        "description": f"Action from the retrospective of {retro.sprint.name}.",
    }
    if owner is not None:
        fields["assignee"] = owner.email
    item = backlog_services.item_create(access=access, fields=fields, position="top")
    action = RetroAction.objects.create(retro=retro, text=text, owner=owner, item=item)
    _bump(retro)
    writes.event(
        access,
        RETROSPECTIVE,
        retro,
        "action_added",
        after={"text": text, "item": item.key, "owner": owner.email if owner else None},
    )
    return action
