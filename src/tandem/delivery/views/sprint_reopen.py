"""Reopening a closed sprint from its page: the Product Owner's button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tandem.delivery import selectors, services
from tandem.workspace.http import (
    access_of,
    required_version,
)


@login_required
@require_POST
def sprint_reopen(request: HttpRequest, product_key: str, sprint_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    sprint = selectors.sprint_of(access=access, sprint_id=sprint_id)
    sprint = services.sprint_reopen(
        access=access, sprint=sprint, expected_version=required_version(request.POST)
    )
    messages.success(
        request, f"{sprint.name} is active again; its unfinished items are back on the board."
    )
    return redirect("delivery:sprint", product_key=access.product.key, sprint_id=sprint.pk)
