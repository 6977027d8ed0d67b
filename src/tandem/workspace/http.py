"""What every page and endpoint shares between the request and a service call.

The caller and their rights on a product, the version a change was made from
(``If-Match`` or a form's ``version``), and the answers an HTMX page sends
(a fragment, a toast, a redirect). One copy for every app.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from .access import ProductAccess
from .errors import PreconditionFailed, PreconditionRequired
from .models import User
from .selectors import product_access

# A version is a small whole number; an ETag this server issued is "<version>".
_MAX_VERSION_DIGITS = 10
_ETAG = re.compile(rf'^(?:W/)?"(\d{{1,{_MAX_VERSION_DIGITS}}})"$')


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def access_of(request: HttpRequest, product_key: str) -> ProductAccess:
    """The caller's rights on a product, resolved once per request; 404 when not a member."""
    cache: dict[str, ProductAccess] = request.__dict__.setdefault("_tandem_access", {})
    key = product_key.upper()
    if key not in cache:
        cache[key] = product_access(user=current_user(request), product_key=product_key)
    return cache[key]


# --- the version a change was made from -----------------------------------------------------


def version_from_etag(header: str) -> int:
    """The version an ``If-Match`` names; a tag this server never issued is a 412."""
    value = header.strip()
    match = _ETAG.match(value) if len(value) <= _MAX_VERSION_DIGITS + 4 else None
    if match is None:
        raise PreconditionFailed(
            'If-Match must be an ETag this API returned, such as "3"; send the record\'s '
            "current ETag."
        )
    return int(match.group(1))


def expected_version(
    request: HttpRequest, body_version: int | None = None, *, bare: bool = False
) -> int:
    """``If-Match`` wins over a body's ``version``; neither is a 428.

    ``bare`` also takes an unquoted number in ``If-Match``, as the backlog's and
    delivery's clients have sent since before the ETags were quoted.
    """
    header = request.headers.get("If-Match", "").strip()
    if bare and header.isdigit() and len(header) <= _MAX_VERSION_DIGITS:
        return int(header)
    if header:
        return version_from_etag(header)
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Send the version you read as `If-Match` (the record's ETag) or as `version`."
    )


def named_version(request: HttpRequest, body_version: int | None = None) -> int | None:
    """The version a request names, if any: for a change that may but need not name one."""
    if request.headers.get("If-Match", "").strip() or body_version is not None:
        return expected_version(request, body_version)
    return None


def form_version(post: QueryDict, name: str = "version") -> int | None:
    raw = post.get(name, "").strip()
    if not raw.isdigit() or len(raw) > _MAX_VERSION_DIGITS:
        return None
    return int(raw)


def required_version(post: QueryDict, name: str = "version") -> int:
    version = form_version(post, name)
    if version is None:
        raise PreconditionRequired("Send the version you read, so nobody's edit is overwritten.")
    return version


def etag(response: HttpResponse, record: Any) -> None:
    response["ETag"] = f'"{record.version}"'


# --- answers ----------------------------------------------------------------------------------


def is_partial(request: HttpRequest) -> bool:
    """An HTMX swap wants a fragment; a history restore after a cache miss wants the page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def toast(request: HttpRequest, message: str, tone: str = "success") -> str:
    """A notice that swaps itself into the page's toast stack, whatever the request's target."""
    return render_to_string("layout/_notice.html", {"message": message, "tone": tone}, request)


def htmx_response(html: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def back_to(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    """The answer to a plain (non-HTMX) form post: a message and the page it came from."""
    if message:
        messages.success(request, message)
    return redirect(url)


def done(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    """A finished form post: the page it leads to, by HTMX redirect or a plain one."""
    if message:
        messages.success(request, message)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")
