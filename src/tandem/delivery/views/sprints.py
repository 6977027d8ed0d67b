"""The sprint pages: thin over services and selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.workspace.models import User
from tandem.workspace.selectors import product_access


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = product_access(user=_user(request), product_key=product_key)
    return render(request, "delivery/index.html", {"access": access, "product": access.product})
