"""Authentication, JSON bodies and Jira's error shape for every endpoint here."""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tandem.core.jql import JqlError
from tandem.workspace import services as workspace_services
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import User

View = Callable[..., HttpResponse]


class JiraError(Exception):
    """An answer in Jira's shape: ``{"errorMessages": [...], "errors": {...}}``."""

    def __init__(
        self, status: int, messages: list[str], errors: dict[str, str] | None = None
    ) -> None:
        super().__init__("; ".join(messages))
        self.status = status
        self.messages = messages
        self.errors = errors or {}


def jira_error(
    status: int, messages: list[str], errors: dict[str, str] | None = None
) -> JsonResponse:
    return JsonResponse({"errorMessages": messages, "errors": errors or {}}, status=status)


def authenticated_user(request: HttpRequest) -> User | None:
    """The token's owner: ``Bearer <token>``, or Basic with e-mail and token as Jira takes."""
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer" and credentials:
        return workspace_services.token_authenticate(secret=credentials)
    if scheme.lower() == "basic" and credentials:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        email, _, secret = decoded.partition(":")
        user = workspace_services.token_authenticate(secret=secret) if secret else None
        if user is not None and user.email.lower() == email.strip().lower():
            return user
    return None


def body_of(request: HttpRequest) -> dict[str, Any]:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise JiraError(413, ["The request body is too large."]) from None
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise JiraError(400, [f"The body is not valid JSON: {error}"]) from None
    if not isinstance(data, dict):
        raise JiraError(400, ["The body must be a JSON object."])
    return data


# Tandem's field names in validation errors → the Jira field the client sent.
_JIRA_FIELD = {
    "title": "summary",
    "kind": "issuetype",
    "estimate": "customfield_10002",
    "parent": "customfield_10008",
    "moscow": "priority",
}


def _domain_error(error: DomainError) -> JsonResponse:
    if isinstance(error, ValidationFailed):
        errors = {_JIRA_FIELD.get(k, k): str(v) for k, v in error.errors.items()}
        return jira_error(400, [], errors)
    return jira_error(error.status, [error.detail])


def jira_view(*methods: str) -> Callable[[View], View]:
    """An endpoint: token-authenticated (no session, so no CSRF), errors in Jira's shape."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = jira_error(405, [f"{request.method} is not allowed here."])
                response["Allow"] = ", ".join(methods)
                return response
            user = authenticated_user(request)
            if user is None:
                response = jira_error(
                    401,
                    [
                        "You are not authenticated. Send a Tandem API token as Bearer, "
                        "or as the password of Basic auth with your e-mail."
                    ],
                )
                response["WWW-Authenticate"] = 'Bearer realm="tandem"'
                return response
            request.user = user
            try:
                return view(request, *args, **kwargs)
            except JiraError as error:
                return jira_error(error.status, error.messages, error.errors)
            except JqlError as error:
                return jira_error(400, [f"Error in the JQL Query: {error}"])
            except DomainError as error:
                return _domain_error(error)

        return wrapper

    return decorate


def base_url(request: HttpRequest) -> str:
    """The server's absolute address as the client reached it, without a trailing slash."""
    return request.build_absolute_uri("/").rstrip("/")


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user
