from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.insights import selectors, services
from tandem.insights.models import Feedback, Source, Survey, SurveyResponse
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Role

from ..conftest import Team
from .conftest import create, survey_for


def _answer(survey: Survey, score: int, **extra: str) -> SurveyResponse:
    nps_question = survey.questions.get(kind="nps")
    return services.survey_answer(
        public_key=survey.public_key,
        token=services.respondent_token_issue(survey=survey),
        answers={str(nps_question.pk): str(score), **extra},
        client_ip="192.0.2.1",
    )


def _form(client: Client, survey: Survey) -> str:
    page = client.get(reverse("insights:survey-public", args=[survey.public_key]))
    assert page.status_code == 200
    html = page.content.decode()
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_only_the_pm_and_po_write_surveys(team: Team) -> None:
    for role in (Role.TEAM_MEMBER, Role.STAKEHOLDER, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            survey_for_role(team, role)


def survey_for_role(team: Team, role: str) -> Survey:
    return create(
        kind="survey",
        access=team.access(role),
        fields={"title": "x", "questions": [{"kind": "nps", "prompt": "Recommend?"}]},
    )


def test_a_survey_needs_questions_and_choices_for_a_choice_question(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        create(
            kind="survey",
            access=team.access(Role.PRODUCT_OWNER),
            fields={"title": "", "questions": [{"kind": "choice", "prompt": "Which?"}]},
        )
    assert set(refused.value.errors) == {"title", "questions.1.choices"}


def test_public_keys_are_long_and_differ_between_surveys(team: Team) -> None:
    first, second = survey_for(team), survey_for(team)
    assert len(first.public_key) >= 40
    assert first.public_key != second.public_key


def test_nps_is_promoters_minus_detractors_in_percent(team: Team) -> None:
    survey = survey_for(team)
    for score in (10, 9, 9, 8, 7, 6, 0, 10, 3, 9):  # 5 promoters, 2 passives, 3 detractors
        _answer(survey, score)

    result = selectors.survey_results(survey=survey).headline_nps

    assert result is not None
    assert (result.promoters, result.passives, result.detractors) == (5, 2, 3)
    assert result.score == pytest.approx(20.0)
    assert result.low < 20 < result.high


def test_free_text_answers_become_feedback_in_the_inbox(team: Team) -> None:
    survey = survey_for(team)
    text_question = survey.questions.get(kind="text")

    _answer(survey, 3, **{str(text_question.pk): "The maps are too slow to load"})

    feedback = Feedback.objects.get(product=team.product)
    assert feedback.source == Source.SURVEY
    assert feedback.sentiment == "negative"
    assert feedback.text == "The maps are too slow to load"


def test_the_same_token_cannot_answer_twice(team: Team) -> None:
    survey = survey_for(team)
    token = services.respondent_token_issue(survey=survey)
    nps_question = survey.questions.get(kind="nps")
    answers = {str(nps_question.pk): "9"}
    services.survey_answer(
        public_key=survey.public_key, token=token, answers=answers, client_ip="192.0.2.1"
    )
    with pytest.raises(Conflict):
        services.survey_answer(
            public_key=survey.public_key, token=token, answers=answers, client_ip="192.0.2.1"
        )
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_token_of_another_survey_is_refused(team: Team) -> None:
    survey, other = survey_for(team), survey_for(team)
    with pytest.raises(ValidationFailed) as refused:
        services.survey_answer(
            public_key=survey.public_key,
            token=services.respondent_token_issue(survey=other),
            answers={},
            client_ip="192.0.2.1",
        )
    assert "token" in refused.value.errors


def test_the_public_link_needs_no_sign_in_and_moves_the_nps(client: Client, team: Team) -> None:
    survey = survey_for(team)
    nps_question = survey.questions.get(kind="nps")
    token = _form(client, survey)

    response = client.post(
        reverse("insights:survey-public", args=[survey.public_key]),
        {"token": token, f"q{nps_question.pk}": "10"},
    )

    assert response.status_code == 200
    assert b"Thank you" in response.content
    headline = selectors.survey_results(survey=survey).headline_nps
    assert headline is not None
    assert headline.score == 100


def test_replaying_a_public_answer_is_refused_with_a_clear_message(
    client: Client, team: Team
) -> None:
    survey = survey_for(team)
    nps_question = survey.questions.get(kind="nps")
    form = {"token": _form(client, survey), f"q{nps_question.pk}": "10"}
    url = reverse("insights:survey-public", args=[survey.public_key])
    client.post(url, form)

    replay = client.post(url, form)

    assert replay.status_code == 409
    assert b"already been answered" in replay.content
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_forged_token_is_refused(client: Client, team: Team) -> None:
    survey = survey_for(team)
    nps_question = survey.questions.get(kind="nps")
    response = client.post(
        reverse("insights:survey-public", args=[survey.public_key]),
        {"token": "made-up:token", f"q{nps_question.pk}": "10"},
    )
    assert response.status_code == 422
    assert b"not valid for this survey" in response.content
    assert not SurveyResponse.objects.exists()


def test_a_flood_from_one_address_is_refused(client: Client, team: Team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SURVEY_ANSWERS_PER_IP_PER_WINDOW = 3
    survey = survey_for(team)
    nps_question = survey.questions.get(kind="nps")
    url = reverse("insights:survey-public", args=[survey.public_key])
    statuses = [
        client.post(url, {"token": _form(client, survey), f"q{nps_question.pk}": "8"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert SurveyResponse.objects.filter(survey=survey).count() == 3


def test_a_missing_required_answer_shows_the_form_again_with_the_error(
    client: Client, team: Team
) -> None:
    survey = survey_for(team)
    response = client.post(
        reverse("insights:survey-public", args=[survey.public_key]),
        {"token": _form(client, survey)},
    )
    assert response.status_code == 422
    assert b"please answer this question" in response.content
    assert not SurveyResponse.objects.exists()


def test_an_out_of_range_score_is_refused(team: Team) -> None:
    survey = survey_for(team)
    with pytest.raises(ValidationFailed):
        _answer(survey, 11)


def test_a_closed_or_unknown_survey_link_is_404(client: Client, team: Team) -> None:
    survey = survey_for(team)
    writes.record_update(
        access=team.access(Role.PRODUCT_MANAGER),
        kind="survey",
        record_id=survey.pk,
        changes={"is_open": False},
        expected_version=survey.version,
    )
    assert (
        client.get(reverse("insights:survey-public", args=[survey.public_key])).status_code == 404
    )
    assert client.get(reverse("insights:survey-public", args=["nope"])).status_code == 404


def test_results_show_csat_average_and_distribution(team: Team) -> None:
    survey = survey_for(team)
    csat_question = survey.questions.get(kind="csat")
    for score in (5, 4, 4, 2, 1):
        _answer(survey, 9, **{str(csat_question.pk): str(score)})

    csat = next(q for q in selectors.survey_results(survey=survey).questions if q.csat).csat

    assert csat is not None
    assert csat.mean == pytest.approx(3.2)
    assert csat.satisfied_share == pytest.approx(0.6)
    assert csat.distribution == (1, 1, 0, 2, 1)


def test_the_nps_trend_has_one_point_per_period(team: Team) -> None:
    import datetime

    survey = survey_for(team)
    for score in (10, 0, 9):
        _answer(survey, score)
    SurveyResponse.objects.filter(survey=survey).update(
        submitted_at=datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC)
    )
    _answer(survey, 10)

    nps_result = selectors.survey_results(survey=survey).questions[0]

    assert next(p.label for p in nps_result.nps_trend) == "2025-01"
    assert nps_result.nps_trend[0].result.score == pytest.approx(100 * (2 - 1) / 3)
    assert nps_result.nps_trend[-1].result.score == 100
