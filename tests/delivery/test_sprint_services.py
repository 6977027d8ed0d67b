"""Sprint services: who decides content, what starting and closing record."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Proposal
from tests.conftest import Team

from .sprint_data import PO, TEAM, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db


def test_the_product_owner_creates_a_sprint_and_it_is_audited(team: Team) -> None:
    sprint = new_sprint(team, name="Sprint 7")
    assert sprint.state == SprintState.PLANNED
    assert Event.objects.filter(verb="sprint.created", object_id=sprint.pk).exists()


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_product_owner_creates_sprints(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.sprint_create(
            access=team.access(role),
            fields={"name": "S", "starts_on": "2026-01-05", "ends_on": "2026-01-16"},
        )


def test_a_team_members_refusal_says_they_can_suggest_content(team: Team) -> None:
    with pytest.raises(PermissionDenied, match="suggest sprint content"):
        services.sprint_create(
            access=team.access(TEAM),
            fields={"name": "S", "starts_on": "2026-01-05", "ends_on": "2026-01-16"},
        )


def test_a_sprint_cannot_end_before_it_starts(team: Team) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.sprint_create(
            access=team.access(PO),
            fields={"name": "S", "starts_on": "2026-01-16", "ends_on": "2026-01-05"},
        )
    assert "ends_on" in error.value.errors


def test_a_sprint_lasts_at_most_a_year_so_its_charts_stay_bounded(team: Team) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.sprint_create(
            access=team.access(PO),
            fields={"name": "S", "starts_on": "2026-01-05", "ends_on": "9999-12-31"},
        )
    assert "at most 366 days" in error.value.errors["ends_on"]


def test_the_product_owner_adds_items_directly(team: Team) -> None:
    item = ready_story(team, "Flight log")
    sprint = new_sprint(team)
    suggestions = services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[item])
    assert suggestions == []
    assert SprintItem.objects.filter(sprint=sprint, item=item, removed_at__isnull=True).exists()


def test_a_team_members_addition_becomes_a_suggestion_the_po_accepts(team: Team) -> None:
    item = ready_story(team, "Flight log")
    sprint = new_sprint(team)
    [suggestion] = services.sprint_items_add(access=team.access(TEAM), sprint=sprint, items=[item])
    assert not SprintItem.objects.filter(sprint=sprint).exists()
    services.sprint_suggestion_accept(access=team.access(PO), suggestion=suggestion)
    assert SprintItem.objects.filter(sprint=sprint, item=item, removed_at__isnull=True).exists()


def test_a_team_member_cannot_accept_suggestions(team: Team) -> None:
    item = ready_story(team, "Flight log")
    sprint = new_sprint(team)
    [suggestion] = services.sprint_items_add(access=team.access(TEAM), sprint=sprint, items=[item])
    with pytest.raises(PermissionDenied):
        services.sprint_suggestion_accept(access=team.access(TEAM), suggestion=suggestion)


def test_a_declined_suggestion_changes_nothing(team: Team) -> None:
    item = ready_story(team, "Flight log")
    sprint = new_sprint(team)
    [suggestion] = services.sprint_items_add(access=team.access(TEAM), sprint=sprint, items=[item])
    services.sprint_suggestion_decline(access=team.access(PO), suggestion=suggestion)
    assert Proposal.objects.get(pk=suggestion.pk).status == "declined"
    assert not SprintItem.objects.filter(sprint=sprint).exists()


@pytest.mark.parametrize("role", ["stakeholder", "viewer", "product_manager"])
def test_readers_cannot_touch_sprint_content(team: Team, role: str) -> None:
    item = ready_story(team, "Flight log")
    sprint = new_sprint(team)
    with pytest.raises(PermissionDenied):
        services.sprint_items_add(access=team.access(role), sprint=sprint, items=[item])


def test_an_outsider_cannot_reach_another_products_sprint(team: Team) -> None:
    from tandem.workspace.selectors import product_access

    sprint = new_sprint(team)
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        services.sprint_start(access=outsider, sprint=sprint, expected_version=sprint.version)


def test_an_item_is_in_one_open_sprint_at_a_time(team: Team) -> None:
    item = ready_story(team, "Flight log")
    first, second = new_sprint(team, name="A"), new_sprint(team, name="B")
    services.sprint_items_add(access=team.access(PO), sprint=first, items=[item])
    with pytest.raises(ValidationFailed, match="already in A"):
        services.sprint_items_add(access=team.access(PO), sprint=second, items=[item])


def test_starting_snapshots_the_commitment(team: Team) -> None:
    a, b = ready_story(team, "A", points=5), ready_story(team, "B", points=3)
    sprint = started_sprint(team, a, b)
    assert sprint.state == SprintState.ACTIVE
    assert sprint.committed_points == 8
    assert sprint.started_at is not None
    entries = SprintItem.objects.filter(sprint=sprint)
    assert {(e.committed, e.points_at_start) for e in entries} == {(True, 5), (True, 3)}


def test_scope_added_after_the_start_is_not_committed(team: Team) -> None:
    sprint = started_sprint(team, ready_story(team, "A", points=5))
    late = ready_story(team, "Late", points=2)
    services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[late])
    entry = SprintItem.objects.get(sprint=sprint, item=late)
    assert entry.committed is False
    sprint.refresh_from_db()
    assert sprint.committed_points == 5


def test_a_removed_item_keeps_its_entry(team: Team) -> None:
    item = ready_story(team, "A")
    sprint = started_sprint(team, item)
    services.sprint_item_remove(access=team.access(PO), sprint=sprint, item=item)
    entry = SprintItem.objects.get(sprint=sprint, item=item)
    assert entry.removed_at is not None


def test_only_one_sprint_is_active_at_a_time(team: Team) -> None:
    started_sprint(team, ready_story(team, "A"), name="Running")
    waiting = new_sprint(team, name="Next")
    with pytest.raises(ValidationFailed, match="Running is still active"):
        services.sprint_start(
            access=team.access(PO), sprint=waiting, expected_version=waiting.version
        )


def test_a_start_over_capacity_overlapping_or_over_three_months_asks_to_confirm(
    team: Team,
) -> None:
    po = team.access(PO)
    new_sprint(team, name="Earlier", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 1, 16))
    sprint = new_sprint(
        team, name="Long", starts_on=dt.date(2026, 1, 12), ends_on=dt.date(2026, 6, 1), capacity=3
    )
    services.sprint_items_add(access=po, sprint=sprint, items=[ready_story(team, "A", points=5)])
    sprint.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        services.sprint_start(access=po, sprint=sprint, expected_version=sprint.version)
    warning = refused.value.errors["confirm"]
    assert "5 points planned, over the capacity of 3" in warning
    assert "overlap Earlier" in warning
    assert "more than three months" in warning
    sprint.refresh_from_db()
    assert sprint.state == SprintState.PLANNED
    started = services.sprint_start(
        access=po, sprint=sprint, expected_version=sprint.version, confirmed=True
    )
    assert started.state == SprintState.ACTIVE


def test_a_stale_version_conflicts(team: Team) -> None:
    sprint = new_sprint(team)
    services.sprint_update(
        access=team.access(PO), sprint=sprint, changes={"goal": "New"}, expected_version=1
    )
    with pytest.raises(Conflict) as error:
        services.sprint_start(access=team.access(PO), sprint=sprint, expected_version=1)
    assert error.value.current["goal"] == "New"


def test_closing_records_completed_points_and_returns_unfinished_work_to_the_backlog_top(
    team: Team,
) -> None:
    done, left = ready_story(team, "Done", points=5), ready_story(team, "Left", points=3)
    ready_story(team, "Top of the backlog")
    sprint = started_sprint(team, done, left)
    set_status(team, done, Status.DONE)
    sprint.refresh_from_db()
    closed = services.sprint_close(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert closed.state == SprintState.CLOSED
    assert closed.completed_points == 5
    first = Item.objects.filter(product=team.product).order_by("rank").first()
    assert first is not None
    assert first.pk == left.pk
    assert SprintItem.objects.get(sprint=sprint, item=left).removed_at is not None


def test_closing_can_send_an_item_to_the_next_sprint(team: Team) -> None:
    left = ready_story(team, "Left", points=3)
    sprint = started_sprint(team, left, name="Now")
    following = new_sprint(team, name="Later", starts_on=dt.date.today() + dt.timedelta(days=14))
    sprint.refresh_from_db()
    services.sprint_close(
        access=team.access(PO),
        sprint=sprint,
        expected_version=sprint.version,
        carry={left.key: "next"},
    )
    assert SprintItem.objects.filter(sprint=following, item=left, removed_at__isnull=True).exists()


def test_accepted_items_count_as_completed(team: Team) -> None:
    item = ready_story(team, "A", points=8)
    sprint = started_sprint(team, item)
    set_status(team, item, Status.DONE)
    set_status(team, item, Status.ACCEPTED, role=PO)
    sprint.refresh_from_db()
    closed = services.sprint_close(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )
    assert closed.completed_points == 8


def test_an_archived_sprint_can_be_restored(team: Team) -> None:
    sprint = new_sprint(team)
    services.sprint_archive(access=team.access(PO), sprint=sprint)
    assert Sprint.objects.get(pk=sprint.pk).archived_at is not None
    services.sprint_restore(access=team.access(PO), sprint=sprint)
    assert Sprint.objects.get(pk=sprint.pk).archived_at is None


def test_the_team_moves_cards_but_only_the_po_accepts(team: Team) -> None:
    item = ready_story(team, "A")
    started_sprint(team, item)
    item = set_status(team, item, Status.DONE)
    with pytest.raises(PermissionDenied):
        services.card_move(
            access=team.access(TEAM),
            item=item,
            status=Status.ACCEPTED,
            expected_version=item.version,
        )


def test_a_stakeholder_cannot_move_cards(team: Team) -> None:
    item = ready_story(team, "A")
    started_sprint(team, item)
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.card_move(
            access=team.access("stakeholder"),
            item=item,
            status=Status.IN_PROGRESS,
            expected_version=item.version,
        )


def test_dependencies_refuse_a_cycle(team: Team) -> None:
    a, b = ready_story(team, "A"), ready_story(team, "B")
    services.dependency_add(access=team.access(TEAM), item=b, blocked_by=a)
    with pytest.raises(ValidationFailed, match="cycle"):
        services.dependency_add(access=team.access(TEAM), item=a, blocked_by=b)


def test_wip_limits_are_the_teams_setting(team: Team) -> None:
    column = services.board_column_set(access=team.access(TEAM), status="in_progress", wip_limit=3)
    assert column.wip_limit == 3
    with pytest.raises(PermissionDenied):
        services.board_column_set(access=team.access("viewer"), status="in_progress", wip_limit=4)
