"""Answering a survey through its public link: once per token, free text into the inbox.

Writing, changing, archiving and restoring a survey are the plain verbs, declared
in :mod:`tandem.insights.records` with its questions and unguessable public key.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, DomainError, NotFound, ValidationFailed

from ..models import (
    Customer,
    Feedback,
    FeedbackState,
    QuestionKind,
    Sentiment,
    Source,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from . import survey_metrics

RANGES = {QuestionKind.NPS: (0, 10), QuestionKind.CSAT: (1, 5)}


class TooManyRequests(DomainError):
    status = 429
    title = "Too many answers"


# --- answering through the public link -----------------------------------------------------


def _signer(survey: Survey) -> signing.Signer:
    return signing.Signer(salt=f"tandem.survey.{survey.public_key}")


def respondent_token_issue(*, survey: Survey, customer: Customer | None = None) -> str:
    """A one-answer token for this survey: a random nonce, signed so it cannot be forged.

    A token made for a customer carries them, so the answer is counted with the
    customer's revenue and segment; the respondent cannot change who they answer for.
    """
    nonce = secrets.token_urlsafe(18)
    if customer is not None:
        if customer.product_id != survey.product_id:
            raise ValidationFailed({"customer": "is not a customer of this product"})
        nonce = f"{nonce}{_FOR}{customer.pk}"
    return _signer(survey).sign(nonce)


_FOR = ":c"


def _nonce(survey: Survey, token: str) -> tuple[str, int | None]:
    """The token's nonce and the customer it was made for, if any."""
    try:
        nonce = _signer(survey).unsign(token)
    except signing.BadSignature:
        raise ValidationFailed(
            {"token": "this answer link is not valid for this survey; open the survey link again"}
        ) from None
    _, made_for, customer = nonce.partition(_FOR)
    return nonce, int(customer) if made_for and customer.isdigit() else None


def _live_customer(survey: Survey, customer_id: int | None) -> int | None:
    if customer_id is None:
        return None
    live = Customer.objects.filter(
        pk=customer_id, product_id=survey.product_id, archived_at__isnull=True
    ).exists()
    return customer_id if live else None


def _allowed(survey: Survey, client_ip: str) -> bool:
    window = getattr(settings, "SURVEY_WINDOW_SECONDS", 3600)
    limit = getattr(settings, "SURVEY_ANSWERS_PER_IP_PER_WINDOW", 30)
    key = f"survey:{survey.pk}:ip:{client_ip}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return bool(count <= limit)


def open_survey(*, public_key: str) -> Survey:
    """The survey behind a public link; unknown, closed and archived ones look alike."""
    survey = (
        Survey.objects.filter(public_key=public_key, archived_at__isnull=True, is_open=True)
        .select_related("product")
        .first()
    )
    if survey is None:
        raise NotFound("This survey does not exist or no longer takes answers.")
    return survey


def _clean_answers(
    questions: Sequence[SurveyQuestion], answers: Mapping[str, Any]
) -> list[SurveyAnswer]:
    errors: dict[str, str] = {}
    known = {str(q.pk) for q in questions}
    for name in set(answers) - known:
        errors[f"q{name}"] = "is not a question of this survey"
    clean = []
    for question in questions:
        name = f"q{question.pk}"
        raw = answers.get(str(question.pk))
        text = "" if raw is None else str(raw).strip()
        if not text:
            if question.required:
                errors[name] = "please answer this question"
            continue
        answer = SurveyAnswer(question=question)
        if question.kind in RANGES:
            low, high = RANGES[QuestionKind(question.kind)]
            if not text.isdigit() or not low <= int(text) <= high:
                errors[name] = f"choose a number from {low} to {high}"
                continue
            answer.number = int(text)
        elif question.kind == QuestionKind.CHOICE:
            if text not in question.choices:
                errors[name] = "choose one of the offered answers"
                continue
            answer.choice = text
        else:
            if len(text) > 5000:
                errors[name] = "at most 5,000 characters"
                continue
            answer.text = text
        clean.append(answer)
    if errors:
        raise ValidationFailed(errors)
    return clean


# A score at or above the first bound is praise, at or below the second a complaint.
_SENTIMENT_BOUNDS = {QuestionKind.NPS: (9, 6), QuestionKind.CSAT: (4, 2)}


def _sentiment(answers: Sequence[SurveyAnswer]) -> str:
    """The respondent's own score colours their words: a detractor's comment is a complaint."""
    for answer in answers:
        bounds = _SENTIMENT_BOUNDS.get(QuestionKind(answer.question.kind))
        if bounds is not None and answer.number is not None:
            praise, complaint = bounds
            if answer.number >= praise:
                return Sentiment.POSITIVE
            return Sentiment.NEGATIVE if answer.number <= complaint else Sentiment.NEUTRAL
    return ""


@transaction.atomic
def survey_answer(
    *, public_key: str, token: str, answers: Mapping[str, Any], client_ip: str
) -> SurveyResponse:
    """Store one respondent's answers; free text becomes feedback in the product's inbox.

    Refused, with a reason a person understands: a forged or foreign token (422),
    a token that already answered (409), too many answers from one address (429).
    """
    survey = open_survey(public_key=public_key)
    if not _allowed(survey, client_ip):
        raise TooManyRequests("Too many answers from your network; please try again in an hour.")
    nonce, customer_id = _nonce(survey, token)
    if SurveyResponse.objects.filter(survey=survey, respondent=nonce).exists():
        raise Conflict("This survey link has already been answered; thank you.")
    questions = list(survey.questions.all())
    clean = _clean_answers(questions, answers)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, respondent=nonce, customer_id=_live_customer(survey, customer_id)
            )
    except IntegrityError:
        raise Conflict("This survey link has already been answered; thank you.") from None
    sentiment = _sentiment(clean)
    now = timezone.now()
    for answer in clean:
        answer.response = response
        if answer.text:
            answer.feedback = Feedback.objects.create(
                product=survey.product,
                text=answer.text,
                source=Source.SURVEY,
                received_on=timezone.localdate(),
                sentiment=sentiment,
                state=FeedbackState.NEW,
                created_at=now,
                updated_at=now,
            )
    SurveyAnswer.objects.bulk_create(clean)
    survey_metrics.queue_refresh(survey)
    record_event(
        actor=None,
        product=survey.product,
        verb="survey.answered",
        object_type="survey",
        object_id=survey.pk,
        object_label=str(survey),
        after={"response": response.pk, "answers": len(clean)},
    )
    return response
