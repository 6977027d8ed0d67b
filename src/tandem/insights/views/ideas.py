"""Ideas: propose, vote, and the PM's accept or decline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.workspace.errors import ValidationFailed

from .. import selectors, services
from ..models import IdeaStatus
from ._common import Rights, access_of, back, form_fields, form_version, refused


@login_required
def ideas(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    status = request.GET.get("status", "")
    archived = status == "archived"
    if status not in IdeaStatus.values:
        status = ""
    return render(
        request,
        "insights/ideas.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "rows": selectors.ideas_of(access=access, status=status or None, archived=archived),
            "status": "archived" if archived else status,
            "statuses": IdeaStatus.choices,
        },
    )


@login_required
@require_POST
def idea_propose(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    url = reverse("insights:ideas", args=[access.product.key])
    try:
        services.idea_propose(
            access=access, fields=form_fields(request.POST, ("title", "description"))
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "Idea proposed. The PM will accept or decline it.")


@login_required
@require_POST
def idea_vote(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    idea = selectors.idea_of(access=access, pk=pk)
    services.idea_vote(access=access, idea=idea, vote=not idea.voted)  # type: ignore[attr-defined]
    idea = selectors.idea_of(access=access, pk=pk)
    if getattr(request, "htmx", False):
        return render(
            request,
            "insights/_vote.html",
            {"idea": idea, "product": access.product, "rights": Rights.of(access)},
        )
    return back(request, reverse("insights:ideas", args=[access.product.key]))


@login_required
@require_POST
def idea_decide(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    idea = selectors.idea_of(access=access, pk=pk)
    url = reverse("insights:ideas", args=[access.product.key])
    decision = request.POST.get("decision", "")
    try:
        if decision == "decline":
            services.idea_decline(
                access=access,
                idea=idea,
                reason=request.POST.get("reason", ""),
                expected_version=form_version(request.POST),
            )
            return back(request, url, f"Declined “{idea.title}”; the proposer sees your reason.")
        if decision == "archive":
            services.idea_archive(access=access, idea=idea)
            return back(request, url, f"Archived “{idea.title}”.")
        if decision == "edit":
            services.idea_update(
                access=access,
                idea=idea,
                changes={
                    "title": request.POST.get("title", ""),
                    "description": request.POST.get("description", ""),
                },
                expected_version=form_version(request.POST),
            )
            return back(request, url, "Saved.")
        if decision == "restore":
            services.idea_restore(access=access, idea=idea)
            return back(request, url, f"Restored “{idea.title}”.")
        services.idea_accept(
            access=access,
            idea=idea,
            destination=decision,  # type: ignore[arg-type]
            horizon=request.POST.get("horizon", "later"),
            expected_version=form_version(request.POST),
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    article = "an" if decision in ("initiative", "epic") else "a"
    return back(request, url, f"Accepted “{idea.title}” as {article} {decision}.")
