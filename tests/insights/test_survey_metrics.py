"""NPS and CSAT answers feed the product's metrics, one value a month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tandem.insights import selectors, services
from tandem.insights.models import Customer, Survey, SurveyResponse
from tandem.metrics.models import Measurement, Metric
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Role

from ..conftest import Team
from ..metrics.helpers import metric
from .conftest import create, survey_for


def _answer(survey: Survey, nps: int, csat: int | None = None) -> SurveyResponse:
    questions = {q.kind: q for q in survey.questions.all()}
    answers = {str(questions["nps"].pk): str(nps)}
    if csat is not None:
        answers[str(questions["csat"].pk)] = str(csat)
    return services.survey_answer(
        public_key=survey.public_key,
        token=services.respondent_token_issue(survey=survey),
        answers=answers,
        client_ip="192.0.2.1",
    )


def _in_month(survey: Survey, year: int, month: int) -> None:
    SurveyResponse.objects.filter(survey=survey).update(
        submitted_at=dt.datetime(year, month, 10, tzinfo=dt.UTC)
    )


def _values(m: Metric) -> dict[str, float]:
    rows = Measurement.objects.filter(metric=m, archived_at__isnull=True).order_by("measured_on")
    return {r.measured_on.isoformat(): r.value for r in rows}


def _bind(team: Team, survey: Survey, kind: str, m: Metric | None, role: str = "product_manager"):  # type: ignore[no-untyped-def]
    return services.survey_question_bind(
        access=team.access(role),
        survey=survey,
        question_id=survey.questions.get(kind=kind).pk,
        metric_id=m.pk if m else None,
    )


def test_binding_writes_every_answered_month_and_later_answers_update_theirs(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    survey = survey_for(team)
    nps = metric(team, name="Net Promoter Score", kind="nps", unit="", target=40.0)
    for score in (10, 0, 9):
        _answer(survey, score)
    _in_month(survey, 2025, 1)

    _bind(team, survey, "nps", nps)

    assert _values(nps) == {"2025-01-01": pytest.approx(100 * (2 - 1) / 3)}
    this_month = dt.date.today().replace(day=1).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        _answer(survey, 10)
    assert _values(nps)[this_month] == 100
    note = Measurement.objects.get(metric=nps, measured_on=this_month).note
    assert note == "Survey: 1 answer"


def test_csat_feeds_the_share_satisfied_in_percent(team: Team) -> None:
    survey = survey_for(team)
    csat = metric(team, name="Satisfaction", kind="csat", unit="%", target=80.0)
    for score in (5, 4, 2, 1):
        _answer(survey, 8, csat=score)
    _in_month(survey, 2025, 3)

    _bind(team, survey, "csat", csat)

    assert _values(csat) == {"2025-03-01": 50.0}


def test_a_question_feeds_only_a_metric_of_its_kind(team: Team) -> None:
    survey = survey_for(team)
    conversion = metric(team)  # a conversion metric, in %

    with pytest.raises(ValidationFailed) as refused:
        _bind(team, survey, "nps", conversion)
    assert "metric" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        _bind(team, survey, "choice", conversion)
    assert "question" in refused.value.errors


def test_only_those_who_record_values_bind_a_question(team: Team) -> None:
    survey = survey_for(team)
    nps = metric(team, name="NPS", kind="nps", unit="")
    with pytest.raises(PermissionDenied):
        _bind(team, survey, "nps", nps, role=Role.STAKEHOLDER)
    assert _bind(team, survey, "nps", nps, role=Role.PRODUCT_OWNER).metric_id == nps.pk


def test_unbinding_stops_the_feed_and_keeps_the_values(
    team: Team, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    survey = survey_for(team)
    nps = metric(team, name="NPS", kind="nps", unit="")
    _answer(survey, 10)
    _bind(team, survey, "nps", nps)
    kept = _values(nps)
    assert kept

    _bind(team, survey, "nps", None)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(survey, 0)

    assert _values(nps) == kept


def test_the_api_binds_a_question_and_says_how_many_months(team: Team) -> None:
    survey = survey_for(team)
    nps = metric(team, name="NPS", kind="nps", unit="")
    _answer(survey, 9)
    question = survey.questions.get(kind="nps")
    url = f"/api/v1/products/DRN/surveys/{survey.pk}/questions/{question.pk}/metric"

    as_pm = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_manager')}")
    answer = as_pm.put(url, {"metric": nps.pk}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"question": question.pk, "metric": nps.pk, "months": 1}

    as_holder = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('stakeholder')}")
    refused = as_holder.put(url, {"metric": None}, content_type="application/json")
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")


def test_the_survey_page_offers_the_nps_metrics_and_binds_one(client: Client, team: Team) -> None:
    survey = survey_for(team)
    nps = metric(team, name="Net Promoter Score", kind="nps", unit="")
    client.force_login(team.pm)
    page = client.get(reverse("insights:survey", args=["DRN", survey.pk]))
    assert page.status_code == 200
    assert "Net Promoter Score</option>" in page.content.decode()

    question = survey.questions.get(kind="nps")
    done = client.post(
        reverse("insights:survey-question-metric", args=["DRN", survey.pk, question.pk]),
        {"metric": str(nps.pk)},
        follow=True,
    )
    assert done.status_code == 200
    assert "Each month's score feeds" in done.content.decode()
    assert ">Net Promoter Score</a>" in done.content.decode()


# --- answers that carry the customer they were asked of ------------------------------------


def _customer(team: Team, name: str, mrr: str) -> Customer:
    return create(
        kind="customer",
        access=team.access(Role.PRODUCT_OWNER),
        fields={"name": name, "mrr": mrr, "segment": "Enterprise"},
    )


def _answer_for(survey: Survey, customer: Customer | None, nps: int) -> SurveyResponse:
    question = survey.questions.get(kind="nps")
    return services.survey_answer(
        public_key=survey.public_key,
        token=services.respondent_token_issue(survey=survey, customer=customer),
        answers={str(question.pk): str(nps)},
        client_ip="192.0.2.1",
    )


def test_a_customers_link_records_the_answer_with_the_customer(team: Team) -> None:
    survey = survey_for(team)
    acme = _customer(team, "Acme", "1000")

    assert _answer_for(survey, acme, 3).customer_id == acme.pk
    assert _answer_for(survey, None, 9).customer_id is None

    rows = selectors.survey_customers(access=team.access(Role.PRODUCT_MANAGER), survey=survey)
    assert [(r.name, r.mrr, r.nps_scores) for r in rows] == [("Acme", Decimal("1000"), (3,))]
    # A stakeholder sees who answered, not what they pay.
    hidden = selectors.survey_customers(access=team.access(Role.STAKEHOLDER), survey=survey)
    assert [(r.name, r.mrr) for r in hidden] == [("Acme", None)]


def test_a_link_cannot_be_made_for_another_products_customer(team: Team) -> None:
    survey = survey_for(team)
    foreign = Customer.objects.create(product=team.outsider_product, name="Initech")
    with pytest.raises(ValidationFailed):
        services.respondent_token_issue(survey=survey, customer=foreign)


def test_the_api_makes_a_customer_link_and_reports_answers_by_customer(team: Team) -> None:
    survey = survey_for(team)
    acme = _customer(team, "Acme", "1000")
    as_po = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")
    made = as_po.post(
        f"/api/v1/products/DRN/surveys/{survey.pk}/links",
        {"customer": acme.pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    link = made.json()["url"]
    public = Client()
    page = public.get(link)
    assert page.status_code == 200
    token = page.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    question = survey.questions.get(kind="nps")
    public.post(link.split("?")[0], {"token": token, f"q{question.pk}": "10"})

    results = as_po.get(f"/api/v1/products/DRN/surveys/{survey.pk}/results").json()
    assert results["customers"] == [
        {
            "customer": acme.pk,
            "name": "Acme",
            "segment": "Enterprise",
            "mrr": "1000.00",
            "responses": 1,
            "nps_answers": [10],
            "csat_answers": [],
        }
    ]
    as_holder = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('stakeholder')}")
    refused = as_holder.post(
        f"/api/v1/products/DRN/surveys/{survey.pk}/links",
        {"customer": acme.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_survey_page_makes_a_customer_link(client: Client, team: Team) -> None:
    survey = survey_for(team)
    acme = _customer(team, "Acme", "1000")
    client.force_login(team.po)
    page = client.get(
        reverse("insights:survey", args=["DRN", survey.pk]), {"customer": str(acme.pk)}
    )
    html = page.content.decode()
    assert "Link for Acme (answers once)" in html
    assert f"/s/{survey.public_key}/?t=" in html
