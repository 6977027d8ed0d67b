"""Similar items: stored when an item changes, read by pages, checked before a new one."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog import selectors, services
from tandem.suggestions import neighbours
from tandem.suggestions.models import ItemNeighbour
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .conftest import Make

pytestmark = pytest.mark.django_db

READERS = ["product_owner", "product_manager", "team_member", "stakeholder", "viewer"]


def _keys(found: list[neighbours.Neighbour]) -> list[str]:
    return [n.key for n in found]


def _backlog(make: Make) -> None:
    make("Export flight logs as CSV", description="A CSV file of every flight")
    make("Night mode for the camera", description="Film after dusk")
    make("Export the flight logs to CSV", description="Download the logs as a CSV file")


def test_creating_an_item_stores_its_neighbours_and_places_it_among_theirs(
    team: Team, make: Make
) -> None:
    _backlog(make)
    first = selectors.item_of(access=team.access("product_owner"), number=1)
    third = selectors.item_of(access=team.access("product_owner"), number=3)
    assert ItemNeighbour.objects.filter(item=third, neighbour=first).exists()
    assert ItemNeighbour.objects.filter(item=first, neighbour=third).exists()
    pair = ItemNeighbour.objects.get(item=first, neighbour=third)
    assert pair.likely_duplicate


@pytest.mark.parametrize("role", READERS)
def test_every_member_reads_the_stored_neighbours(team: Team, make: Make, role: str) -> None:
    _backlog(make)
    access = team.access(role)
    item = selectors.item_of(access=access, number=1)
    found = neighbours.stored_neighbours(access=access, item=item)
    assert _keys(found)[0] == "DRN-3"
    assert found[0].likely_duplicate


def test_someone_from_another_organization_gets_not_found(team: Team, make: Make) -> None:
    _backlog(make)
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key="DRN")


def test_editing_a_title_refreshes_the_neighbours_of_both_sides(
    team: Team, make: Make, django_capture_on_commit_callbacks: Any
) -> None:
    _backlog(make)
    po = team.access("product_owner")
    night = selectors.item_of(access=po, number=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(
            access=po,
            item=night,
            changes={"title": "Export flight logs as a CSV file"},
            expected_version=night.version,
        )
    first = selectors.item_of(access=po, number=1)
    assert "DRN-2" in _keys(neighbours.stored_neighbours(access=po, item=first))
    pairs = {(a.key, b.key) for a, b, _ in selectors.duplicate_candidates(access=po)}
    assert ("DRN-1", "DRN-2") in pairs


def test_archiving_an_item_removes_it_from_every_neighbour_list(
    team: Team, make: Make, django_capture_on_commit_callbacks: Any
) -> None:
    _backlog(make)
    po = team.access("product_owner")
    third = selectors.item_of(access=po, number=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_archive(access=po, item=third)
    assert not ItemNeighbour.objects.filter(neighbour=third).exists()
    assert not ItemNeighbour.objects.filter(item=third).exists()
    assert selectors.duplicate_candidates(access=po) == []


def test_a_rank_move_queues_no_refresh_and_a_title_edit_does(
    team: Team,
    make: Make,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _backlog(make)
    po = team.access("product_owner")
    third = selectors.item_of(access=po, number=3)
    queued: list[dict[str, Any]] = []

    def enqueue(job: Any, **kwargs: Any) -> None:
        if job is neighbours.refresh_item:
            queued.append(kwargs)

    monkeypatch.setattr(neighbours.jobs, "enqueue", enqueue)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_move(access=po, item=third, position="top")
        services.item_update(access=po, item=third, changes={"estimate": 3}, expected_version=1)
    assert queued == []
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(
            access=po, item=third, changes={"title": "Night flights"}, expected_version=2
        )
    assert queued == [{"item_id": third.pk}]


def test_refinement_reads_stored_pairs_without_comparing_the_backlog(
    team: Team, make: Make, django_assert_max_num_queries: Any
) -> None:
    _backlog(make)
    po = team.access("product_owner")
    with django_assert_max_num_queries(6):
        pairs = selectors.duplicate_candidates(access=po)
    assert [(a.key, b.key) for a, b, _ in pairs] == [("DRN-1", "DRN-3")]


def test_a_product_whose_items_announced_nothing_gets_its_rows_on_first_read(
    team: Team,
) -> None:
    po = team.access("product_owner")
    for title in ("Offline maps for remote areas", "Download offline maps for remote areas"):
        services.item_create(access=po, fields={"title": title})  # no commit: no job ran
    assert not ItemNeighbour.objects.exists()
    pairs = selectors.duplicate_candidates(access=po)
    assert [(a.key, b.key) for a, b, _ in pairs] == [("DRN-1", "DRN-2")]


def test_refresh_product_rewrites_every_row(team: Team, make: Make) -> None:
    _backlog(make)
    ItemNeighbour.objects.all().delete()
    written = neighbours.refresh_product(product_id=team.product.pk)
    assert written == ItemNeighbour.objects.count() > 0


# --- the check before saving -----------------------------------------------------------


@pytest.mark.parametrize("role", ["product_owner", "product_manager", "team_member"])
def test_people_who_add_items_are_warned_of_a_look_alike(team: Team, make: Make, role: str) -> None:
    _backlog(make)
    found = neighbours.similar_check(
        access=team.access(role), title="Export flight logs as CSV files"
    )
    assert _keys(found)[:2] == ["DRN-1", "DRN-3"] or _keys(found)[:2] == ["DRN-3", "DRN-1"]


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_people_who_cannot_add_items_cannot_check_either(team: Team, make: Make, role: str) -> None:
    _backlog(make)
    with pytest.raises(PermissionDenied):
        neighbours.similar_check(access=team.access(role), title="Export flight logs")


def test_an_unlike_title_gets_no_warning(team: Team, make: Make) -> None:
    _backlog(make)
    po = team.access("product_owner")
    assert neighbours.similar_check(access=po, title="Gimbal calibration wizard") == []


def test_an_empty_title_is_refused_naming_the_field(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        neighbours.similar_check(access=team.access("product_owner"), title="  ")
    assert "title" in refused.value.errors


def test_an_item_created_just_now_is_part_of_the_next_check(team: Team, make: Make) -> None:
    make("Night mode for the camera")
    po = team.access("product_owner")
    assert neighbours.similar_check(access=po, title="Offline maps") == []
    make("Offline maps for remote areas")
    assert _keys(neighbours.similar_check(access=po, title="Offline maps")) == ["DRN-2"]


def test_the_neighbours_command_rebuilds_a_product(team: Team, make: Make) -> None:
    from io import StringIO

    from django.core.management import call_command

    _backlog(make)
    ItemNeighbour.objects.all().delete()
    out = StringIO()
    call_command("neighbours", product="drn", stdout=out)
    assert "DRN:" in out.getvalue()
    assert ItemNeighbour.objects.filter(product=team.product).exists()
