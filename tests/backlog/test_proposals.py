"""Proposals: the PM's and the team's suggestions, which the Product Owner accepts or declines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Proposal
from tandem.workspace.proposals import ProposalOutdated, is_outdated, queue

pytestmark = pytest.mark.django_db


def _backlog(team, *titles: str) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def _ranked_titles(team) -> list[str]:  # type: ignore[no-untyped-def]
    page = selectors.backlog_page(
        access=team.access("product_owner"), filters=selectors.BacklogFilters()
    )
    return [i.title for i in page.items]


def _propose_title(team, item: Item, title: str, role: str = "product_manager") -> Proposal:  # type: ignore[no-untyped-def]
    outcome = services.item_update(
        access=team.access(role), item=item, changes={"title": title}, expected_version=1
    )
    assert outcome.proposal is not None
    return outcome.proposal


def _accept(team, proposal: Proposal) -> Proposal:  # type: ignore[no-untyped-def]
    return services.proposal_accept(access=team.access("product_owner"), proposal_id=proposal.pk)


def test_accepting_a_change_applies_it_as_the_product_owner(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight")
    proposal = _accept(team, _propose_title(team, item, "Fly 40 minutes"))
    fresh = Item.objects.get(pk=item.pk)
    assert (fresh.title, fresh.version) == ("Fly 40 minutes", 2)
    assert (proposal.status, proposal.decided_by) == ("accepted", team.po)
    update = Event.objects.get(verb="item.updated")
    assert (update.actor, update.after) == (team.po, {"title": "Fly 40 minutes"})


def test_accepting_a_move_reorders_the_backlog(team) -> None:  # type: ignore[no-untyped-def]
    a, _, c = _backlog(team, "A", "B", "C")
    outcome = services.item_move(access=team.access("team_member"), item=c, before=a)
    assert _ranked_titles(team) == ["A", "B", "C"]
    assert outcome.proposal is not None
    _accept(team, outcome.proposal)
    assert _ranked_titles(team) == ["C", "A", "B"]


def test_declining_keeps_the_item_and_records_the_reason(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight")
    proposal = services.proposal_decline(
        access=team.access("product_owner"),
        proposal_id=_propose_title(team, item, "Fly 40 minutes").pk,
        reason="  Too specific  ",
    )
    assert Item.objects.get(pk=item.pk).title == "Longer flight"
    assert (proposal.status, proposal.reason) == ("declined", "Too specific")
    event = Event.objects.get(verb="proposal.declined")
    assert (event.actor, event.after["reason"]) == (team.po, "Too specific")


def test_the_waiting_list_shows_only_open_proposals_oldest_first(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _backlog(team, "A", "B", "C")
    first = _propose_title(team, a, "A1")
    second = _propose_title(team, b, "B1", role="team_member")
    _accept(team, _propose_title(team, c, "C1"))
    waiting = selectors.pending_proposals(access=team.access("viewer"))
    assert [p.pk for p in waiting] == [first.pk, second.pk]


def test_a_proposal_is_decided_only_once(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight")
    proposal = _accept(team, _propose_title(team, item, "Fly 40 minutes"))
    with pytest.raises(ValidationFailed) as caught:
        services.proposal_decline(access=team.access("product_owner"), proposal_id=proposal.pk)
    assert set(caught.value.errors) == {"status"}


def test_a_move_next_to_an_item_archived_since_cannot_be_accepted(team) -> None:  # type: ignore[no-untyped-def]
    a, b = _backlog(team, "A", "B")
    outcome = services.item_move(access=team.access("product_manager"), item=b, before=a)
    services.item_archive(access=team.access("product_owner"), item=a)
    assert outcome.proposal is not None
    with pytest.raises(ValidationFailed) as caught:
        _accept(team, outcome.proposal)
    assert set(caught.value.errors) == {"payload"}
    assert Proposal.objects.get(pk=outcome.proposal.pk).status == "pending"


def test_a_change_that_became_invalid_stays_waiting(team) -> None:  # type: ignore[no-untyped-def]
    epic, story = _backlog(team, "Flight platform", "Longer flight")
    po = team.access("product_owner")
    services.item_update(access=po, item=epic, changes={"kind": "epic"}, expected_version=1)
    outcome = services.item_update(
        access=team.access("product_manager"),
        item=story,
        changes={"parent": epic.key},
        expected_version=1,
    )
    services.item_archive(access=po, item=epic)
    assert outcome.proposal is not None
    with pytest.raises(ValidationFailed) as caught:
        _accept(team, outcome.proposal)
    assert set(caught.value.errors) == {"parent"}
    assert Proposal.objects.get(pk=outcome.proposal.pk).status == "pending"


def test_a_proposal_for_an_archived_item_cannot_be_accepted(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight")
    proposal = _propose_title(team, item, "Fly 40 minutes")
    services.item_archive(access=team.access("product_owner"), item=item)
    with pytest.raises(ValidationFailed) as caught:
        _accept(team, proposal)
    assert set(caught.value.errors) == {"item"}


@pytest.mark.parametrize("role", ["product_manager", "team_member", "stakeholder", "viewer"])
def test_only_the_product_owner_decides_a_proposal(team, role: str) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight")
    proposal = _propose_title(team, item, "Fly 40 minutes")
    with pytest.raises(PermissionDenied):
        services.proposal_accept(access=team.access(role), proposal_id=proposal.pk)


def test_an_unknown_proposal_is_not_found(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        services.proposal_accept(access=team.access("product_owner"), proposal_id=999_999)


def test_a_team_members_new_story_proposes_its_scores_instead_of_setting_them(team) -> None:  # type: ignore[no-untyped-def]
    item = services.item_create(
        access=team.access("team_member"), fields={"title": "Night mode", "value": 9, "effort": 2}
    )
    item.refresh_from_db()
    proposal = Proposal.objects.get(record_type="item", record_id=item.pk)
    assert (item.value, item.effort) == (None, None)
    assert proposal.payload["changes"] == {"value": 9, "effort": 2}


def test_a_comment_keeps_an_item_from_going_stale_without_a_new_version(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    item = services.item_create(access=po, fields={"title": "Old story"})
    Item.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(days=90))
    services.comment_add(access=team.access("team_member"), item=item, body="Still needed?")
    item.refresh_from_db()
    assert item.updated_at > timezone.now() - timedelta(minutes=1)
    assert item.version == 1


def test_a_proposal_says_when_its_field_changed_after_it_was_made(team) -> None:  # type: ignore[no-untyped-def]
    po, pm = team.access("product_owner"), team.access("product_manager")
    item = services.item_create(access=po, fields={"title": "Night mode"})
    proposal = services.item_update(
        access=pm, item=item, changes={"title": "Night flight mode"}, expected_version=1
    ).proposal
    assert proposal is not None
    assert not is_outdated(proposal)
    services.item_update(access=po, item=item, changes={"estimate": 3}, expected_version=1)
    assert not is_outdated(proposal)  # another field: the proposal merges with it
    services.item_update(access=po, item=item, changes={"title": "Dark mode"}, expected_version=2)
    assert is_outdated(proposal)


def test_an_outdated_proposal_is_refused_until_the_current_version_is_confirmed(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    (item,) = _backlog(team, "Night mode")
    proposal = _propose_title(team, item, "Night flight mode")
    services.item_update(access=po, item=item, changes={"title": "Dark mode"}, expected_version=1)
    with pytest.raises(ProposalOutdated) as caught:
        _accept(team, proposal)
    assert caught.value.current["version"] == 2
    assert Item.objects.get(pk=item.pk).title == "Dark mode"
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"
    services.proposal_accept(access=po, proposal_id=proposal.pk, confirmed_version=2)
    fresh = Item.objects.get(pk=item.pk)
    assert (fresh.title, fresh.version) == ("Night flight mode", 3)


def test_a_move_proposed_before_an_edit_must_be_reconfirmed(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    a, _, c = _backlog(team, "A", "B", "C")
    outcome = services.item_move(access=team.access("team_member"), item=c, before=a)
    assert outcome.proposal is not None
    services.item_update(access=po, item=c, changes={"estimate": 5}, expected_version=1)
    with pytest.raises(ProposalOutdated):
        _accept(team, outcome.proposal)
    assert _ranked_titles(team) == ["A", "B", "C"]
    services.proposal_accept(access=po, proposal_id=outcome.proposal.pk, confirmed_version=2)
    assert _ranked_titles(team) == ["C", "A", "B"]


def test_item_proposals_wait_in_the_one_queue_of_the_product_owner(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Night mode")
    proposal = _propose_title(team, item, "Night flight mode")
    assert [p.pk for p in queue(team.access("product_owner"))] == [proposal.pk]
    assert list(queue(team.access("product_manager"))) == []
    assert (proposal.record_type, proposal.record_id, proposal.action) == (
        "item",
        item.pk,
        "backlog",
    )


def test_a_partly_proposed_edit_is_not_stale_from_its_own_direct_part(team) -> None:  # type: ignore[no-untyped-def]
    item = services.item_create(access=team.access("product_owner"), fields={"title": "Night mode"})
    outcome = services.item_update(
        access=team.access("team_member"),
        item=item,
        changes={"estimate": 5, "title": "Night flight mode"},
        expected_version=1,
    )
    assert outcome.proposal is not None
    assert not is_outdated(outcome.proposal)


def test_over_the_api_an_outdated_proposal_answers_409_and_the_queue_takes_the_confirmation(
    team,
) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Night mode")
    proposal = _propose_title(team, item, "Night flight mode")
    po = team.access("product_owner")
    services.item_update(access=po, item=item, changes={"title": "Dark mode"}, expected_version=1)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")
    listed = client.get("/api/v1/products/DRN/proposals").json()
    assert [(p["id"], p["item"], p["item_changed_since"]) for p in listed] == [
        (proposal.pk, item.key, True)
    ]
    refused = client.post(f"/api/v1/products/DRN/proposals/{proposal.pk}/accept")
    assert (refused.status_code, refused.json()["current"]["version"]) == (409, 2)
    confirmed = client.post(f"/api/v1/products/DRN/queue/{proposal.pk}/accept?confirmed_version=2")
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "accepted")
    assert Item.objects.get(pk=item.pk).title == "Night flight mode"


def test_the_one_queue_page_lists_item_proposals_and_sprint_suggestions(team) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from tandem.delivery import services as delivery_services
    from tests.delivery.sprint_data import new_sprint, ready_story

    (item,) = _backlog(team, "Night mode")
    _propose_title(team, item, "Night flight mode")
    story, sprint = ready_story(team, "Flight log"), new_sprint(team)
    delivery_services.sprint_items_add(
        access=team.access("team_member"), sprint=sprint, items=[story]
    )
    client = Client()
    client.force_login(team.po)
    page = client.get(reverse("records:queue", args=[team.product.key])).content.decode()
    assert f"{item.key} Night mode" in page
    assert sprint.name in page
