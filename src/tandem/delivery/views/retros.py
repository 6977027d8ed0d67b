"""A sprint's retrospective: notes with votes, actions, and the last actions' fate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.delivery import selectors, services
from tandem.delivery.lookups import sprint_of
from tandem.delivery.models import RetroNoteKind, SprintState
from tandem.workspace.errors import NotFound
from tandem.workspace.http import back_to, htmx_response, is_partial
from tandem.workspace.models import User

from .sprints import base_context, team_members


@login_required
@require_GET
def retro(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_of(request, product_key, sprint_id)
    view = selectors.retro_view(access=access, sprint=sprint)
    context = base_context(
        access,
        sprint=sprint,
        view=view,
        note_kinds=RetroNoteKind.choices,
        members=team_members(access),
        can_open=sprint.state != SprintState.PLANNED,
    )
    return render(request, "delivery/retro.html", context)


def _back(request: HttpRequest, product_key: str, sprint_id: int, message: str) -> HttpResponse:
    return back_to(
        request, reverse("delivery:retro", args=[product_key.upper(), sprint_id]), message
    )


@login_required
@require_POST
def retro_post(request: HttpRequest, product_key: str, sprint_id: int, action: str) -> HttpResponse:
    if action not in ("open", "note", "action"):
        raise NotFound("No such action.")
    access, sprint = sprint_of(request, product_key, sprint_id)
    if action == "open":
        services.retro_open(access=access, sprint=sprint)
        return _back(request, product_key, sprint_id, "Retrospective opened.")
    retrospective = services.retro_open(access=access, sprint=sprint)
    if action == "note":
        services.retro_note_add(
            access=access,
            retro=retrospective,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
        )
        return _back(request, product_key, sprint_id, "Note added.")
    owner_email = request.POST.get("owner", "").strip().lower()
    owner = User.objects.filter(email=owner_email).first() if owner_email else None
    action_row = services.retro_action_add(
        access=access, retro=retrospective, text=request.POST.get("text", ""), owner=owner
    )
    key = action_row.item.key if action_row.item else ""
    return _back(request, product_key, sprint_id, f"Action added as {key} in the backlog.")


@login_required
@require_POST
def retro_note(
    request: HttpRequest, product_key: str, sprint_id: int, note_id: int, action: str
) -> HttpResponse:
    if action not in ("vote", "archive"):
        raise NotFound("No such action.")
    access, sprint = sprint_of(request, product_key, sprint_id)
    note = selectors.retro_note_of(access=access, note_id=note_id)
    if action == "vote":
        services.retro_note_vote(access=access, note=note)
        if is_partial(request):
            view = selectors.retro_view(access=access, sprint=sprint)
            context = base_context(
                access, sprint=sprint, view=view, note_kinds=RetroNoteKind.choices
            )
            return htmx_response(
                render_to_string("delivery/retro_notes.html", context, request=request)
            )
        return _back(request, product_key, sprint_id, "Vote counted.")
    services.retro_note_archive(access=access, note=note)
    return _back(request, product_key, sprint_id, "Note removed.")
