"""Reopening a closed sprint from its page: the Product Owner's button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.delivery import services
from tandem.workspace.http import back_to

from .sprints import sprint_changed


@login_required
@require_POST
def sprint_reopen(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access, sprint = sprint_changed(request, product_key, sprint_id, services.sprint_reopen)
    return back_to(
        request,
        reverse("delivery:sprint", args=[access.product.key, sprint.pk]),
        f"{sprint.name} is active again; its unfinished items are back on the board.",
    )
