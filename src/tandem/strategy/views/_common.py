"""What every strategy page shares: the caller, their rights, and forms built from the kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from tandem.metrics.models import Metric
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PreconditionRequired
from tandem.workspace.models import User
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import people_of, product_access

from ..kinds import (
    CHOICE,
    MONEY,
    MONTH,
    NUMBER,
    PERSON,
    RATINGS,
    REF,
    REFS,
    Kind,
    snapshot,
)
from ..models import Competitor, Initiative, Objective, Support
from ..services import Outcome


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def access_for(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


@dataclass(frozen=True)
class Rights:
    """What the pages offer; the services check again on every write."""

    decide: bool  # the PM: vision, objectives, roadmap, market, costs, strategic decisions
    propose: bool  # the PO: the same, as proposals
    tactical: bool  # record a tactical decision directly (the PO)
    escalate: bool  # put a question in the PM's queue
    check_in: bool

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        return cls(
            decide=access.can(Action.ROADMAP, Level.DECIDE)
            and access.can(Action.STRATEGY, Level.DECIDE),
            propose=access.can(Action.ROADMAP, Level.PROPOSE),
            tactical=access.can(Action.BACKLOG, Level.DECIDE),
            escalate=access.can(Action.BACKLOG, Level.PROPOSE),
            check_in=access.can(Action.STRATEGY, Level.PROPOSE),
        )


def base_context(access: ProductAccess, tab: str) -> dict[str, Any]:
    return {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "tab": tab,
        "support_choices": Support.choices,
    }


# --- forms from the kinds ---------------------------------------------------------------


@dataclass
class FormField:
    name: str
    label: str
    type: str
    value: Any
    required: bool
    help: str
    options: list[tuple[str, str]]
    selected: set[str]
    error: str = ""


def _options(access: ProductAccess, ref: str) -> list[tuple[str, str]]:
    model: type[models.Model] = {
        "objective": Objective,
        "initiative": Initiative,
        "metric": Metric,
        "competitor": Competitor,
    }[ref]
    rows = model._default_manager.filter(product=access.product, archived_at__isnull=True).order_by(
        "pk"
    )
    return [(str(r.pk), str(r)) for r in rows]


def form_fields(
    access: ProductAccess,
    kind: Kind,
    record: models.Model | None,
    initial: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> list[FormField]:
    """The form's fields; ``initial`` overrides the record's values (a refused submission)."""
    values = (snapshot(kind, record) if record is not None else {}) | dict(initial)
    errors = errors or {}
    fields = []
    for field in kind.fields:
        value = values.get(field.name)
        options: list[tuple[str, str]] = []
        selected: set[str] = set()
        if field.type == CHOICE:
            options = [(c, label) for c, label in field.choices]
            default = getattr(kind.model._meta.get_field(field.name), "default", None)
            fallback = default if isinstance(default, str) and default else field.choices[0][0]
            selected = {str(value)} if value else {fallback}
        elif field.type in (REF, REFS):
            options = _options(access, field.ref)
            selected = {str(v) for v in (value if isinstance(value, list) else [value]) if v}
        elif field.type == PERSON:
            options = [(u.email, u.display_name) for u in people_of(access=access)]
            selected = {str(value)} if value else set()
        elif field.type == RATINGS:
            options = _options(access, "competitor")
        elif field.type == MONTH and value:
            value = str(value)[:7]
        fields.append(
            FormField(
                field.name,
                field.label,
                field.type,
                "" if value is None else value,
                field.required,
                field.help,
                options,
                selected,
                errors.get(field.name, ""),
            )
        )
    return fields


def posted_fields(post: QueryDict, kind: Kind, record: models.Model | None) -> dict[str, Any]:
    """The form's values as service input; on an edit, only what differs from the record."""
    current = snapshot(kind, record) if record is not None else {}
    fields: dict[str, Any] = {}
    for field in kind.fields:
        if field.type == RATINGS:
            prefix = f"{field.name}-"
            if not any(k.startswith(prefix) for k in post):
                continue
            value: Any = {
                k.removeprefix(prefix): v for k, v in post.items() if k.startswith(prefix) and v
            }
        elif field.type == REFS:
            if f"{field.name}-present" not in post and field.name not in post:
                continue
            value = sorted(int(v) for v in post.getlist(field.name) if v.isdigit())
        elif field.name not in post:
            continue
        else:
            value = post.get(field.name, "").replace("\r\n", "\n").strip()
        if record is not None and _same(field.type, current.get(field.name), value):
            continue
        fields[field.name] = value
    return fields


def _same(type_: str, current: Any, posted: Any) -> bool:
    if type_ in (REFS, RATINGS):
        return bool(current == posted)
    if current is None:
        return bool(posted == "")
    if type_ == MONTH:
        return bool(str(current)[:7] == posted)
    if type_ in (NUMBER, MONEY):
        try:
            return float(current) == float(posted)
        except ValueError:
            return False
    return bool(str(current) == posted)


def required_version(post: QueryDict) -> int:
    raw = post.get("version", "")
    if not raw.isdigit():
        raise PreconditionRequired("Send the version you read, so nobody's edit is overwritten.")
    return int(raw)


def say(request: HttpRequest, outcome: Outcome, done: str) -> None:
    if outcome.proposal is not None:
        messages.info(request, "Sent to the Product Manager as a proposal.")
    else:
        messages.success(request, done)


def back(request: HttpRequest, url: str) -> HttpResponse:
    return redirect(request.POST.get("next") or url)


def toast(request: HttpRequest, message: str, tone: str = "success") -> str:
    return render_to_string(
        "strategy/_toast.html", {"message": message, "tone": tone}, request=request
    )


def htmx_response(html: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
