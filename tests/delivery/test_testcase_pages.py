"""An item's test-plan page: the team draws cases from criteria and records a run."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.delivery.models import TestRun
from tests.conftest import Team

from .factories import done_story

pytestmark = pytest.mark.django_db


def test_the_team_draws_cases_and_records_a_run_from_the_page(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:
    item = done_story(team, criteria=3)
    client = signed_in(team.dev)
    client.post(reverse("delivery:test-cases-generate", args=[item.key]))
    url = reverse("delivery:test-plan", args=[item.key])
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert html.count('name="case-') == 6  # pass and fail for each of three cases
    cases = list(item.test_cases.all())
    client.post(
        reverse("delivery:test-run-record", args=[item.key]),
        {f"case-{cases[0].pk}": "passed", f"case-{cases[1].pk}": "failed", "notes": "bench"},
    )
    run = TestRun.objects.get(item=item)
    assert sorted(r.outcome for r in run.results.all()) == ["failed", "passed"]
    assert "1 failing" in client.get(url).content.decode()


def test_a_stakeholder_reads_the_plan_without_forms(team: Team, signed_in) -> None:
    item = done_story(team)
    html = (
        signed_in(team.stakeholder)
        .get(reverse("delivery:test-plan", args=[item.key]))
        .content.decode()
    )
    assert "No test cases yet." in html
    assert "Record run" not in html
