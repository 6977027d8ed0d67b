"""Retrospectives: notes with votes, actions, and the previous sprint's actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from tandem.delivery.models import (
    RetroAction,
    RetroNote,
    RetroNoteKind,
    Retrospective,
    RetroVote,
    Sprint,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

__all__ = ["RetroView", "retro_note_of", "retro_view"]


@dataclass(frozen=True)
class RetroView:
    sprint: Sprint
    retro: Retrospective | None
    notes: dict[str, list[RetroNote]]  # by kind, most votes first
    actions: list[RetroAction]
    previous_actions: list[RetroAction]
    previous_sprint: Sprint | None
    my_votes: set[int]


def _actions(retro: Retrospective) -> list[RetroAction]:
    return list(
        RetroAction.objects.filter(retro=retro)
        .select_related("owner", "item__product")
        .order_by("created_at", "id")
    )


def retro_view(*, access: ProductAccess, sprint: Sprint) -> RetroView:
    retro = Retrospective.objects.filter(sprint=sprint, sprint__product=access.product).first()
    previous_sprint = (
        Sprint.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            starts_on__lt=sprint.starts_on,
            retrospective__isnull=False,
        )
        .order_by("-starts_on", "-id")
        .first()
    )
    previous_actions = (
        _actions(previous_sprint.retrospective) if previous_sprint is not None else []
    )
    notes: dict[str, list[RetroNote]] = {k: [] for k in RetroNoteKind.values}
    actions: list[RetroAction] = []
    my_votes: set[int] = set()
    if retro is not None:
        for note in (
            RetroNote.objects.filter(retro=retro, archived_at__isnull=True)
            .select_related("author")
            .annotate(vote_count=Count("votes"))
            .order_by("-vote_count", "created_at", "id")
        ):
            notes[note.kind].append(note)
        actions = _actions(retro)
        my_votes = set(
            RetroVote.objects.filter(note__retro=retro, voter=access.user).values_list(
                "note_id", flat=True
            )
        )
    return RetroView(
        sprint=sprint,
        retro=retro,
        notes=notes,
        actions=actions,
        previous_actions=previous_actions,
        previous_sprint=previous_sprint,
        my_votes=my_votes,
    )


def retro_note_of(*, access: ProductAccess, note_id: int) -> RetroNote:
    note = (
        RetroNote.objects.select_related("retro__sprint")
        .filter(pk=note_id, retro__sprint__product=access.product)
        .first()
    )
    if note is None:
        raise NotFound("No such note.")
    return note
