"""The search page (results grouped by kind, filters) and Ask's answer on it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.workspace.errors import NotFound
from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

from . import search as searching
from .ask import ask
from .indexing import kinds


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    query = request.GET.get("q", "").strip()[:500]
    product = request.GET.get("product", "").strip().upper()[:10]
    known = dict(kinds())
    chosen = tuple(k for k in request.GET.getlist("kind") if k in known)
    filters = searching.Filters(
        product=product,
        kinds=chosen,
        status=request.GET.get("status", "").strip()[:40],
        changed_after=_day(request.GET.get("after", "")),
        changed_before=_day(request.GET.get("before", "")),
    )
    jump = searching.item_by_key(user=user, key=query) if query else None
    hits = searching.search(user=user, query=query, filters=filters, limit=50) if query else []
    answer = None
    if query and product and request.GET.get("ask"):
        try:
            answer = ask(access=product_access(user=user, product_key=product), question=query)
        except NotFound:
            answer = None
    context = {
        "query": query,
        "product": product,
        "filters": filters,
        "kinds": sorted(known.items(), key=lambda pair: pair[1]),
        "chosen": chosen,
        "groups": searching.grouped(hits),
        "count": len(hits),
        "jump": jump,
        "answer": answer,
        "products": searching.accesses(user),
    }
    return render(request, "knowledge/search.html", context)
