"""Test planning: cases come from acceptance criteria, the team edits and runs them."""

from __future__ import annotations

import pytest

from tandem.backlog import services as backlog_services
from tandem.delivery import selectors, services
from tandem.delivery.models import TestCase, TestRun
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .factories import done_story

pytestmark = pytest.mark.django_db

WORKERS = ["product_manager", "product_owner", "team_member"]
READERS = ["stakeholder", "viewer"]


def test_cases_are_generated_once_per_acceptance_criterion(team: Team) -> None:
    item = done_story(team, criteria=3)
    dev = team.access("team_member")
    created = services.cases_generate(access=dev, item=item)
    assert [case.expected for case in created] == ["it returns"] * 3
    assert created[0].steps == "Given battery at 15%\nWhen flying 0"
    assert services.cases_generate(access=dev, item=item) == []
    backlog_services.criterion_add(
        access=team.access("product_owner"), item=item, fields={"text": "Beeps when it lands"}
    )
    (added,) = services.cases_generate(access=dev, item=item)
    assert added.title == "Beeps when it lands"


@pytest.mark.parametrize("role", WORKERS)
def test_the_team_pm_and_po_write_and_run_test_cases(team: Team, role: str) -> None:
    item = done_story(team)
    access = team.access(role)
    case = services.case_create(access=access, item=item, fields={"title": "Hover in wind"})
    services.run_record(access=access, item=item, results={case.pk: "failed"}, notes="gusty")
    assert TestRun.objects.get(item=item).results.get().outcome == "failed"


@pytest.mark.parametrize("role", READERS)
def test_stakeholders_and_viewers_only_read_test_plans(team: Team, role: str) -> None:
    item = done_story(team)
    (case, _) = services.cases_generate(access=team.access("team_member"), item=item)
    access = team.access(role)
    with pytest.raises(PermissionDenied):
        services.case_create(access=access, item=item, fields={"title": "Mine"})
    with pytest.raises(PermissionDenied):
        services.run_record(access=access, item=item, results={case.pk: "passed"})
    plan = selectors.item_test_plan(access=access, item=item)
    assert len(plan.cases) == 2


def test_an_outsider_does_not_reach_another_products_cases(team: Team) -> None:
    item = done_story(team)
    (case, _) = services.cases_generate(access=team.access("team_member"), item=item)
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        services.case_update(
            access=outsider, case_id=case.pk, changes={"title": "x"}, expected_version=case.version
        )
    with pytest.raises(NotFound):
        services.run_record(access=outsider, item=item, results={case.pk: "passed"})


def test_an_edit_names_the_version_it_read(team: Team) -> None:
    item = done_story(team)
    dev = team.access("team_member")
    (case, _) = services.cases_generate(access=dev, item=item)
    edited = services.case_update(
        access=dev, case_id=case.pk, changes={"steps": "Fly 50 m out"}, expected_version=1
    )
    assert edited.version == 2
    with pytest.raises(Conflict) as stale:
        services.case_update(
            access=dev, case_id=case.pk, changes={"steps": "Other"}, expected_version=1
        )
    assert stale.value.current["steps"] == "Fly 50 m out"


def test_an_archived_case_leaves_the_plan_and_comes_back(team: Team) -> None:
    item = done_story(team)
    dev = team.access("team_member")
    (case, other) = services.cases_generate(access=dev, item=item)
    services.case_archive(access=dev, case_id=case.pk)
    plan = selectors.item_test_plan(access=dev, item=item)
    assert [c.pk for c in plan.cases] == [other.pk]
    assert [c.pk for c in plan.archived] == [case.pk]
    services.case_restore(access=dev, case_id=case.pk)
    assert TestCase.objects.get(pk=case.pk).archived_at is None


def test_a_run_names_only_live_cases_of_the_item_and_known_outcomes(team: Team) -> None:
    item, other = done_story(team), done_story(team, "Other")
    dev = team.access("team_member")
    (case, _) = services.cases_generate(access=dev, item=item)
    (foreign, _) = services.cases_generate(access=dev, item=other)
    with pytest.raises(ValidationFailed) as refused:
        services.run_record(access=dev, item=item, results={case.pk: "maybe", foreign.pk: "passed"})
    assert set(refused.value.errors) == {f"results.{case.pk}", f"results.{foreign.pk}"}
    with pytest.raises(ValidationFailed):
        services.run_record(access=dev, item=item, results={})


def test_the_plan_reports_each_cases_latest_outcome(team: Team) -> None:
    item = done_story(team, criteria=3)
    dev = team.access("team_member")
    first, second, _ = services.cases_generate(access=dev, item=item)
    services.run_record(access=dev, item=item, results={first.pk: "failed", second.pk: "passed"})
    services.run_record(access=dev, item=item, results={first.pk: "passed"})
    plan = selectors.item_test_plan(access=dev, item=item)
    assert [c.last_outcome for c in plan.cases] == ["passed", "passed", None]
    assert (plan.summary.passed, plan.summary.failed, plan.summary.unrun) == (2, 0, 1)
    assert len(plan.runs) == 2
