"""The insights pages: thin over services and selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.workspace.http import access_of

from .. import selectors
from ._common import page_context


@login_required
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    grid = selectors.stakeholder_grid(access=access)
    context = page_context(
        access,
        inbox=selectors.inbox_count(access=access),
        stakeholders=sum(len(cell.stakeholders) for cell in grid),
        customers=selectors.customers_of(access=access).count(),
        ideas=len(selectors.ideas_of(access=access, status="proposed")),
        surveys=selectors.surveys_of(access=access).count(),
    )
    return render(request, "insights/index.html", context)
