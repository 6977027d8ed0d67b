"""Domain errors raised under a page become a page or, for HTMX, a toast: one mapping."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tandem.workspace.errors import Conflict, DomainError, ValidationFailed


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        context = {
            "title": exception.title,
            "detail": exception.detail,
            "errors": exception.errors if isinstance(exception, ValidationFailed) else {},
            "current": exception.current if isinstance(exception, Conflict) else {},
        }
        if getattr(request, "htmx", False):
            response = HttpResponse(
                render_to_string("layout/_error_toast.html", context, request=request)
            )
            response.status_code = exception.status
            response["HX-Retarget"] = "#toasts"
            response["HX-Reswap"] = "beforeend"
            return response
        return HttpResponse(
            render_to_string("layout/error.html", context, request=request), status=exception.status
        )
