"""A respondent answers a survey through its public link; the PM sees the NPS move."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tandem.insights import services
from tandem.workspace import writes
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_answer_through_the_public_link_moves_the_nps_on_the_results_page(
    browser: Browser, site: str, team: Team
) -> None:
    survey = writes.record_create(
        kind="survey",
        access=team.access("product_manager"),
        fields={
            "title": "Pilot survey",
            "questions": [
                {"kind": "nps", "prompt": "How likely are you to recommend us?"},
                {"kind": "text", "prompt": "What should we improve?", "required": False},
            ],
        },
    ).record
    nps_question = survey.questions.get(kind="nps")
    services.survey_answer(
        public_key=survey.public_key,
        token=services.respondent_token_issue(survey=survey),
        answers={str(nps_question.pk): "2"},
        client_ip="192.0.2.7",
    )

    pm = new_page(browser)
    sign_in(pm, site, team.pm.email)
    results = f"{site}/p/{team.product.key}/insights/surveys/{survey.pk}/"
    pm.goto(results)
    score = pm.locator(f"#nps-score-{nps_question.pk}")
    expect(score).to_have_text("NPS -100")
    public_url = pm.locator("#public-url").input_value()

    respondent = new_page(browser)  # no session: the link needs no account
    respondent.goto(public_url)
    respondent.get_by_text("10", exact=True).click()
    respondent.get_by_label("What should we improve?").fill("Longer flights, please")
    respondent.get_by_role("button", name="Send answers").click()
    expect(respondent.locator("#survey-thanks")).to_contain_text("Thank you")

    respondent.go_back()
    respondent.reload()
    respondent.get_by_text("9", exact=True).click()
    respondent.get_by_role("button", name="Send answers").click()
    expect(respondent.locator("#survey-thanks")).to_be_visible()

    pm.reload()
    expect(score).to_have_text("NPS +33")
    expect(pm.locator("#response-count")).to_have_text("3")
    expect(pm.locator(f"#trend-{nps_question.pk}")).to_be_visible()
    assert pm.evaluate("() => typeof window.Chart") == "function"
