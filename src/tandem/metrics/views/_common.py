"""What the metrics pages share: the caller, their rights, form parsing and answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PreconditionRequired, ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import product_access


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def access_of(request: HttpRequest, product_key: str) -> ProductAccess:
    user = request.user
    assert isinstance(user, User)
    return product_access(user=user, product_key=product_key)


def is_partial(request: HtmxHttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


@dataclass(frozen=True)
class Rights:
    """What the page offers; the services check again on every write."""

    decide: bool  # metric definitions, targets, experiments
    propose: bool  # a change to a definition or target, for the decider to accept
    record: bool  # measurements

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        decide = access.can(Action.ROADMAP, Level.DECIDE)
        return cls(
            decide=decide,
            propose=not decide and access.can(Action.ROADMAP, Level.PROPOSE),
            record=access.can(Action.FEEDBACK, Level.EDIT),
        )


def number_or_none(post: QueryDict, field: str, errors: dict[str, str]) -> float | None:
    raw = post.get(field, "").strip().replace(",", ".")
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        errors[field] = "must be a number"
        return None


def count(raw: str, field: str, errors: dict[str, str]) -> int:
    raw = raw.strip().replace(",", "").replace(" ", "")
    if raw == "":
        return 0
    if not raw.isdigit():
        errors[field] = "must be a whole number, 0 or more"
        return 0
    return int(raw)


def required_version(post: QueryDict) -> int:
    raw = post.get("version", "")
    if not raw.isdigit():
        raise PreconditionRequired("Send the version you read, so nobody's edit is overwritten.")
    return int(raw)


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


def toast(request: HttpRequest, message: str) -> str:
    return render_to_string("metrics/_toast.html", {"message": message}, request=request)


def htmx_response(html: str) -> HttpResponse:
    response = HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    return response


def back_to(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect(url)


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number:,} {noun}s"


def done(request: HtmxHttpRequest, url: str, message: str = "") -> HttpResponse:
    """A finished form post: the page it leads to, by HTMX redirect or a plain one."""
    if message:
        messages.success(request, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
