"""What every insights page shares: the caller, their rights, form parsing, responses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import product_access


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def access_of(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


@dataclass(frozen=True)
class Rights:
    """What a page may offer; the services check again on every write."""

    add: bool  # add feedback, propose and vote on ideas
    edit: bool  # triage, keep stakeholders and customers, write surveys
    roadmap: bool  # accept an idea as an initiative
    weigh: bool  # set the evidence weights (backlog order is the PO's call)

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        return cls(
            add=access.can(Action.FEEDBACK, Level.ADD),
            edit=access.can(Action.FEEDBACK, Level.EDIT),
            roadmap=access.can(Action.ROADMAP, Level.DECIDE),
            weigh=access.can(Action.BACKLOG, Level.DECIDE),
        )


def form_fields(post: QueryDict, names: Iterable[str]) -> dict[str, Any]:
    """The named fields the form sent; a field the form did not hold is left unchanged."""
    return {name: post.get(name, "") for name in names if name in post}


def form_version(post: QueryDict) -> int | None:
    raw = post.get("version", "").strip()
    if not raw.isdigit():
        return None
    return int(raw)


def back(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect(url)


def refused(request: HttpRequest, url: str, error: ValidationFailed) -> HttpResponse:
    """A form with mistakes goes back to its page with what to fix."""
    messages.error(request, f"Nothing saved. {error.detail}")
    return redirect(url)


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy the proxy sets REMOTE_ADDR to the client (see the deployment notes).
    return str(request.META.get("REMOTE_ADDR") or "unknown")
