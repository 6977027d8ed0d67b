"""Launches: the PM decides go-to-market, the PO proposes, owners tick their tasks off."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.delivery import selectors, services
from tandem.delivery.models import DEFAULT_LAUNCH_TASKS, Launch, LaunchState, Release
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(team: Team) -> Release:
    return services.release_create(
        access=team.access("product_owner"),
        fields={"name": "2.0", "target_date": dt.date(2025, 9, 30)},
    )


def test_the_pms_launch_is_approved_at_once_with_the_default_checklist(
    team: Team, release: Release
) -> None:
    launch = services.launch_create(access=team.access("product_manager"), release_id=release.pk)
    assert launch.state == LaunchState.APPROVED
    view = selectors.launch_of(access=team.access("viewer"), release=release)
    assert view is not None
    assert [t.title for t in view.tasks] == [title for title, _ in DEFAULT_LAUNCH_TASKS]
    assert view.tasks[0].due_on == dt.date(2025, 9, 9)  # 21 days before the release
    assert view.progress == 0


def test_the_pos_launch_is_a_proposal_the_pm_approves(team: Team, release: Release) -> None:
    po, pm = team.access("product_owner"), team.access("product_manager")
    launch = services.launch_create(access=po, release_id=release.pk)
    assert launch.state == LaunchState.PROPOSED
    services.launch_task_add(access=po, launch_id=launch.pk, fields={"title": "Press kit"})
    approved = services.launch_decide(
        access=pm, launch_id=launch.pk, approve=True, expected_version=launch.version
    )
    assert (approved.state, approved.decided_by) == (LaunchState.APPROVED, team.pm)
    assert Event.objects.filter(verb="launch.approved", object_id=launch.pk).exists()


def test_the_po_cannot_approve_their_own_proposal(team: Team, release: Release) -> None:
    po = team.access("product_owner")
    launch = services.launch_create(access=po, release_id=release.pk)
    with pytest.raises(PermissionDenied):
        services.launch_decide(
            access=po, launch_id=launch.pk, approve=True, expected_version=launch.version
        )


def test_declining_a_launch_needs_a_reason(team: Team, release: Release) -> None:
    launch = services.launch_create(access=team.access("product_owner"), release_id=release.pk)
    with pytest.raises(ValidationFailed):
        services.launch_decide(
            access=team.access("product_manager"),
            launch_id=launch.pk,
            approve=False,
            expected_version=launch.version,
        )


def test_once_approved_only_the_pm_changes_the_checklist(team: Team, release: Release) -> None:
    po, pm = team.access("product_owner"), team.access("product_manager")
    launch = services.launch_create(access=pm, release_id=release.pk)
    with pytest.raises(PermissionDenied):
        services.launch_task_add(access=po, launch_id=launch.pk, fields={"title": "Webinar"})
    task = services.launch_task_add(
        access=pm,
        launch_id=launch.pk,
        fields={"title": "Webinar", "owner": team.dev.email, "due_on": "2025-09-20"},
    )
    assert (task.owner, task.due_on) == (team.dev, dt.date(2025, 9, 20))


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_only_the_pm_and_po_start_a_launch(team: Team, release: Release, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.launch_create(access=team.access(role), release_id=release.pk)
    assert not Launch.objects.exists()


def test_a_task_owner_ticks_their_task_off_and_others_may_not(team: Team, release: Release) -> None:
    pm = team.access("product_manager")
    launch = services.launch_create(access=pm, release_id=release.pk)
    task = services.launch_task_add(
        access=pm, launch_id=launch.pk, fields={"title": "Demo units", "owner": team.dev.email}
    )
    other = services.launch_task_add(access=pm, launch_id=launch.pk, fields={"title": "Pricing"})
    done = services.launch_task_check(
        access=team.access("team_member"), task_id=task.pk, done=True, expected_version=1
    )
    assert done.done_by == team.dev
    with pytest.raises(PermissionDenied):
        services.launch_task_check(
            access=team.access("team_member"),
            task_id=other.pk,
            done=True,
            expected_version=other.version,
        )
    with pytest.raises(PermissionDenied):
        services.launch_task_check(
            access=team.access("stakeholder"),
            task_id=other.pk,
            done=True,
            expected_version=other.version,
        )
    view = selectors.launch_of(access=pm, release=release)
    assert view is not None
    assert view.done == 1


def test_a_stale_tick_is_a_conflict(team: Team, release: Release) -> None:
    pm = team.access("product_manager")
    launch = services.launch_create(access=pm, release_id=release.pk)
    task = services.launch_task_add(access=pm, launch_id=launch.pk, fields={"title": "Pricing"})
    services.launch_task_check(access=pm, task_id=task.pk, done=True, expected_version=1)
    with pytest.raises(Conflict):
        services.launch_task_check(access=pm, task_id=task.pk, done=False, expected_version=1)


def test_the_pm_edits_the_template_and_new_launches_follow_it(team: Team, release: Release) -> None:
    pm = team.access("product_manager")
    with pytest.raises(PermissionDenied):
        services.launch_template_update(
            access=team.access("product_owner"), tasks=[("x", 1)], expected_version=0
        )
    services.launch_template_update(
        access=pm, tasks=[("Pricing set", 30), ("Launch event", 0)], expected_version=0
    )
    launch = services.launch_create(access=pm, release_id=release.pk)
    assert [t.title for t in launch.tasks.all()] == ["Pricing set", "Launch event"]
    assert selectors.launch_template(access=pm)[1] == 1


def test_a_template_task_needs_a_title_and_whole_days(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.launch_template_update(
            access=team.access("product_manager"),
            tasks=[("", 3), ("Later", "soon")],  # type: ignore[list-item]
            expected_version=0,
        )
    assert set(refused.value.errors) == {"tasks.0.title", "tasks.1.days_before"}


def test_a_release_has_one_live_launch_and_an_archived_one_comes_back(
    team: Team, release: Release
) -> None:
    pm = team.access("product_manager")
    launch = services.launch_create(access=pm, release_id=release.pk)
    with pytest.raises(ValidationFailed):
        services.launch_create(access=pm, release_id=release.pk)
    services.launch_archive(access=pm, launch_id=launch.pk)
    assert selectors.launch_of(access=pm, release=release) is None
    services.launch_restore(access=pm, launch_id=launch.pk)
    assert selectors.launch_of(access=pm, release=release) is not None


def test_an_outsider_does_not_reach_another_products_launch(team: Team, release: Release) -> None:
    launch = services.launch_create(access=team.access("product_manager"), release_id=release.pk)
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        services.launch_decide(
            access=outsider, launch_id=launch.pk, approve=True, expected_version=launch.version
        )


def test_tasks_coming_due_are_listed_for_the_home_page(team: Team) -> None:
    pm = team.access("product_manager")
    soon = services.release_create(
        access=team.access("product_owner"),
        fields={"name": "Soon", "target_date": dt.date.today() + dt.timedelta(days=5)},
    )
    services.launch_create(access=pm, release_id=soon.pk)
    due = selectors.launch_tasks_due(access=pm)
    # The release is five days out: every task falls due within two weeks, earliest first.
    assert len(due) == len(DEFAULT_LAUNCH_TASKS)
    assert [t.title for t in due][:2] == ["Pricing set", "Positioning and messaging agreed"]
