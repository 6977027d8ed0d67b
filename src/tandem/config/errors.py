"""What an error looks like outside a view: problem+json under /api/, a page elsewhere.

Django's own handlers (400, 404, 500) and Ninja's answer to a wrong method would
otherwise send HTML or plain text to scripts. Pages get the layout with what to do
next; the 500 page is rendered without the request, so it needs neither the
database nor a signed-in person (either may be what failed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("tandem.errors")
# Django logs its own 500s here (and mails them where ADMINS is set): ours go there too.
request_logger = logging.getLogger("django.request")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def problem_response(status: int, title: str, detail: str, **extra: Any) -> HttpResponse:
    """An RFC 9457 problem, for answers made outside the Ninja API (which has its own)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON)


def body_limit() -> tuple[int, str]:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if limit >= 1024 * 1024:
        return limit, f"{limit / (1024 * 1024):g} MiB"
    return limit, f"{limit / 1024:g} KiB"


def too_large_detail() -> str:
    return f"The request body is larger than the {body_limit()[1]} this server accepts."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    title = "Request too large" if too_large else "Bad request"
    detail = too_large_detail() if too_large else "The request could not be read."
    if is_api(request):
        extra = {"limit": body_limit()[0]} if too_large else {}
        return problem_response(status, title, detail, **extra)
    context = {"title": title, "detail": detail}
    return render(request, "layout/error.html", context, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem_response(
            404,
            "Not found",
            f"No API endpoint at {request.path}. See /api/v1/docs for the list.",
        )
    return render(request, "web/404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return problem_response(500, "Server error", SERVER_ERROR_DETAIL)
    try:
        html = loader.get_template("web/500.html").render({})
    except Exception:  # the layout itself may be what is broken
        logger.exception("The 500 page could not be rendered")
        html = "<!doctype html><title>Server error</title><h1>Server error</h1>" + (
            f"<p>{SERVER_ERROR_DETAIL}</p><p><a href='/'>Go to the start page</a></p>"
        )
    return HttpResponse(html, status=500)


SERVER_ERROR_DETAIL = (
    "Something went wrong on our side and it was logged. Try again in a moment; "
    "if it keeps happening, tell your administrator what you did and when."
)


class ApiProblemMiddleware:
    """Ninja answers a method an endpoint does not take with a plain-text 405: make it a problem."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and is_api(request)
            and not response.get("Content-Type", "").startswith(PROBLEM_JSON)
        ):
            allowed = response.get("Allow", "")
            problem = problem_response(
                405,
                "Method not allowed",
                f"{request.method} is not allowed on {request.path}; this address takes {allowed}.",
            )
            problem["Allow"] = allowed
            return problem
        return response
