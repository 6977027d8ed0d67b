"""Insights records in the operator's console: listed, read-only, no survey secrets shown."""

from __future__ import annotations

from django.test import Client

from tests.factories import UserFactory

from ..conftest import Team
from .conftest import Evidence, create, survey_for


def test_insights_records_are_listed_read_only_in_the_console(
    team: Team, evidence: Evidence, client: Client
) -> None:
    client.force_login(UserFactory(email="ops@example.test", is_staff=True, is_superuser=True))
    create(kind="feedback", access=team.access("product_owner"), fields={"text": "maps"})
    survey = survey_for(team)
    for model in ("stakeholder", "customer", "feedback", "idea", "survey"):
        assert client.get(f"/admin/insights/{model}/").status_code == 200, model
    page = client.get(f"/admin/insights/survey/{survey.pk}/change/")
    assert page.status_code == 200
    assert survey.public_key.encode() not in page.content
    assert b'name="_save"' not in page.content
