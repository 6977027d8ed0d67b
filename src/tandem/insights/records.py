"""The insights records, declared once: who writes them, what they answer, what is special.

Each kind is registered with the workspace's record registry, so the write path,
the generic API routes and pages, history, search and export read this one
declaration; what a person writes is in :mod:`tandem.insights.inputs`. What is
truly special stays here as hooks (a survey's questions and its public key,
feedback dated and placed at its person's customer, an idea its author may still
change) and in the app's own verbs (triage, votes, decisions, answers).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import (
    Hooks,
    RecordApi,
    RecordPage,
    RecordType,
    SearchText,
    Values,
    register,
    text_of,
)
from tandem.workspace.rights import Action, Level

from . import answers
from .inputs import (
    CustomerIn,
    CustomerPersonIn,
    FeedbackIn,
    IdeaIn,
    StakeholderIn,
    SurveyIn,
)
from .models import (
    Customer,
    CustomerPerson,
    Feedback,
    FeedbackState,
    Idea,
    IdeaStatus,
    Stakeholder,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)

API = "/products/{product_key}"


# --- what is special ------------------------------------------------------------------------


def _live_customer(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    """A person joins a live customer and stays with them."""
    if not creating and "customer" in values:
        raise ValidationFailed({"customer": "a person stays with their customer"})
    if creating and record.customer.archived_at is not None:
        raise ValidationFailed({"customer": "this customer is archived; restore it first"})


def _place_feedback(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    """Dated today unless said; the person's customer is the feedback's; a kind triages it."""
    if record.received_on is None:
        record.received_on = timezone.localdate()
    if record.person is not None and record.customer is None:
        record.customer = record.person.customer
    elif record.person is not None and record.person.customer_id != record.customer_id:
        if "person" in values:
            raise ValidationFailed({"person": f"no person {values['person']!r} at that customer"})
        record.person = None  # the feedback moved to another customer
    if not creating and values.get("kind") and record.state == FeedbackState.NEW:
        record.state = FeedbackState.TRIAGED


def _author_of_open_idea(access: ProductAccess, idea: Any) -> bool:
    """The proposer edits, archives and restores their own idea while it is open."""
    return bool(
        idea.created_by_id == access.user.pk
        and idea.status == IdeaStatus.PROPOSED
        and access.can(Action.FEEDBACK, Level.ADD)
    )


def _new_survey(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    if creating:
        record.public_key = secrets.token_urlsafe(32)  # 256 random bits: the link is the key
    elif "questions" in values:
        raise ValidationFailed({"questions": "a survey's questions are fixed once it is written"})


def _write_questions(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    if creating:
        SurveyQuestion.objects.bulk_create(
            SurveyQuestion(survey=record, position=position, **question)
            for position, question in enumerate(values["questions"], start=1)
        )


# --- what search finds, and where a record lives ---------------------------------------------


def _feedback_text(record: Feedback) -> SearchText:
    return SearchText(title=record.excerpt, body=record.text, status=record.state)


def _survey_text(record: Survey) -> SearchText:
    """The survey's words and what respondents wrote in its free-text answers."""
    prompts = record.questions.values_list("prompt", flat=True)
    written = (
        SurveyAnswer.objects.filter(response__survey=record)
        .exclude(text="")
        .order_by("-id")
        .values_list("text", flat=True)[:500]
    )
    return SearchText(title=record.title, body="\n".join([record.intro, *prompts, *written]))


def _url(name: str, *, via: str = "product") -> Any:
    def url(record: Any) -> str:
        product = record.customer.product if via == "customer" else record.product
        return reverse(f"insights:{name}", args=[product.key, record.pk])

    return url


def _page_context(access: ProductAccess, spec: RecordType, record: Any) -> dict[str, Any]:
    from .views.records import record_page_context

    return record_page_context(access, spec, record)


def _declare(
    name: str,
    model: type[Any],
    schema: type[f.Input],
    *,
    api: Callable[[RecordType], RecordApi],
    **extra: Any,
) -> RecordType:
    spec = RecordType(
        name=name,
        model=model,
        action=Action.FEEDBACK,
        schema=schema,
        fields=extra.pop("fields", tuple(schema.model_fields)),
        page=RecordPage("insights/record.html", context=_page_context),
        app="insights",
        **extra,
    )
    return register(replace(spec, api=api(spec)))  # the answer is built from the fields


def register_all() -> None:
    figures = (Action.FIGURES, Level.READ)
    person = _declare(
        "customer_person",
        CustomerPerson,
        CustomerPersonIn,
        label="Person",
        plural="people",
        title_field="name",
        product_path="customer__product",
        hooks=Hooks(prepare=_live_customer),
        api=lambda spec: RecordApi(f"{API}/people", ordering=("name", "id")),
        search=text_of("name", "title", "email"),
        url=_url("person", via="customer"),
    )
    _declare(
        "stakeholder",
        Stakeholder,
        StakeholderIn,
        label="Stakeholder",
        plural="stakeholders",
        title_field="name",
        restricted={"influence": figures, "interest": figures},
        api=lambda spec: answers.stakeholder_api(spec, f"{API}/stakeholders"),
        search=text_of("name", "role", "team", "notes"),
        url=_url("stakeholder"),
    )
    _declare(
        "customer",
        Customer,
        CustomerIn,
        label="Customer",
        plural="customers",
        title_field="name",
        restricted={"mrr": figures},
        api=lambda spec: answers.customer_api(spec, f"{API}/customers", person),
        search=text_of("name", "segment", "plan"),
        url=_url("customer"),
    )
    _declare(
        "feedback",
        Feedback,
        FeedbackIn,
        label="Feedback",
        plural="feedback",
        create_level=Level.ADD,  # anyone who may add feedback records what a customer said
        title_field="excerpt",
        readonly=("state", "duplicate_of"),
        hooks=Hooks(prepare=_place_feedback),
        api=lambda spec: answers.feedback_api(spec, f"{API}/feedback"),
        search=_feedback_text,
    )
    _declare(
        "idea",
        Idea,
        IdeaIn,
        label="Idea",
        plural="ideas",
        create_level=Level.ADD,  # anyone on the product proposes ideas
        readonly=("status", "decline_reason", "decided_by", "item", "initiative"),
        hooks=Hooks(may_change=_author_of_open_idea),
        api=lambda spec: answers.idea_api(spec, f"{API}/ideas"),
        search=text_of("title", "description", "decline_reason"),
    )
    _declare(
        "survey",
        Survey,
        SurveyIn,
        label="Survey",
        plural="surveys",
        fields=("title", "intro", "is_open"),  # the questions are written once, by the hooks
        hooks=Hooks(prepare=_new_survey, after_save=_write_questions),
        api=lambda spec: answers.survey_api(spec, f"{API}/surveys"),
        search=_survey_text,
        url=_url("survey"),
    )
