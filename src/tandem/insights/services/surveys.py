"""Surveys: the PM or PO writes one; anyone with its public link answers once per token."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, DomainError, NotFound, ValidationFailed
from tandem.workspace.records import (
    check_version,
    clean_choice,
    clean_text,
    created,
    locked,
    require_live,
    save_changes,
    set_archived,
    unknown_fields,
)
from tandem.workspace.rights import Action, Level

from ..models import (
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

SURVEY_FIELDS = ("title", "intro", "is_open")
MAX_QUESTIONS = 30
MAX_CHOICES = 20
RANGES = {QuestionKind.NPS: (0, 10), QuestionKind.CSAT: (1, 5)}


class TooManyRequests(DomainError):
    status = 429
    title = "Too many answers"


def survey_snapshot(s: Survey) -> dict[str, Any]:
    return {"title": s.title, "intro": s.intro, "is_open": s.is_open}


def _clean_questions(errors: dict[str, str], questions: Any) -> list[SurveyQuestion]:
    if not isinstance(questions, list | tuple) or not questions:
        errors["questions"] = "add at least one question"
        return []
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = f"a survey has at most {MAX_QUESTIONS} questions"
        return []
    clean = []
    for position, raw in enumerate(questions, start=1):
        where = f"questions.{position}"
        if not isinstance(raw, Mapping):
            errors[where] = "must be an object with kind and prompt"
            continue
        kind = clean_choice(errors, f"{where}.kind", raw.get("kind"), QuestionKind.values)
        prompt = clean_text(errors, f"{where}.prompt", raw.get("prompt"), limit=300, required=True)
        choices = [str(c).strip() for c in raw.get("choices") or [] if str(c).strip()]
        if kind == QuestionKind.CHOICE and not 2 <= len(choices) <= MAX_CHOICES:
            errors[f"{where}.choices"] = (
                f"a multiple-choice question needs 2 to {MAX_CHOICES} choices"
            )
        if any(len(c) > 200 for c in choices):
            errors[f"{where}.choices"] = "a choice is at most 200 characters"
        clean.append(
            SurveyQuestion(
                position=position,
                kind=kind,
                prompt=prompt,
                choices=choices if kind == QuestionKind.CHOICE else [],
                required=bool(raw.get("required", True)),
            )
        )
    return clean


@transaction.atomic
def survey_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Survey:
    """A survey and its questions; its public link is unguessable (256 random bits)."""
    access.require(Action.FEEDBACK, Level.EDIT)
    errors = unknown_fields(fields, (*SURVEY_FIELDS, "questions"))
    title = clean_text(errors, "title", fields.get("title"), limit=200, required=True)
    intro = clean_text(errors, "intro", fields.get("intro"), limit=5000)
    questions = _clean_questions(errors, fields.get("questions"))
    if errors:
        raise ValidationFailed(errors)
    survey = Survey.objects.create(
        product=access.product,
        title=title,
        intro=intro,
        public_key=secrets.token_urlsafe(32),
        is_open=bool(fields.get("is_open", True)),
        created_by=access.user,
    )
    for question in questions:
        question.survey = survey
    SurveyQuestion.objects.bulk_create(questions)
    created(access=access, record=survey, object_type="survey", snapshot=survey_snapshot)
    return survey


@transaction.atomic
def survey_update(
    *,
    access: ProductAccess,
    survey: Survey,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Survey:
    """Title, intro and whether it takes answers; questions are fixed once answers may exist."""
    access.require(Action.FEEDBACK, Level.EDIT)
    survey = locked(Survey, survey.pk, product=access.product)
    check_version(survey, expected_version, survey_snapshot)
    require_live(survey, "survey")
    errors = unknown_fields(changes, SURVEY_FIELDS)
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = clean_text(errors, "title", changes["title"], limit=200, required=True)
    if "intro" in changes:
        clean["intro"] = clean_text(errors, "intro", changes["intro"], limit=5000)
    if "is_open" in changes:
        if not isinstance(changes["is_open"], bool):
            errors["is_open"] = "must be true or false"
        clean["is_open"] = bool(changes["is_open"])
    if errors:
        raise ValidationFailed(errors)
    save_changes(
        access=access, record=survey, clean=clean, object_type="survey", snapshot=survey_snapshot
    )
    return survey


@transaction.atomic
def survey_archive(*, access: ProductAccess, survey: Survey) -> Survey:
    access.require(Action.FEEDBACK, Level.EDIT)
    survey = locked(Survey, survey.pk, product=access.product)
    set_archived(access=access, record=survey, archived=True, object_type="survey")
    return survey


@transaction.atomic
def survey_restore(*, access: ProductAccess, survey: Survey) -> Survey:
    access.require(Action.FEEDBACK, Level.EDIT)
    survey = locked(Survey, survey.pk, product=access.product)
    set_archived(access=access, record=survey, archived=False, object_type="survey")
    return survey


# --- answering through the public link -----------------------------------------------------


def _signer(survey: Survey) -> signing.Signer:
    return signing.Signer(salt=f"tandem.survey.{survey.public_key}")


def respondent_token_issue(*, survey: Survey) -> str:
    """A one-answer token for this survey: a random nonce, signed so it cannot be forged."""
    return _signer(survey).sign(secrets.token_urlsafe(18))


def _nonce(survey: Survey, token: str) -> str:
    try:
        return _signer(survey).unsign(token)
    except signing.BadSignature:
        raise ValidationFailed(
            {"token": "this answer link is not valid for this survey; open the survey link again"}
        ) from None


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


def _sentiment(answers: Sequence[SurveyAnswer]) -> str:
    """The respondent's own score colours their words: a detractor's comment is a complaint."""
    for answer in answers:
        if answer.question.kind == QuestionKind.NPS and answer.number is not None:
            return (
                Sentiment.POSITIVE
                if answer.number >= 9
                else Sentiment.NEGATIVE
                if answer.number <= 6
                else Sentiment.NEUTRAL
            )
        if answer.question.kind == QuestionKind.CSAT and answer.number is not None:
            return (
                Sentiment.POSITIVE
                if answer.number >= 4
                else Sentiment.NEGATIVE
                if answer.number <= 2
                else Sentiment.NEUTRAL
            )
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
    nonce = _nonce(survey, token)
    if SurveyResponse.objects.filter(survey=survey, respondent=nonce).exists():
        raise Conflict("This survey link has already been answered; thank you.")
    questions = list(survey.questions.all())
    clean = _clean_answers(questions, answers)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, respondent=nonce)
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
