"""Releases: the PO plans them; scope holds items and whole epics; burnup and forecast."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Kind, Status
from tandem.delivery import selectors, services
from tandem.delivery.models import Release, ReleaseState
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .factories import SprintFactory, done_story

pytestmark = pytest.mark.django_db


def _epic_with_stories(team: Team, points: list[int]) -> tuple[str, list[str]]:
    po = team.access("product_owner")
    epic = backlog_services.item_create(access=po, fields={"kind": Kind.EPIC, "title": "Safety"})
    keys = []
    for number, estimate in enumerate(points):
        story = backlog_services.item_create(
            access=po,
            fields={"title": f"Safety {number}", "parent": epic.key, "estimate": estimate},
        )
        keys.append(story.key)
    return epic.key, keys


def test_the_po_plans_a_release_with_items_and_epics_in_scope(team: Team) -> None:
    po = team.access("product_owner")
    epic, stories = _epic_with_stories(team, [3, 5])
    loose = done_story(team, "Loose end")
    release = services.release_create(
        access=po,
        fields={"name": "2.4", "target_date": "2025-10-01", "items": [loose.key], "epics": [epic]},
    )
    scope = selectors.release_scope(access=po, release=release)
    assert sorted(i.key for i in scope) == sorted([*stories, loose.key])
    event = Event.objects.get(verb="release.created", object_id=release.pk)
    assert event.after is not None
    assert event.after["epics"] == [epic]


def test_a_story_added_to_an_epic_later_joins_the_release(team: Team) -> None:
    po = team.access("product_owner")
    epic, _ = _epic_with_stories(team, [3])
    release = services.release_create(access=po, fields={"name": "3.0", "epics": [epic]})
    backlog_services.item_create(access=po, fields={"title": "Late", "parent": epic})
    assert len(selectors.release_scope(access=po, release=release)) == 2


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_po_plans_releases(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.release_create(access=team.access(role), fields={"name": "9.9"})
    assert not Release.objects.exists()


def test_an_outsider_gets_not_found(team: Team) -> None:
    release = services.release_create(access=team.access("product_owner"), fields={"name": "1"})
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        selectors.release_of(access=outsider, release_id=release.pk)
    with pytest.raises(NotFound):
        services.release_update(
            access=outsider,
            release_id=release.pk,
            changes={"notes": "x"},
            expected_version=release.version,
        )


def test_scope_names_epics_as_epics_and_items_as_items(team: Team) -> None:
    epic, stories = _epic_with_stories(team, [1])
    with pytest.raises(ValidationFailed) as refused:
        services.release_create(
            access=team.access("product_owner"),
            fields={"name": "x", "items": [epic], "epics": stories},
        )
    assert set(refused.value.errors) == {"items", "epics"}


def test_release_names_are_unique_among_live_releases(team: Team) -> None:
    po = team.access("product_owner")
    first = services.release_create(access=po, fields={"name": "2.0"})
    with pytest.raises(ValidationFailed):
        services.release_create(access=po, fields={"name": "2.0"})
    services.release_archive(access=po, release_id=first.pk)
    services.release_create(access=po, fields={"name": "2.0"})
    with pytest.raises(ValidationFailed):
        services.release_restore(access=po, release_id=first.pk)


def test_an_update_names_the_version_it_read(team: Team) -> None:
    po = team.access("product_owner")
    release = services.release_create(access=po, fields={"name": "2.0"})
    services.release_update(
        access=po, release_id=release.pk, changes={"notes": "First"}, expected_version=1
    )
    with pytest.raises(Conflict) as stale:
        services.release_update(
            access=po, release_id=release.pk, changes={"notes": "Second"}, expected_version=1
        )
    assert stale.value.current["notes"] == "First"


def test_shipping_a_release_records_the_day(team: Team) -> None:
    po = team.access("product_owner")
    release = services.release_create(access=po, fields={"name": "2.0"})
    shipped = services.release_ship(
        access=po, release_id=release.pk, released_on=dt.date(2025, 6, 2), expected_version=1
    )
    assert (shipped.state, shipped.released_on) == (ReleaseState.RELEASED, dt.date(2025, 6, 2))
    assert selectors.release_markers(access=po) == [(dt.date(2025, 6, 2), "2.0")]


def test_the_release_list_reads_scope_and_points_in_a_fixed_number_of_queries(
    team: Team, django_assert_max_num_queries
) -> None:
    po = team.access("product_owner")
    for number in range(5):
        epic, _ = _epic_with_stories(team, [2, 3])
        services.release_create(access=po, fields={"name": f"v{number}", "epics": [epic]})
    with django_assert_max_num_queries(5):
        rows = selectors.releases_of(access=team.access("viewer"))
    assert [(row.items, row.points) for row in rows] == [(2, 5)] * 5


def test_the_burnup_counts_done_points_from_the_day_an_item_was_done(team: Team) -> None:
    po = team.access("product_owner")
    item = done_story(team)
    open_item = backlog_services.item_create(access=po, fields={"title": "Open", "estimate": 3})
    release = services.release_create(
        access=po, fields={"name": "2.0", "items": [item.key, open_item.key]}
    )
    chart = selectors.release_burnup(access=po, release=release)
    assert chart.scope[-1] == 8
    assert chart.done[-1] == 5


def test_the_forecast_reads_closed_sprints_and_answers_with_dates(team: Team) -> None:
    po = team.access("product_owner")
    for back, points in enumerate((8, 10, 12, 9, 11)):
        starts = dt.date(2025, 6, 2) - dt.timedelta(days=14 * (5 - back))
        SprintFactory(product=team.product, completed_points=points, starts_on=starts)
    epic, _ = _epic_with_stories(team, [8, 8, 8, 8, 8])
    release = services.release_create(access=po, fields={"name": "2.0", "epics": [epic]})
    today = dt.date(2025, 6, 2)
    forecast = selectors.release_forecast(access=po, release=release, today=today, trials=2_000)
    assert forecast.remaining_points == 40
    assert forecast.history.sprint_days == 14
    dates = forecast.when_dates
    assert today <= dates[50] <= dates[85] <= dates[95]
    assert forecast.when_sprints[50] >= 3  # 40 points at about 10 a sprint
    assert forecast.fan[0].points[50] == 0
    assert all(p.points[95] <= p.points[85] <= p.points[50] for p in forecast.fan)
    assert all(p.points[5] <= forecast.scope_points for p in forecast.fan)
    again = selectors.release_forecast(access=po, release=release, today=today, trials=2_000)
    assert again == forecast


def test_without_a_closed_sprint_the_forecast_says_what_it_needs(team: Team) -> None:
    po = team.access("product_owner")
    release = services.release_create(access=po, fields={"name": "2.0"})
    forecast = selectors.release_forecast(access=po, release=release)
    assert "closed sprint" in forecast.message
    assert forecast.when_dates == {}


def test_how_much_by_a_date_grows_with_the_date_and_never_passes_the_scope(team: Team) -> None:
    po = team.access("product_owner")
    today = dt.date(2025, 6, 2)
    for back, points in enumerate((8, 10, 12)):
        starts = today - dt.timedelta(days=14 * (3 - back))
        SprintFactory(product=team.product, completed_points=points, starts_on=starts)
    epic, _ = _epic_with_stories(team, [13, 13, 13])
    release = services.release_create(access=po, fields={"name": "2.0", "epics": [epic]})
    near, far = (
        selectors.release_how_much(
            access=po, release=release, by=today + dt.timedelta(days=days), today=today
        )
        for days in (30, 400)
    )
    assert near.sprints == 2
    assert near.points[95] <= near.points[85] <= near.points[50] <= far.points[50]
    assert far.points[95] == 39


def test_an_item_on_a_done_status_counts_once_done_even_after_acceptance(team: Team) -> None:
    po = team.access("product_owner")
    item = done_story(team)
    services.item_accept(access=po, item=item, expected_version=item.version)
    services.release_create(access=po, fields={"name": "2.0", "items": [item.key]})
    assert selectors.releases_of(access=po)[0].done_points == 5
    item.refresh_from_db()
    assert item.status == Status.ACCEPTED
