"""Backlog pages (HTMX): thin; parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

from . import selectors


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def backlog_list(request: HttpRequest, product_key: str) -> HttpResponse:
    access = product_access(user=_user(request), product_key=product_key)
    page = selectors.backlog_page(access=access, filters=selectors.BacklogFilters())
    return render(request, "backlog/backlog.html", {"access": access, "page": page})


@login_required
def matrix(request: HttpRequest, product_key: str) -> HttpResponse:
    access = product_access(user=_user(request), product_key=product_key)
    items = selectors.matrix_items(access=access)
    return render(request, "backlog/matrix.html", {"access": access, "items": items})


@login_required
def refinement(request: HttpRequest, product_key: str) -> HttpResponse:
    access = product_access(user=_user(request), product_key=product_key)
    context = {
        "access": access,
        "stale": selectors.stale_items(access=access),
        "not_ready": selectors.not_ready_items(access=access),
        "duplicates": selectors.duplicate_candidates(access=access),
    }
    return render(request, "backlog/refinement.html", context)


@login_required
def item_detail(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = selectors.item_detail(user=_user(request), key=item_key)
    history = list(selectors.item_history(access=access, item=item)[:100])
    return render(
        request, "backlog/item.html", {"access": access, "item": item, "history": history}
    )
