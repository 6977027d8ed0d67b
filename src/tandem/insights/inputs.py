"""What a person writes for each insights kind: the input the API, pages and services
validate with, built from the one input policy of :mod:`tandem.workspace.fields`.

A customer or a customer's person may be named rather than numbered ("Acme",
"kim@acme.example"): the schema finds them in the caller's product, which the
write path passes as the validation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Q
from django.utils import timezone
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess

from .models import (
    Customer,
    CustomerPerson,
    CustomerStatus,
    FeedbackKind,
    QuestionKind,
    Sentiment,
    Source,
    StakeholderKind,
)

MAX_QUESTIONS = 30
MAX_CHOICES = 20
Rating = Annotated[int, Field(ge=1, le=5)]  # influence and interest, 1–5
Short = Annotated[str, f.chars(100)]


# --- references a person may give by name ---------------------------------------------------


def _access(info: ValidationInfo) -> ProductAccess | None:
    context = info.context or {}
    access = context.get("access")
    return access if isinstance(access, ProductAccess) else None


def _an_id(text: str) -> bool:
    """Digits that fit a row id; anything else is a name ("3M", or a very long number)."""
    return text.isdigit() and len(text) <= 18


def _found(info: ValidationInfo, key: tuple[Any, ...], lookup: Callable[[], int | None]) -> Any:
    """A lookup, once per validation context (an import names the same customer often)."""
    memo = (info.context or {}).get("found")
    if memo is None:
        return lookup()
    if key not in memo:
        memo[key] = lookup()
    return memo[key]


def _customer_named(value: int | str | None, info: ValidationInfo) -> int | str | None:
    """A live customer of the caller's product, by id or by name (any case)."""
    access = _access(info)
    if value in (None, "") or access is None:
        return value or None
    text = str(value)
    live = Customer.objects.filter(product=access.product, archived_at__isnull=True)
    found = live.filter(pk=int(text)) if _an_id(text) else live.filter(name__iexact=text)
    pk = _found(
        info, ("customer", text.lower()), lambda: found.values_list("pk", flat=True).first()
    )
    if pk is None:
        raise ValueError(f"no customer {value!r} in {access.product.key}")
    return int(pk)


def _person_named(value: int | str | None, info: ValidationInfo) -> int | str | None:
    """A live person of that customer (or of any customer), by id, name or e-mail."""
    access = _access(info)
    if value in (None, "") or access is None:
        return value or None
    text = str(value)
    people = CustomerPerson.objects.filter(
        customer__product=access.product, archived_at__isnull=True
    )
    customer = info.data.get("customer")
    if customer:
        people = people.filter(customer_id=customer)
    match = Q(pk=int(text)) if _an_id(text) else Q(name__iexact=text) | Q(email__iexact=text)
    found = people.filter(match).order_by("pk").values_list("pk", flat=True)
    pk = _found(info, ("person", text.lower(), customer), found.first)
    if pk is None:
        raise ValueError(f"no person {value!r} at that customer")
    return int(pk)


def _not_ahead(value: dt.date | None) -> dt.date | None:
    """Feedback cannot be dated after today (a day's grace for time zones ahead of ours)."""
    if value is not None and value > timezone.localdate() + dt.timedelta(days=1):
        raise ValueError("must not be in the future")
    return value


def _other_when_blank(value: Any) -> Any:
    return value or Source.OTHER


def _blank_or(options: type[Any]) -> f.OneOf:
    """A choice that may also be left blank (feedback nobody has classified yet)."""
    return f.OneOf(("", *options.values))


# --- what a person writes -------------------------------------------------------------------


class StakeholderIn(f.Input):
    name: f.RequiredText
    email: f.Email = Field("", title="E-mail")
    kind: Annotated[str, f.one_of(StakeholderKind)] = StakeholderKind.INTERNAL
    role: Short = ""
    team: Short = ""
    influence: Rating = Field(3, title="Influence (1–5)")
    interest: Rating = Field(3, title="Interest (1–5)")
    notes: f.LongText = ""


class CustomerIn(f.Input):
    name: f.RequiredText
    segment: Short = ""
    plan: Short = ""
    mrr: f.Money = Field(Decimal(0), title="MRR", description="Monthly recurring revenue.")
    status: Annotated[str, f.one_of(CustomerStatus)] = CustomerStatus.ACTIVE


class PersonIn(f.Input):
    """A person of a customer, added from the customer (``/customers/{id}/people``)."""

    name: f.RequiredText
    email: f.Email = Field("", title="E-mail")
    title: Short = ""


class CustomerPersonIn(PersonIn):
    customer: f.Ref


class FeedbackIn(f.Input):
    text: Annotated[str, f.chars(f.LONG_TEXT), f.REQUIRED] = Field(title="What they said")
    source: Annotated[str, f.one_of(Source), BeforeValidator(_other_when_blank)] = Source.OTHER
    customer: Annotated[f.Ref | f.Text | None, AfterValidator(_customer_named)] = Field(
        None, description="Customer id or name"
    )
    person: Annotated[f.Ref | f.Text | None, AfterValidator(_person_named)] = Field(
        None, description="Person id, name or e-mail"
    )
    received_on: Annotated[f.Date | None, AfterValidator(_not_ahead)] = Field(
        None, title="Date", description="Today when left out; never a day still to come."
    )
    kind: Annotated[str, _blank_or(FeedbackKind)] = ""
    sentiment: Annotated[str, _blank_or(Sentiment)] = ""


class IdeaIn(f.Input):
    title: f.RequiredText
    description: f.LongText = Field("", title="Why it matters")


class QuestionIn(f.Input):
    kind: Annotated[str, f.one_of(QuestionKind)]
    prompt: Annotated[str, f.chars(300), f.REQUIRED]
    choices: list[Annotated[str, f.chars(200)]] = Field(
        [], max_length=MAX_CHOICES * 2, validate_default=True
    )
    required: bool = True

    @field_validator("choices")
    @classmethod
    def _choices_of_a_choice_question(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("kind") != QuestionKind.CHOICE:
            return []
        choices = [choice for choice in value if choice]
        if not 2 <= len(choices) <= MAX_CHOICES:
            raise ValueError(f"a multiple-choice question needs 2 to {MAX_CHOICES} choices")
        return choices


class SurveyIn(f.Input):
    title: f.RequiredText
    intro: f.LongText = Field("", title="Introduction")
    is_open: bool = Field(True, title="Takes answers")
    questions: list[QuestionIn] = Field(min_length=1, max_length=MAX_QUESTIONS)

    @model_validator(mode="wrap")
    @classmethod
    def _questions_counted_from_one(cls, data: Any, handler: Any) -> Any:
        """An error names question 1 as the form and the survey number it, not question 0."""
        try:
            return handler(data)
        except ValidationError as invalid:
            errors: list[Any] = []
            for error in invalid.errors():
                loc = error["loc"]
                if loc[:1] == ("questions",) and len(loc) > 1 and isinstance(loc[1], int):
                    loc = ("questions", loc[1] + 1, *loc[2:])
                errors.append({"type": error["type"], "loc": loc, "input": error["input"]})
                errors[-1] |= {"ctx": error["ctx"]} if "ctx" in error else {}
            raise ValidationError.from_exception_data(invalid.title, errors) from None
