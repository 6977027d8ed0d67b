"""What the release side's form posts share: one verb on a record, a word, and back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.workspace.http import access_of, back_to

R = TypeVar("R")


def release_page(product_key: str, release_id: int) -> str:
    return reverse(
        "delivery:release", kwargs={"product_key": product_key, "release_id": release_id}
    )


def _nothing(request: HttpRequest) -> dict[str, Any]:
    return {}


def posted_verb(
    write: Callable[..., R],
    *,
    said: Callable[[R], str],
    back: Callable[[str, R], str],
    reads: Callable[[HttpRequest], dict[str, Any]] = _nothing,
) -> Callable[..., HttpResponse]:
    """The page for a form post on one record named in the address: ``write`` runs with
    the caller's access, the address's ids and what ``reads(request)`` takes from the form
    (nothing for archive, restore, start); the page says ``said(record)`` and goes back to
    ``back(product_key, record)``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, product_key: str, **ids: int) -> HttpResponse:
        record = write(access=access_of(request, product_key), **ids, **reads(request))
        return back_to(request, back(product_key, record), said(record))

    return view
