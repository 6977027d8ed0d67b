"""Ideas: the list with its votes, and the PM's accept or decline beside the plain edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.workspace import writes
from tandem.workspace.http import access_of, back_to, form_version, is_partial

from .. import selectors, services
from ..models import IdeaStatus
from ._common import page_context


@login_required
def ideas(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    status = request.GET.get("status", "")
    archived = status == "archived"
    if status not in IdeaStatus.values:
        status = ""
    context = page_context(
        access,
        rows=selectors.ideas_of(access=access, status=status or None, archived=archived),
        status="archived" if archived else status,
        statuses=IdeaStatus.choices,
    )
    return render(request, "insights/ideas.html", context)


@login_required
@require_POST
def idea_vote(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    idea = selectors.idea_of(access=access, pk=pk)
    services.idea_vote(access=access, idea_id=pk, vote=not idea.voted)  # type: ignore[attr-defined]
    if is_partial(request):
        idea = selectors.idea_of(access=access, pk=pk)
        return render(request, "insights/_vote.html", page_context(access, idea=idea))
    return back_to(request, reverse("insights:ideas", args=[access.product.key]))


def _edit(request: HttpRequest, product_key: str, pk: int) -> str:
    """The proposer (or the PM and PO) changes the title or the reason it matters."""
    changes = {name: request.POST.get(name, "") for name in ("title", "description")}
    writes.record_update(
        access=access_of(request, product_key),
        kind="idea",
        record_id=pk,
        changes=changes,
        expected_version=form_version(request.POST),
    )
    return "Saved."


@login_required
@require_POST
def idea_decide(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """Accept into the roadmap or backlog, decline with a reason, or edit, archive, restore."""
    access = access_of(request, product_key)
    idea = selectors.idea_of(access=access, pk=pk)
    decision = request.POST.get("decision", "")
    version = form_version(request.POST)
    if decision == "decline":
        reason = request.POST.get("reason", "")
        services.idea_decline(access=access, idea_id=pk, reason=reason, expected_version=version)
        message = f"Declined “{idea.title}”; the proposer sees your reason."
    elif decision == "archive":
        writes.record_archive(access=access, kind="idea", record_id=pk)
        message = f"Archived “{idea.title}”."
    elif decision == "restore":
        writes.record_restore(access=access, kind="idea", record_id=pk)
        message = f"Restored “{idea.title}”."
    elif decision == "edit":
        message = _edit(request, product_key, pk)
    else:
        services.idea_accept(
            access=access,
            idea_id=pk,
            destination=decision,  # type: ignore[arg-type]
            horizon=request.POST.get("horizon", "later"),
            expected_version=version,
        )
        article = "an" if decision in ("initiative", "epic") else "a"
        message = f"Accepted “{idea.title}” as {article} {decision}."
    return back_to(request, reverse("insights:ideas", args=[access.product.key]), message)
