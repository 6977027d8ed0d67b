"""What a JQL value names among Tandem's records: a status, a kind, a person, a sprint …

Each resolver turns one written value into database values (or a condition) and
raises a :class:`JqlError` pointing at the value when it names nothing Tandem knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from tandem.backlog.models import Kind, MoSCoW, Status
from tandem.core.jql import (
    EmptyValue,
    FunctionCall,
    NumberValue,
    RelativeDate,
    StringValue,
    Value,
    kind_for,
    status_for,
)
from tandem.core.jql.errors import error_at, unknown_name
from tandem.delivery.models import SprintState
from tandem.workspace.models import User

Resolver = Callable[[Value], list[str]]

STATUS_CATEGORIES: dict[str, list[str]] = {
    "to do": [Status.NEW, Status.READY],
    "new": [Status.NEW, Status.READY],
    "in progress": [Status.IN_PROGRESS],
    "indeterminate": [Status.IN_PROGRESS],
    "done": [Status.DONE, Status.ACCEPTED],
    "complete": [Status.DONE, Status.ACCEPTED],
}
# Jira's priority names read as MoSCoW, the backlog's own priority.
PRIORITY_NAMES: dict[str, str] = {
    "highest": MoSCoW.MUST,
    "blocker": MoSCoW.MUST,
    "critical": MoSCoW.MUST,
    "high": MoSCoW.SHOULD,
    "major": MoSCoW.SHOULD,
    "medium": MoSCoW.COULD,
    "low": MoSCoW.WONT,
    "lowest": MoSCoW.WONT,
    "minor": MoSCoW.WONT,
    "trivial": MoSCoW.WONT,
}
SPRINT_FUNCTIONS: dict[str, str] = {
    "opensprints": SprintState.ACTIVE,
    "closedsprints": SprintState.CLOSED,
    "futuresprints": SprintState.PLANNED,
}


def text_of(value: Value, what: str) -> str:
    """The words of a value; a function or EMPTY where text is expected is an error."""
    match value:
        case StringValue(text=text):
            return text
        case NumberValue(value=number):
            return str(number)
        case RelativeDate():
            raise error_at(f"Expected {what}, not a relative date", value.span)
        case FunctionCall(name=name):
            raise error_at(f"{name}() is not {what}", value.span)
        case EmptyValue():
            raise error_at(f"EMPTY is not {what}; write IS EMPTY", value.span)


def _choice(
    value: Value, what: str, choices: type[Status] | type[Kind] | type[MoSCoW], extra: str | None
) -> str:
    text = text_of(value, f"a {what}")
    key = " ".join(text.lower().split())
    for choice in choices:
        if key in (choice.value, str(choice.label).lower(), choice.value.replace("_", " ")):
            return str(choice.value)
    if extra is not None:
        return extra
    names = [str(c.label) for c in choices]
    raise error_at(unknown_name(what, text, names), value.span)


def status_values(value: Value) -> list[str]:
    text = text_of(value, "a status")
    return [_choice(value, "status", Status, status_for(text))]


def status_category_values(value: Value) -> list[str]:
    text = text_of(value, "a status category")
    found = STATUS_CATEGORIES.get(" ".join(text.lower().split()))
    if found is None:
        raise error_at(
            unknown_name("status category", text, ["To Do", "In Progress", "Done"]), value.span
        )
    return [str(status) for status in found]


def kind_values(value: Value) -> list[str]:
    return [_choice(value, "issue type", Kind, kind_for(text_of(value, "an issue type")))]


def priority_values(value: Value) -> list[str]:
    text = text_of(value, "a priority")
    return [_choice(value, "priority", MoSCoW, PRIORITY_NAMES.get(text.lower().strip()))]


def boolean_values(value: Value) -> list[str]:
    text = text_of(value, "true or false").lower()
    if text in ("true", "yes", "1"):
        return ["True"]
    if text in ("false", "no", "0"):
        return ["False"]
    raise error_at(f"Expected true or false, not '{text}'", value.span)


def number_of(value: Value) -> Decimal:
    if isinstance(value, NumberValue):
        return value.value
    text = text_of(value, "a number")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise error_at(f"Expected a number, not '{text}'", value.span) from None


def key_parts(value: Value) -> tuple[str, int]:
    """``DRN-42`` → ("DRN", 42), or an error at the value."""
    text = text_of(value, "an issue key")
    prefix, _, number = text.strip().upper().rpartition("-")
    if not prefix or not number.isdigit():
        raise error_at(f"'{text}' is not an issue key like DRN-42", value.span)
    return prefix, int(number)


def item_key(value: Value, what: str = "an issue key") -> Q:
    """``DRN-42`` → that item; a bare number → the item with that id."""
    if isinstance(value, NumberValue):
        return Q(pk=int(value.value))
    if isinstance(value, StringValue) and value.text.isdigit():
        return Q(pk=int(value.text))
    prefix, number = key_parts(value)
    return Q(product__key=prefix, number=number)


def person(value: Value, user: User) -> Q:
    """Who a value names: ``currentUser()``, an e-mail, or a display name."""
    if isinstance(value, FunctionCall):
        if value.name.lower() != "currentuser":
            raise error_at(f"{value.name}() is not a person; try currentUser()", value.span)
        return Q(pk=user.pk)
    text = text_of(value, "a person").strip()
    condition = Q(email__iexact=text) | Q(name__iexact=text)
    if "@" not in text:
        condition |= Q(email__istartswith=f"{text}@")
    # Only people who share a product with the caller: others' addresses stay unconfirmed.
    colleagues = User.objects.filter(memberships__product__memberships__user=user)
    if not colleagues.filter(condition).exists():
        raise error_at(f"No person '{text}' (write an e-mail or currentUser())", value.span)
    return condition


def sprint(value: Value) -> Q:
    """A sprint by id, by name, or every sprint a function names (``openSprints()``)."""
    if isinstance(value, FunctionCall):
        state = SPRINT_FUNCTIONS.get(value.name.lower())
        if state is None:
            names = ["openSprints()", "closedSprints()", "futureSprints()"]
            raise error_at(unknown_name("sprint function", f"{value.name}()", names), value.span)
        return Q(state=state)
    if isinstance(value, NumberValue):
        return Q(pk=int(value.value))
    text = text_of(value, "a sprint")
    return Q(pk=int(text)) if text.isdigit() else Q(name__iexact=text)


def each(values: Iterable[Value], resolve: Resolver) -> list[str]:
    found: list[str] = []
    for value in values:
        found.extend(resolve(value))
    return found
