"""What the insights kinds answer through the generic API routes, beyond their fields.

Each answer starts from the kind's declared fields (those the caller may not read
are null) and adds what is derived: a stakeholder's quadrant, a customer's ARR and
people, feedback's customer name, links and suggested kind, an idea's votes, a
survey's public link and questions. The rows they read are joined up front, so a
list costs a fixed number of queries.
"""

# No `from __future__ import annotations`: the answer schemas are built with pydantic's
# create_model from the types named here.

import weakref
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from ninja import Schema
from pydantic import Field, create_model

from tandem.workspace.access import ProductAccess
from tandem.workspace.fields import Text
from tandem.workspace.registry import RecordApi, RecordType
from tandem.workspace.routes import ListFilters, default_out, default_out_schema, out_schema

from .models import (
    CustomerPerson,
    FeedbackKind,
    FeedbackLink,
    FeedbackState,
    IdeaStatus,
    quadrant_of,
)
from .selectors import feedback_rows, idea_rows, may_read_figures
from .selectors.triage import Suggester, kind_suggester


def _answer_schema(spec: RecordType, **extra: Any) -> type[Schema]:
    """The kind's default answer with more fields; it keeps the default's name."""
    base = default_out_schema(spec)
    return create_model(base.__name__, __base__=base, **extra)


# --- stakeholders -------------------------------------------------------------------------


def stakeholder_api(spec: RecordType, path: str) -> RecordApi:
    def answer(access: ProductAccess, record: Any) -> dict[str, Any]:
        figures = may_read_figures(access)
        quadrant = quadrant_of(record.influence, record.interest) if figures else None
        return default_out(access, spec, record) | {"quadrant": quadrant}

    schema = _answer_schema(spec, quadrant=(str | None, None))
    return RecordApi(path, out=answer, out_schema=schema, ordering=("name", "id"))


# --- customers and their people -------------------------------------------------------------


def _customers(access: ProductAccess, rows: QuerySet[Any]) -> QuerySet[Any]:
    people = CustomerPerson.objects.order_by("archived_at", "name")
    return rows.prefetch_related(Prefetch("people", queryset=people))


def customer_api(spec: RecordType, path: str, person: RecordType) -> RecordApi:
    """A customer with its ARR and its people (live first)."""

    def answer(access: ProductAccess, record: Any) -> dict[str, Any]:
        return default_out(access, spec, record) | {
            "arr": record.arr if may_read_figures(access) else None,
            "people": [default_out(access, person, p) for p in record.people.all()],
        }

    schema = _answer_schema(
        spec,
        arr=(Decimal | None, None),
        people=(list[out_schema(person)], []),  # type: ignore[misc]  # as /people answers
    )
    return RecordApi(path, out=answer, out_schema=schema, rows=_customers, ordering=("name", "id"))


# --- feedback -----------------------------------------------------------------------------


class FeedbackFilters(ListFilters):
    """The inbox and its searches: by state, kind, customer or words in the text."""

    state: FeedbackState | None = None
    kind: FeedbackKind | None = None
    customer: int | None = Field(None, ge=1)
    text: Text | None = None
    limit: int = Field(50, ge=1, le=200)

    def narrow(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        rows = super().narrow(rows)
        wanted = {"state": self.state, "kind": self.kind, "customer_id": self.customer}
        rows = rows.filter(**{name: value for name, value in wanted.items() if value})
        return rows.filter(text__icontains=self.text) if self.text else rows


class FeedbackLinkOut(Schema):
    id: int
    item: str | None
    initiative: int | None
    importance: int


class SuggestionOut(Schema):
    kind: str
    confidence: float
    source: str


def link_out(link: FeedbackLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "item": link.item.key if link.item_id else None,  # type: ignore[union-attr]
        "initiative": link.initiative_id,
        "importance": link.importance,
    }


# One suggester per caller's request: a list suggests for every row with one model.
_suggesters: "weakref.WeakKeyDictionary[ProductAccess, tuple[Suggester, str]]" = (
    weakref.WeakKeyDictionary()
)


def _suggestion(access: ProductAccess, text: str) -> dict[str, Any] | None:
    if access not in _suggesters:
        _suggesters[access] = kind_suggester(access=access)
    suggest, source = _suggesters[access]
    found = suggest(text)
    if found is None:
        return None
    return {"kind": found.kind, "confidence": found.confidence, "source": source}


def feedback_api(spec: RecordType, path: str) -> RecordApi:
    """Feedback with its customer's name, the links that triage made and a suggested kind."""

    def answer(access: ProductAccess, record: Any) -> dict[str, Any]:
        return default_out(access, spec, record) | {
            "customer_name": record.customer.name if record.customer_id else None,
            "links": [link_out(link) for link in record.live_links],
            "suggestion": _suggestion(access, record.text),
        }

    schema = _answer_schema(
        spec,
        customer_name=(str | None, None),
        links=(list[FeedbackLinkOut], []),
        suggestion=(SuggestionOut | None, None),
    )
    return RecordApi(
        path,
        out=answer,
        out_schema=schema,
        rows=feedback_rows,
        filters=FeedbackFilters,
        ordering=("-received_on", "-id"),
    )


# --- ideas --------------------------------------------------------------------------------


class IdeaFilters(ListFilters):
    status: IdeaStatus | None = None

    def narrow(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        rows = super().narrow(rows)
        return rows.filter(status=self.status) if self.status else rows


def idea_api(spec: RecordType, path: str) -> RecordApi:
    """An idea with who proposed and decided it, where it went, and its votes."""

    def answer(access: ProductAccess, record: Any) -> dict[str, Any]:
        return default_out(access, spec, record) | {
            "proposed_by": record.created_by.email if record.created_by else None,
            "item": record.item.key if record.item_id else None,
            "votes": record.vote_count,
            "voted": bool(record.voted),
        }

    schema = _answer_schema(
        spec,
        proposed_by=(str | None, None),
        item=(str | None, None),
        votes=(int, 0),
        voted=(bool, False),
    )
    return RecordApi(
        path,
        out=answer,
        out_schema=schema,
        rows=idea_rows,
        filters=IdeaFilters,
        ordering=("-vote_count", "-created_at", "-id"),
    )


# --- surveys ------------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    kind: str
    prompt: str
    choices: list[str]
    required: bool


def survey_api(spec: RecordType, path: str) -> RecordApi:
    """A survey with its public link (a full URL) and its questions."""

    def answer(access: ProductAccess, record: Any) -> dict[str, Any]:
        questions = [
            {"id": q.pk, "kind": q.kind, "prompt": q.prompt, "choices": q.choices}
            | {"required": q.required}
            for q in record.questions.all()
        ]
        public_url = reverse("insights:survey-public", args=[record.public_key])
        return default_out(access, spec, record) | {
            "public_url": public_url,
            "questions": questions,
        }

    schema = _answer_schema(spec, public_url=(str, ...), questions=(list[QuestionOut], []))
    return RecordApi(
        path,
        out=answer,
        out_schema=schema,
        rows=lambda access, rows: rows.prefetch_related("questions"),
        ordering=("-created_at", "-id"),
        absolute=("public_url",),
    )
