"""Moving stories on the story map, and building it, for every role."""

from __future__ import annotations

import pytest

from tandem.backlog import services
from tandem.backlog.story_map import selectors
from tandem.backlog.story_map import services as story_map
from tandem.backlog.story_map.models import MapPlacement, MapSlice
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.models import Proposal as RecordProposal
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .helpers import made, ranked_titles, small_map

pytestmark = pytest.mark.django_db


def test_the_map_lists_activities_steps_and_stories_by_backlog_rank(team: Team) -> None:
    small = small_map(team)
    found = selectors.story_map(access=team.access("stakeholder"))
    [activity] = found.activities
    assert [s.step.name for s in activity.steps] == ["Find a flight", "Book it"]
    assert [i.title for i in activity.steps[0].items] == ["Search by city", "Filter by price"]
    assert [i.title for i in activity.steps[0].in_slice(small.mvp.pk)] == ["Search by city"]
    assert [s.name for s in found.slices] == ["MVP", "Later"]
    assert found.slices[0].is_skeleton


def test_the_map_reads_a_fixed_number_of_queries(team: Team, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    small_map(team)
    access = team.access("product_owner")
    with django_assert_max_num_queries(6):
        selectors.story_map(access=access)


def test_the_po_moves_a_story_to_another_step_and_the_backlog_order_follows(team: Team) -> None:
    small = small_map(team)
    invoice = small.stories[3]
    story_map.story_place(
        access=team.access("product_owner"),
        item=invoice,
        step=small.find,
        slice=small.mvp,
        before=small.stories[0],
    )
    placement = MapPlacement.objects.get(item=invoice)
    assert (placement.step, placement.slice) == (small.find, small.mvp)
    assert ranked_titles(team)[0] == "Email the invoice"


def test_a_move_without_a_rank_keeps_the_backlog_order(team: Team) -> None:
    small = small_map(team)
    before = ranked_titles(team)
    story_map.story_place(
        access=team.access("product_owner"), item=small.stories[1], slice=small.mvp
    )
    placement = MapPlacement.objects.get(item=small.stories[1])
    assert (placement.step, placement.slice) == (small.find, small.mvp)
    assert ranked_titles(team) == before


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_proposers_move_becomes_one_move_proposal_the_po_accepts(team: Team, role: str) -> None:
    small = small_map(team)
    pay = small.stories[2]
    outcome = story_map.story_place(
        access=team.access(role), item=pay, step=small.find, slice=None, position="top"
    )
    assert outcome.proposal is not None
    assert outcome.proposal.operation == "move"
    assert MapPlacement.objects.get(item=pay).step == small.book  # unchanged until accepted
    services.proposal_accept(access=team.access("product_owner"), proposal_id=outcome.proposal.pk)
    placement = MapPlacement.objects.get(item=pay)
    assert (placement.step, placement.slice) == (small.find, None)
    assert ranked_titles(team)[0] == "Pay by card"


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_move_a_story_on_the_map(team: Team, role: str) -> None:
    small = small_map(team)
    with pytest.raises(PermissionDenied):
        story_map.story_place(access=team.access(role), item=small.stories[0], step=small.book)
    assert not Proposal.objects.filter(record_type="item").exists()


def test_someone_of_another_organization_cannot_see_the_map(team: Team) -> None:
    small_map(team)
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key="DRN")


def test_a_step_of_another_product_is_refused_naming_the_step(team: Team) -> None:
    small = small_map(team)
    outsider = product_access(user=team.outsider, product_key="OUT")
    theirs = made(outsider, "map_activity", name="Theirs")
    their_step = made(outsider, "map_step", activity=theirs.pk, name="Their step")
    with pytest.raises(ValidationFailed) as refused:
        story_map.story_place(
            access=team.access("product_owner"), item=small.stories[0], step=their_step
        )
    assert "step" in refused.value.errors


def test_a_story_off_the_map_needs_a_step(team: Team) -> None:
    small_map(team)
    loose = services.item_create(access=team.access("product_owner"), fields={"title": "Loose"})
    with pytest.raises(ValidationFailed) as refused:
        story_map.story_place(access=team.access("product_owner"), item=loose)
    assert "step" in refused.value.errors


def test_a_stale_version_is_a_conflict(team: Team) -> None:
    small = small_map(team)
    with pytest.raises(Conflict):
        story_map.story_place(
            access=team.access("product_owner"),
            item=small.stories[0],
            step=small.book,
            expected_version=small.stories[0].version + 1,
        )


def test_an_epic_cannot_go_on_the_map(team: Team) -> None:
    small = small_map(team)
    po = team.access("product_owner")
    epic = services.item_create(access=po, fields={"title": "Travel", "kind": "epic"})
    with pytest.raises(ValidationFailed) as refused:
        story_map.story_place(access=po, item=epic, step=small.find)
    assert "item" in refused.value.errors


def test_taking_a_story_off_the_map_keeps_it_in_the_backlog(team: Team) -> None:
    small = small_map(team)
    story_map.story_unplace(access=team.access("product_owner"), item=small.stories[0])
    found = selectors.story_map(access=team.access("product_owner"))
    assert "Search by city" in [i.title for i in found.unplaced]
    assert "Search by city" in ranked_titles(team)


def test_marking_another_walking_skeleton_unmarks_the_first(team: Team) -> None:
    small = small_map(team)
    writes.record_update(
        access=team.access("product_owner"),
        kind="map_slice",
        record_id=small.later.pk,
        changes={"is_skeleton": True},
        expected_version=small.later.version,
    )
    assert list(MapSlice.objects.filter(is_skeleton=True)) == [small.later]


def test_a_new_position_reorders_the_siblings(team: Team) -> None:
    small = small_map(team)
    writes.record_update(
        access=team.access("product_owner"),
        kind="map_step",
        record_id=small.book.pk,
        changes={"position": 0},
        expected_version=small.book.version,
    )
    found = selectors.story_map(access=team.access("product_owner"))
    assert [s.step.name for s in found.activities[0].steps] == ["Book it", "Find a flight"]


def test_a_team_members_new_activity_is_a_proposal(team: Team) -> None:
    small_map(team)
    outcome = writes.record_create(
        access=team.access("team_member"), kind="map_activity", fields={"name": "Travel"}
    )
    assert outcome.record is None
    assert RecordProposal.objects.filter(record_type="map_activity").count() == 1


def test_a_stakeholder_cannot_add_a_step(team: Team) -> None:
    small = small_map(team)
    with pytest.raises(PermissionDenied):
        writes.record_create(
            access=team.access("stakeholder"),
            kind="map_step",
            fields={"activity": small.activity.pk, "name": "Check in"},
        )


def test_archiving_an_activity_hides_its_steps(team: Team) -> None:
    small = small_map(team)
    writes.record_archive(
        access=team.access("product_owner"), kind="map_activity", record_id=small.activity.pk
    )
    found = selectors.story_map(access=team.access("product_owner"))
    assert found.activities == []
    assert len(found.unplaced) == 4
