"""Conditional GET: a read answered 304 when the caller already holds exactly this body.

The validator is a hash of the body as rendered for this request, so it moves whenever
a byte of the answer would: nothing is stored between requests and nothing can go
stale. A response that already carries an ETag keeps it but is never answered 304:
those ETags are record versions, the preconditions writes name in ``If-Match``, and a
record's answer also carries figures that move without its version (an item's progress).

A page embeds the CSRF token, masked afresh on every render; the hash reads each masked
token as the secret it masks, and that secret, so a page differs only when its content
does or the secret turned (a cached page's token stays valid exactly as long as the
secret does).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.middleware.csrf import (  # type: ignore[attr-defined]  # not in the stubs
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
)
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

# Where the answers depend on a bearer token as well as on the session.
API_PREFIXES = ("/api/", "/rest/")
_MASKED_TOKEN = re.compile(rb"\b[A-Za-z0-9]{%d}\b" % CSRF_TOKEN_LENGTH)
# The headers a 304 repeats (RFC 9110, section 15.4.5).
_KEPT = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary")


class ConditionalGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return response
        _mark_private(request, response)
        if request.method != "GET" or not isinstance(response, HttpResponse):
            return response
        if not _validated_by_body(response):
            return response
        response["ETag"] = f'"{_body_hash(request, response.content)}"'
        if _matches(request, response["ETag"]):
            return _not_modified(response)
        return response


def _mark_private(request: HttpRequest, response: HttpResponseBase) -> None:
    """Someone's own answer: no shared cache keeps it, and a browser asks before reusing it."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    api = request.path.startswith(API_PREFIXES)
    patch_vary_headers(response, ("Cookie", "Authorization") if api else ("Cookie",))


def _validated_by_body(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "").lower().split(",")
    stored = "no-store" in (directive.strip() for directive in directives)
    return (
        response.status_code == 200
        and not stored
        and not response.has_header("ETag")
        and bool(response.content)
    )


def _body_hash(request: HttpRequest, body: bytes) -> str:
    secret = request.META.get("CSRF_COOKIE") or ""
    if secret:
        body = _MASKED_TOKEN.sub(lambda token: _unmasked(token.group(), secret), body)
    digest = hashlib.sha256(body)
    digest.update(secret.encode())
    return digest.hexdigest()[:32]


def _unmasked(token: bytes, secret: str) -> bytes:
    return b"csrf" if _unmask_cipher_token(token.decode()) == secret else token


def _matches(request: HttpRequest, etag: str) -> bool:
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    bare = etag.removeprefix("W/")
    return "*" in wanted or any(tag.removeprefix("W/") == bare for tag in wanted)


def _not_modified(response: HttpResponse) -> HttpResponseNotModified:
    answer = HttpResponseNotModified()
    for header in _KEPT:
        if header in response:
            answer[header] = response[header]
    answer.cookies = response.cookies
    return answer
