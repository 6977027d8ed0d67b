"""The go-to-market page: positioning, pricing plans, segments and their messages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.workspace.http import access_of

from ..gtm_selectors import go_to_market
from ._common import base_context


@login_required
@require_GET
def gtm(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    context = base_context(access, "gtm") | {"gtm": go_to_market(access=access)}
    return render(request, "strategy/gtm.html", context)
