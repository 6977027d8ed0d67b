"""Surveys: writing one, its results with NPS and CSAT charts, and the public answer page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tandem.workspace.errors import Conflict, NotFound, ValidationFailed

from .. import selectors, services
from ..models import QuestionKind
from ._common import Rights, access_of, back, client_ip, form_version, refused

QUESTION_ROWS = 6


@login_required
def surveys(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    return render(
        request,
        "insights/surveys.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "rows": selectors.surveys_of(
                access=access, archived=request.GET.get("archived") == "1"
            ),
            "archived": request.GET.get("archived") == "1",
            "question_kinds": QuestionKind.choices,
            "question_rows": range(1, QUESTION_ROWS + 1),
        },
    )


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
    access = access_of(request, product_key)
    url = reverse("insights:surveys", args=[access.product.key])
    try:
        survey = services.survey_create(
            access=access,
            fields={
                "title": request.POST.get("title", ""),
                "intro": request.POST.get("intro", ""),
                "questions": _questions_from(request.POST),
            },
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(
        request,
        reverse("insights:survey", args=[access.product.key, survey.pk]),
        "Survey created. Share its public link.",
    )


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
    return render(
        request,
        "insights/survey.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "s": s,
            "results": results,
            "period": period,
            "periods": ("week", "month", "quarter"),
            "charts": chart_data(results),
            "public_url": request.build_absolute_uri(
                reverse("insights:survey-public", args=[s.public_key])
            ),
        },
    )


@login_required
@require_POST
def survey_update(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.survey_of(access=access, pk=pk)
    url = reverse("insights:survey", args=[access.product.key, s.pk])
    action = request.POST.get("action", "")
    if action == "archive":
        services.survey_archive(access=access, survey=s)
        return back(request, reverse("insights:surveys", args=[access.product.key]), "Archived.")
    if action == "restore":
        services.survey_restore(access=access, survey=s)
        return back(request, url, "Restored.")
    try:
        services.survey_update(
            access=access,
            survey=s,
            changes={"is_open": action == "open"},
            expected_version=form_version(request.POST),
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "The survey takes answers." if action == "open" else "Closed.")


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
