"""Surveys: writing one, its results with NPS and CSAT charts, and the public answer page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tandem.workspace import writes
from tandem.workspace.errors import Conflict, NotFound, ValidationFailed
from tandem.workspace.http import access_of, back_to, client_ip, form_version
from tandem.workspace.rights import Action, Level

from .. import selectors, services
from ..models import QuestionKind
from ._common import page_context

QUESTION_ROWS = 6


@login_required
def surveys(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    context = page_context(
        access,
        rows=selectors.surveys_of(access=access, archived=archived),
        archived=archived,
        question_kinds=QuestionKind.choices,
        question_rows=range(1, QUESTION_ROWS + 1),
    )
    return render(request, "insights/surveys.html", context)


def _questions_from(post: Any) -> list[dict[str, Any]]:
    questions = []
    for n in range(1, QUESTION_ROWS + 1):
        prompt = post.get(f"q{n}_prompt", "").strip()
        if not prompt:
            continue
        questions.append(
            {
                "kind": post.get(f"q{n}_kind", ""),
                "prompt": prompt,
                "choices": [c.strip() for c in post.get(f"q{n}_choices", "").split(",")],
                "required": post.get(f"q{n}_required") == "on",
            }
        )
    return questions


@login_required
@require_POST
def survey_create(request: HttpRequest, product_key: str) -> HttpResponse:
    """A survey and its questions, from the rows of the form that have a prompt."""
    access = access_of(request, product_key)
    fields = {
        "title": request.POST.get("title", ""),
        "intro": request.POST.get("intro", ""),
        "questions": _questions_from(request.POST),
    }
    survey = writes.record_create(access=access, kind="survey", fields=fields).record
    assert survey is not None
    url = reverse("insights:survey", args=[access.product.key, survey.pk])
    return back_to(request, url, "Survey created. Share its public link.")


def chart_data(results: selectors.SurveyResults) -> dict[str, Any]:
    """What the page's charts draw, as plain numbers for json_script."""
    data: dict[str, Any] = {"trends": {}, "csat": {}, "choices": {}}
    for q in results.questions:
        if q.nps_trend:
            data["trends"][q.question_id] = {
                "labels": [p.label for p in q.nps_trend],
                "score": [round(p.result.score, 1) for p in q.nps_trend],
                "low": [round(p.result.low, 1) for p in q.nps_trend],
                "high": [round(p.result.high, 1) for p in q.nps_trend],
                "n": [p.result.n for p in q.nps_trend],
            }
        if q.csat:
            data["csat"][q.question_id] = list(q.csat.distribution)
        if q.choices:
            data["choices"][q.question_id] = {
                "labels": [c for c, _ in q.choices],
                "counts": [n for _, n in q.choices],
            }
    return data


