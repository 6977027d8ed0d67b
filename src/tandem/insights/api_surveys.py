"""Survey results over the API, and binding a scored question to the metric it feeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of
from tandem.workspace.rights import Action, Level

from . import selectors, services
from .schemas import (
    CsatOut,
    CustomerAnswersOut,
    NpsOut,
    NpsPeriodOut,
    QuestionResultOut,
    ResultsOut,
    SurveyLinkIn,
    SurveyLinkOut,
    SurveyMetricIn,
    SurveyMetricOut,
)
from .services import survey_metrics

router = Router(tags=["insights"])
P = "/products/{product_key}"


# --- results ------------------------------------------------------------------------


def _question_out(q: Any) -> QuestionResultOut:
    # The figures' own fields are the schemas' fields: read them by attribute.
    return QuestionResultOut(
        question=q.question_id,
        kind=q.kind,
        prompt=q.prompt,
        answered=q.answered,
        nps=NpsOut.model_validate(q.nps) if q.nps else None,
        trend=[
            NpsPeriodOut(period=p.label, nps=NpsOut.model_validate(p.result)) for p in q.nps_trend
        ],
        csat=CsatOut.model_validate(q.csat) if q.csat else None,
        choices=dict(q.choices),
        texts=q.texts,
    )


@router.get(P + "/surveys/{int:pk}/results", response=ResultsOut, summary="NPS, CSAT and the rest")
def survey_results(request: HttpRequest, product_key: str, pk: int, period: str = "month") -> Any:
    access = access_of(request, product_key)
    if period not in ("week", "month", "quarter"):
        raise ValidationFailed({"period": "must be one of: week, month, quarter"})
    survey = selectors.survey_of(access=access, pk=pk)
    results = selectors.survey_results(survey=survey, period=period)
    return ResultsOut(
        survey=pk,
        responses=results.responses,
        questions=[_question_out(q) for q in results.questions],
        customers=[
            CustomerAnswersOut(
                customer=c.customer_id,
                name=c.name,
                segment=c.segment,
                mrr=c.mrr,
                responses=c.responses,
                nps_answers=list(c.nps_scores),
                csat_answers=list(c.csat_scores),
            )
            for c in selectors.survey_customers(access=access, survey=survey)
        ],
    )


@router.post(
    P + "/surveys/{int:pk}/links",
    response={201: SurveyLinkOut},
    summary="A one-answer link for one customer: the answer carries the customer",
)
def survey_link(request: HttpRequest, product_key: str, pk: int, payload: SurveyLinkIn) -> Any:
    access = access_of(request, product_key)
    access.require(Action.FEEDBACK, Level.EDIT)
    survey = selectors.survey_of(access=access, pk=pk)
    customer = selectors.customer_of(access=access, pk=payload.customer)
    token = services.respondent_token_issue(survey=survey, customer=customer)
    path = reverse("insights:survey-public", args=[survey.public_key])
    url = request.build_absolute_uri(f"{path}?{urlencode({'t': token})}")
    return Status(201, SurveyLinkOut(url=url, customer=customer.pk))


@router.put(
    P + "/surveys/{int:pk}/questions/{int:question_id}/metric",
    response=SurveyMetricOut,
    summary="Feed an NPS or CSAT question's monthly score into a metric of its kind",
)
def survey_question_metric(
    request: HttpRequest, product_key: str, pk: int, question_id: int, payload: SurveyMetricIn
) -> Any:
    access = access_of(request, product_key)
    survey = selectors.survey_of(access=access, pk=pk)
    question = services.survey_question_bind(
        access=access, survey=survey, question_id=question_id, metric_id=payload.metric
    )
    months = len(survey_metrics.monthly_values(question)) if question.metric_id else 0
    return SurveyMetricOut(question=question.pk, metric=question.metric_id, months=months)
