"""The one NinjaAPI: authentication, every app's router, and the single error mapping."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from tandem import __version__
from tandem.backlog.api import router as backlog_router
from tandem.backlog.api_views import router as backlog_views_router
from tandem.backlog.story_map.api import router as story_map_router
from tandem.delivery.api import router as delivery_router
from tandem.insights.api import router as insights_router
from tandem.integrations.api import router as integrations_router
from tandem.integrations.webhooks.api import github_router
from tandem.integrations.webhooks.api import router as webhooks_router
from tandem.knowledge.api import router as knowledge_router
from tandem.knowledge.wiki_api import router as wiki_router
from tandem.metrics.api import router as metrics_router
from tandem.strategy.api import router as strategy_router
from tandem.suggestions.api import router as suggestions_router
from tandem.web.reports.api import router as reports_router
from tandem.workspace import services as workspace_services
from tandem.workspace.api import router as workspace_router
from tandem.workspace.errors import Conflict, DomainError, ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.notifications.api import router as notifications_router
from tandem.workspace.routes import records_router
from tandem.workspace.transactions import is_transient

from . import errors

PROBLEM_JSON = errors.PROBLEM_JSON
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnpairedSurrogate(ValueError):
    """JSON may spell a lone UTF-16 half (``"\\ud800"``); no database can store one."""

    def __init__(self, path: tuple[str | int, ...]) -> None:
        super().__init__("text with an unpaired surrogate")
        self.field = ".".join(str(p) for p in path) or "body"


def _refuse_surrogates(value: Any, path: tuple[str | int, ...] = ()) -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise UnpairedSurrogate(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key, (*path, "(name)"))
            _refuse_surrogates(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_surrogates(item, (*path, index))


class JsonParser(Parser):
    """Ninja's JSON parser, refusing text that is not Unicode once for every endpoint."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _refuse_surrogates(data)
        return data


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` for scripts; tokens are stored hashed."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = workspace_services.token_authenticate(secret=token)
        if user is not None:
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session, its CSRF token checked only once there is a session to protect.

    Checking first would answer a script whose token is missing or revoked with a
    CSRF refusal (403) instead of 401.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="Tandem API",
    version="1",
    description=(
        "Product management for the Product Manager and the Product Owner. "
        "Authenticate with a session (browser) or `Authorization: Bearer <token>` "
        "(create one with `tandem token create EMAIL`). Errors are RFC 9457 problem+json. "
        f"Server version {__version__}."
    ),
    auth=[BearerToken(), SignedInSession()],
    urls_namespace="api",
    parser=JsonParser(),
)
api.add_router("/", workspace_router)
api.add_router("/", backlog_router)
api.add_router("/", story_map_router)
api.add_router("/", suggestions_router)
api.add_router("/", backlog_views_router)
api.add_router("/", strategy_router)
api.add_router("/", delivery_router)
api.add_router("/", insights_router)
api.add_router("/", metrics_router)
api.add_router("/", webhooks_router)
api.add_router("/", github_router)
api.add_router("/", notifications_router)
api.add_router("/", knowledge_router)
api.add_router("/", wiki_router)
api.add_router("/", integrations_router)
api.add_router("/", reports_router)
# Every registered record type's plain verbs, and the one proposal queue.
api.add_router("/", records_router())


def problem(
    request: HttpRequest, *, status: int, title: str, detail: str, **extra: Any
) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_JSON
    return response


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra: dict[str, Any] = {}
    if isinstance(exc, ValidationFailed):
        extra["errors"] = exc.errors
        if exc.warnings:
            extra["warnings"] = exc.warnings
    if isinstance(exc, Conflict):
        extra["current"] = exc.current
        if exc.fields:
            extra["conflicts"] = exc.fields
    return problem(request, status=exc.status, title=exc.title, detail=exc.detail, **extra)


def _field_name(location: tuple[Any, ...]) -> str:
    # Ninja prefixes the parameter source ("body", "query", the schema's argument name).
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = {
        _field_name(tuple(e.get("loc", ()))): str(e.get("msg", "is invalid")) for e in exc.errors
    }
    detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
    return problem(request, status=422, title="Invalid input", detail=detail, errors=errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        status=401,
        title="Not signed in",
        detail="Send `Authorization: Bearer <token>` or sign in.",
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja wraps whatever its parser raised in "400 Cannot parse request body".
    cause = exc.__cause__
    if isinstance(cause, UnpairedSurrogate):
        message = "is not valid Unicode text (an unpaired surrogate such as \\ud800)"
        return problem(
            request,
            status=422,
            title="Invalid input",
            detail=f"{cause.field}: {message}",
            errors={cause.field: message},
        )
    if isinstance(cause, json.JSONDecodeError):
        detail = (
            f"The body is not valid JSON: {cause.msg} (line {cause.lineno}, column {cause.colno})."
        )
        return problem(request, status=400, title="Malformed JSON", detail=detail)
    if isinstance(cause, UnicodeDecodeError):
        return problem(request, status=400, title="Malformed JSON", detail="The body is not UTF-8.")
    return problem(request, status=exc.status_code, title="Request refused", detail=str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit, _ = errors.body_limit()
    detail = errors.too_large_detail()
    return problem(request, status=413, title="Request too large", detail=detail, limit=limit)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return problem(
        request, status=400, title="Bad request", detail="The request could not be read."
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, status=404, title="Not found", detail="No such record.")


@api.exception_handler(DjangoPermissionDenied)
def on_forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return problem(request, status=403, title="Not allowed", detail=str(exc) or "Not allowed.")


@api.exception_handler(OperationalError)
def on_database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """Contention that outlasted the write's retries is the caller's to try again: 503."""
    if not is_transient(exc):
        return on_unhandled(request, exc)
    response = problem(
        request,
        status=503,
        title="Busy",
        detail="Other writes to the same records got in the way; send this one again.",
    )
    response["Retry-After"] = "1"
    return response


@api.exception_handler(Exception)
def on_unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback like any Django 500, answered in problem+json."""
    signals.got_request_exception.send(sender=None, request=request)
    errors.request_logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return problem(request, status=500, title="Server error", detail=errors.SERVER_ERROR_DETAIL)


def unknown_path(request: HttpRequest, path: str) -> HttpResponse:
    """Any /api/v1/ address no endpoint answers: a problem+json 404, not an HTML page."""
    return problem(
        request,
        status=404,
        title="Not found",
        detail=f"No API endpoint at /api/v1/{path}. See /api/v1/docs for the list.",
    )