@login_required
def survey(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.survey_of(access=access, pk=pk)
    period = request.GET.get("period", "month")
    if period not in ("week", "month", "quarter"):
        period = "month"
    results = selectors.survey_results(survey=s, period=period)
    context = page_context(
        access,
        s=s,
        results=results,
        period=period,
        periods=("week", "month", "quarter"),
        charts=chart_data(results),
        feeds={q.pk: q.metric for q in s.questions.select_related("metric")},
        feedable=services.bindable_metrics(access),
        public_url=request.build_absolute_uri(
            reverse("insights:survey-public", args=[s.public_key])
        ),
        customers=selectors.survey_customers(access=access, survey=s),
        customer_choices=selectors.customer_choices(access=access),
        invited=_invited_link(request, access, s),
    )
    return render(request, "insights/survey.html", context)


def _invited_link(request: HttpRequest, access: Any, survey: Any) -> dict[str, str] | None:
    """A one-answer link for the customer picked on the page, so the answer carries them."""
    raw = request.GET.get("customer", "")
    if not raw.isdigit() or not access.can(Action.FEEDBACK, Level.EDIT):
        return None
    customer = selectors.customer_of(access=access, pk=raw)
    token = services.respondent_token_issue(survey=survey, customer=customer)
    path = reverse("insights:survey-public", args=[survey.public_key])
    return {
        "customer": customer.name,
        "url": request.build_absolute_uri(f"{path}?{urlencode({'t': token})}"),
    }


@login_required
@require_POST
def survey_update(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """Close it, open it again, archive or restore it."""
    access = access_of(request, product_key)
    url = reverse("insights:survey", args=[access.product.key, pk])
    action = request.POST.get("action", "")
    if action == "archive":
        writes.record_archive(access=access, kind="survey", record_id=pk)
        return back_to(request, reverse("insights:surveys", args=[access.product.key]), "Archived.")
    if action == "restore":
        writes.record_restore(access=access, kind="survey", record_id=pk)
        return back_to(request, url, "Restored.")
    writes.record_update(
        access=access,
        kind="survey",
        record_id=pk,
        changes={"is_open": action == "open"},
        expected_version=form_version(request.POST),
    )
    return back_to(request, url, "The survey takes answers." if action == "open" else "Closed.")


@login_required
@require_POST
def survey_question_metric(
    request: HttpRequest, product_key: str, pk: int, question_id: int
) -> HttpResponse:
    """Feed a scored question's monthly score into a metric, or stop feeding it."""
    access = access_of(request, product_key)
    s = selectors.survey_of(access=access, pk=pk)
    raw = request.POST.get("metric", "").strip()
    if raw and not raw.isdigit():
        raise ValidationFailed({"metric": "choose one of the offered metrics"})
    question = services.survey_question_bind(
        access=access, survey=s, question_id=question_id, metric_id=int(raw) if raw else None
    )
    url = reverse("insights:survey", args=[access.product.key, pk])
    if question.metric is None:
        return back_to(request, url, "The question no longer feeds a metric.")
    return back_to(request, url, f"Each month's score now feeds {question.metric.name}.")


# --- the public link: no sign-in ------------------------------------------------------------


def _public_page(
    request: HttpRequest,
    survey: Any,
    token: str,
    *,
    errors: dict[str, str],
    values: Any,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "insights/public_survey.html",
        {
            "s": survey,
            "questions": list(survey.questions.all()),
            "token": token,
            "errors": errors,
            "values": values,
            "scale_nps": range(11),
            "scale_csat": range(1, 6),
        },
        status=status,
    )


@csrf_exempt  # a respondent has no session; the signed one-answer token guards the form
def survey_public(request: HttpRequest, public_key: str) -> HttpResponse:
    """Answer a survey. GET hands out a one-answer token (or keeps an invited one)."""
    try:
        survey = services.open_survey(public_key=public_key)
    except NotFound as missing:
        return render(
            request, "insights/public_closed.html", {"detail": missing.detail}, status=404
        )
    if request.method != "POST":
        token = request.GET.get("t") or services.respondent_token_issue(survey=survey)
        return _public_page(request, survey, token, errors={}, values={}, status=200)
    token = request.POST.get("token", "")
    answers = {
        key[1:]: value
        for key, value in request.POST.items()
        if key.startswith("q") and key[1:].isdigit()
    }
    try:
        services.survey_answer(
            public_key=public_key, token=token, answers=answers, client_ip=client_ip(request)
        )
    except services.TooManyRequests as flood:
        return render(request, "insights/public_closed.html", {"detail": flood.detail}, status=429)
    except Conflict as replay:
        return render(request, "insights/public_closed.html", {"detail": replay.detail}, status=409)
    except ValidationFailed as error:
        if "token" in error.errors:
            return render(
                request,
                "insights/public_closed.html",
                {"detail": error.errors["token"]},
                status=422,
            )
        return _public_page(
            request, survey, token, errors=error.errors, values=request.POST, status=422
        )
    return render(request, "insights/public_thanks.html", {"s": survey})
