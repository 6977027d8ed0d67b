"""Item proposals and sprint suggestions move into the one proposal table with their data."""

from __future__ import annotations

import pytest

from tandem.backlog import services as backlog_services
from tandem.delivery import services
from tandem.delivery.models import SprintItem
from tandem.workspace import proposals
from tandem.workspace.models import Proposal
from tests.conftest import Migrate, Team
from tests.delivery.sprint_data import PO, new_sprint, ready_story

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("backlog", "0009_subtasks_views_revisions"), ("delivery", "0004_release_slice")]
AFTER = [("backlog", "0010_proposals_in_the_queue"), ("delivery", "0005_suggestions_in_the_queue")]


def test_the_old_proposals_and_suggestions_become_queue_proposals(
    team: Team, migrate: Migrate
) -> None:
    flight, log = ready_story(team, "Longer flight"), ready_story(team, "Flight log")
    sprint = new_sprint(team)
    services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[log])
    backlog_services.item_update(
        access=team.access(PO), item=flight, changes={"estimate": 5}, expected_version=1
    )
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    old_proposal = old.get_model("backlog", "Proposal")
    old_proposal.objects.create(  # made from the item as it still is
        product_id=team.product.pk,
        item_id=flight.pk,
        kind="update",
        payload={"changes": {"title": "Fly 40 minutes"}},
        item_version=2,
        proposed_by_id=team.pm.pk,
    )
    old_proposal.objects.create(  # made from version 1: the item changed since
        product_id=team.product.pk,
        item_id=flight.pk,
        kind="move",
        payload={"position": "top"},
        item_version=1,
        proposed_by_id=team.dev.pk,
        status="declined",
        decided_by_id=team.po.pk,
        reason="Not now",
    )
    old_suggestion = old.get_model("delivery", "SprintSuggestion")
    old_suggestion.objects.create(
        sprint_id=sprint.pk, item_id=flight.pk, proposed_by_id=team.dev.pk
    )
    old_suggestion.objects.create(
        sprint_id=sprint.pk, item_id=log.pk, add=False, proposed_by_id=team.dev.pk
    )

    migrate(AFTER)

    moved = {(p.record_type, p.operation): p for p in Proposal.objects.all()}
    update, move = moved["item", "update"], moved["item", "move"]
    assert (update.record_id, update.action, update.status) == (flight.pk, "backlog", "pending")
    assert (update.payload, update.base_version, update.proposed_by_id) == (
        {"changes": {"title": "Fly 40 minutes"}},
        2,
        team.pm.pk,
    )
    assert update.base_values == {"title": "Longer flight"}
    assert update.record_label == f"{flight.key} Longer flight"
    assert not proposals.is_outdated(update)
    assert (move.status, move.reason, move.decided_by_id) == ("declined", "Not now", team.po.pk)
    add, remove = moved["sprint", "add"], moved["sprint", "remove"]
    assert (add.record_id, add.action, add.payload) == (
        sprint.pk,
        "sprint",
        {"item": flight.key, "add": True},
    )
    assert remove.payload == {"item": log.key, "add": False}
    assert add.record_label == sprint.name

    services.sprint_suggestion_accept(access=team.access(PO), suggestion=add)
    backlog_services.proposal_accept(access=team.access(PO), proposal_id=update.pk)
    flight.refresh_from_db()
    assert flight.title == "Fly 40 minutes"
    live = SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True)
    assert set(live.values_list("item_id", flat=True)) == {flight.pk, log.pk}
