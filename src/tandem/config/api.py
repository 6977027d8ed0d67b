"""The one NinjaAPI: authentication, every app's router, and the single error mapping."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from tandem import __version__
from tandem.backlog.api import router as backlog_router
from tandem.delivery.api import router as delivery_router
from tandem.insights.api import router as insights_router
from tandem.metrics.api import router as metrics_router
from tandem.strategy.api import router as strategy_router
from tandem.workspace import services as workspace_services
from tandem.workspace.api import router as workspace_router
from tandem.workspace.errors import Conflict, DomainError, ValidationFailed
from tandem.workspace.models import User

PROBLEM_JSON = "application/problem+json"


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
)
api.add_router("/", workspace_router)
api.add_router("/", backlog_router)
api.add_router("/", strategy_router)
api.add_router("/", delivery_router)
api.add_router("/", insights_router)
api.add_router("/", metrics_router)


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
    if isinstance(exc, Conflict):
        extra["current"] = exc.current
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
    return problem(request, status=exc.status_code, title="Request refused", detail=str(exc))


def unknown_path(request: HttpRequest, path: str) -> HttpResponse:
    """Any /api/v1/ address no endpoint answers: a problem+json 404, not an HTML page."""
    return problem(
        request,
        status=404,
        title="Not found",
        detail=f"No API endpoint at /api/v1/{path}. See /api/v1/docs for the list.",
    )
