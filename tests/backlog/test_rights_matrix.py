"""Who may do what to the backlog, role by role, checked against DESIGN.md §2.

The expected outcomes below are written by hand from the rights table, not read
from ``tandem.workspace.rights``, so a change to either shows up here:

| §2 row                                     | PM      | PO     | team    | holder  | viewer |
| ------------------------------------------ | ------- | ------ | ------- | ------- | ------ |
| backlog order, story content, criteria     | propose | decide | propose | read    | read   |
| accept or reject a done item               | —       | decide | —       | —       | —      |
| item status, tasks, comments, impediments  | edit    | edit   | edit    | comment | read   |

"decide" and "edit" apply the write; "propose" turns it into a suggestion for
the Product Owner; "comment" allows comments only; "read" and "—" refuse. The
outsider belongs to another organization and never learns the product exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import pytest

from tandem.backlog import services
from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied
from tandem.workspace.models import Event, Organization, Proposal, ProposalStatus
from tandem.workspace.selectors import product_access
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


class Outcome(StrEnum):
    APPLIES = "applies"
    PROPOSES = "becomes a proposal"
    REFUSED = "refused"
    HIDDEN = "not found"


A, P, R, H = Outcome.APPLIES, Outcome.PROPOSES, Outcome.REFUSED, Outcome.HIDDEN
WHO = ("product_manager", "product_owner", "team_member", "stakeholder", "viewer", "outsider")

# fmt: off
EXPECTED: dict[str, tuple[Outcome, ...]] = {
    # action                 PM  PO  team hold view out     §2 row
    "create a story":       (A,  A,  A,  R,  R,  H),  # story content; a proposer's goes last
    "create a task":        (A,  A,  A,  R,  R,  H),  # tasks
    "edit story content":   (P,  A,  P,  R,  R,  H),  # story content
    "change the status":    (A,  A,  A,  R,  R,  H),  # item status
    "estimate":             (A,  A,  A,  R,  R,  H),  # item status: the team sizes its work
    "accept a done item":   (R,  A,  R,  R,  R,  H),  # accept or reject a done item
    "add a criterion":      (P,  A,  P,  R,  R,  H),  # acceptance criteria
    "edit a criterion":     (P,  A,  P,  R,  R,  H),  # acceptance criteria
    "remove a criterion":   (P,  A,  P,  R,  R,  H),  # acceptance criteria
    "tick a criterion off": (A,  A,  A,  R,  R,  H),  # item status: doing the work
    "comment":              (A,  A,  A,  A,  R,  H),  # comments
    "add a link":           (A,  A,  A,  R,  R,  H),  # tasks: mockups and documents
    "archive":              (P,  A,  P,  R,  R,  H),  # backlog content
    "restore":              (P,  A,  P,  R,  R,  H),  # backlog content
    "bulk archive":         (P,  A,  P,  R,  R,  H),  # backlog content
    "bulk estimate":        (A,  A,  A,  R,  R,  H),  # item status
    "bulk move":            (P,  A,  P,  R,  R,  H),  # backlog order
    "move":                 (P,  A,  P,  R,  R,  H),  # backlog order
    "accept a proposal":    (R,  A,  R,  R,  R,  H),  # decides backlog order, content
    "decline a proposal":   (R,  A,  R,  R,  R,  H),  # decides backlog order, content
}
# fmt: on


@dataclass
class Scene:
    """A small backlog the Product Owner built: every action has something to act on."""

    story: Item
    other: Item
    last: Item
    done: Item
    archived: Item
    criterion: AcceptanceCriterion
    proposal: Proposal


@pytest.fixture
def scene(team) -> Scene:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")

    def story(title: str) -> Item:
        return services.item_create(access=po, fields={"title": title, "as_a": "pilot"})

    story_item, other, last, done, archived = (
        story(t) for t in ("Longer flight", "Flight logs", "Offline maps", "Return home", "Old")
    )
    services.item_update(
        access=po, item=done, changes={"status": "done"}, expected_version=done.version
    )
    services.item_archive(access=po, item=archived)
    criterion = services.criterion_add(
        access=po, item=story_item, fields={"text": "Flies 40 minutes"}
    )
    proposal = services.item_move(
        access=team.access("product_manager"), item=other, position="top"
    ).proposal
    assert proposal is not None
    for item in (story_item, done):
        item.refresh_from_db()
    return Scene(story_item, other, last, done, archived, criterion, proposal)


Act = Callable[[Scene, ProductAccess], object]

ACTIONS: dict[str, Act] = {
    "create a story": lambda s, a: services.item_create(access=a, fields={"title": "Night mode"}),
    "create a task": lambda s, a: services.item_create(
        access=a, fields={"title": "Update SDK", "kind": "task"}
    ),
    "edit story content": lambda s, a: services.item_update(
        access=a,
        item=s.story,
        changes={"title": "Fly 40 minutes", "as_a": "wedding filmer"},
        expected_version=s.story.version,
    ),
    "change the status": lambda s, a: services.item_update(
        access=a, item=s.story, changes={"status": "in_progress"}, expected_version=s.story.version
    ),
    "estimate": lambda s, a: services.item_update(
        access=a, item=s.story, changes={"estimate": 5}, expected_version=s.story.version
    ),
    "accept a done item": lambda s, a: services.item_update(
        access=a, item=s.done, changes={"status": "accepted"}, expected_version=s.done.version
    ),
    "add a criterion": lambda s, a: services.criterion_add(
        access=a, item=s.story, fields={"text": "Battery warning at 10%"}
    ),
    "edit a criterion": lambda s, a: services.criterion_update(
        access=a,
        criterion_id=s.criterion.pk,
        fields={"text": "Flies 45 minutes"},
        expected_version=s.criterion.version,
    ),
    "remove a criterion": lambda s, a: services.criterion_remove(
        access=a, criterion_id=s.criterion.pk
    ),
    "tick a criterion off": lambda s, a: services.criterion_check(
        access=a, criterion_id=s.criterion.pk, is_met=True
    ),
    "comment": lambda s, a: services.comment_add(
        access=a, item=s.story, body="Which battery?", is_question=True
    ),
    "add a link": lambda s, a: services.link_add(
        access=a, item=s.story, url="https://example.test/mockup", kind="mockup"
    ),
    "archive": lambda s, a: services.item_archive(access=a, item=s.story),
    "restore": lambda s, a: services.item_restore(access=a, item=s.archived),
    "bulk archive": lambda s, a: services.items_bulk_archive(
        access=a, item_ids=[s.story.pk, s.other.pk]
    ),
    "bulk estimate": lambda s, a: services.items_bulk_estimate(
        access=a, item_ids=[s.story.pk, s.other.pk], estimate=3
    ),
    "bulk move": lambda s, a: services.items_bulk_move(
        access=a, item_ids=[s.last.pk], position="top"
    ),
    "move": lambda s, a: services.item_move(access=a, item=s.last, position="top"),
    "accept a proposal": lambda s, a: services.proposal_accept(access=a, proposal_id=s.proposal.pk),
    "decline a proposal": lambda s, a: services.proposal_decline(
        access=a, proposal_id=s.proposal.pk, reason="Not now"
    ),
}


def _person(team, who: str):  # type: ignore[no-untyped-def]
    return team.outsider if who == "outsider" else team.person(who)


def _attempt(team, scene: Scene, action: str, who: str) -> Outcome:  # type: ignore[no-untyped-def]
    """Try the action the way the API does: look up the caller's access, then write."""
    waiting = Proposal.objects.filter(record_type="item", status=ProposalStatus.PENDING).count()
    try:
        access = product_access(user=_person(team, who), product_key="DRN")
        ACTIONS[action](scene, access)
    except NotFound:
        return Outcome.HIDDEN
    except PermissionDenied:
        return Outcome.REFUSED
    proposed = (
        Proposal.objects.filter(record_type="item", status=ProposalStatus.PENDING).count() > waiting
    )
    return Outcome.PROPOSES if proposed else Outcome.APPLIES


MATRIX = [
    pytest.param(
        action,
        who,
        outcome,
        id=f"{who} {action}",
    )
    for action, outcomes in EXPECTED.items()
    for who, outcome in zip(WHO, outcomes, strict=True)
]


def test_every_action_is_in_the_table() -> None:
    assert set(ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize(("action", "who", "expected"), MATRIX)
def test_each_role_gets_the_outcome_the_rights_table_promises(  # type: ignore[no-untyped-def]
    team, scene, action: str, who: str, expected: Outcome
) -> None:
    assert _attempt(team, scene, action, who) == expected


@pytest.mark.parametrize("who", ["stakeholder", "viewer", "team_member", "product_manager"])
def test_a_refused_or_proposed_edit_leaves_the_story_as_it_was(  # type: ignore[no-untyped-def]
    team, scene, who: str
) -> None:
    _attempt(team, scene, "edit story content", who)
    scene.story.refresh_from_db()
    assert (scene.story.title, scene.story.as_a, scene.story.version) == (
        "Longer flight",
        "pilot",
        2,
    )


def _override(team, overrides: dict[str, dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    Organization.objects.filter(pk=team.product.organization_id).update(rights_overrides=overrides)


def test_an_organization_can_let_the_team_decide_backlog_order(team, scene) -> None:  # type: ignore[no-untyped-def]
    _override(team, {"team_member": {"backlog": "decide"}})
    assert _attempt(team, scene, "move", "team_member") == Outcome.APPLIES
    assert _attempt(team, scene, "edit story content", "team_member") == Outcome.APPLIES


def test_an_organization_can_stop_the_team_changing_status(team, scene) -> None:  # type: ignore[no-untyped-def]
    _override(team, {"team_member": {"work": "read"}})
    assert _attempt(team, scene, "change the status", "team_member") == Outcome.REFUSED
    assert _attempt(team, scene, "comment", "team_member") == Outcome.REFUSED


def test_an_organization_can_silence_stakeholders(team, scene) -> None:  # type: ignore[no-untyped-def]
    _override(team, {"stakeholder": {"work": "read"}})
    assert _attempt(team, scene, "comment", "stakeholder") == Outcome.REFUSED


def test_another_organizations_overrides_change_nothing_here(team, scene) -> None:  # type: ignore[no-untyped-def]
    Organization.objects.filter(pk=team.outsider_product.organization_id).update(
        rights_overrides={"team_member": {"backlog": "decide"}}
    )
    assert _attempt(team, scene, "move", "team_member") == Outcome.PROPOSES


def test_a_person_who_is_both_pm_and_po_decides(team, scene) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(user=team.pm, product=team.product, role="product_owner")
    assert _attempt(team, scene, "move", "product_manager") == Outcome.APPLIES


PROPOSED_ELSEWHERE = [
    "add a criterion",
    "edit a criterion",
    "remove a criterion",
    "archive",
    "restore",
    "bulk archive",
    "bulk move",
]


@pytest.mark.parametrize("action", PROPOSED_ELSEWHERE)
def test_a_proposal_changes_nothing_until_the_product_owner_accepts_it(  # type: ignore[no-untyped-def]
    team, scene, action: str
) -> None:
    before = _state(scene)
    _attempt(team, scene, action, "team_member")
    assert _state(scene) == before
    for proposal in Proposal.objects.filter(
        record_type="item", status=ProposalStatus.PENDING, proposed_by=team.dev
    ):
        services.proposal_accept(access=team.access("product_owner"), proposal_id=proposal.pk)
    assert _state(scene) != before


def _state(scene: Scene) -> tuple[object, ...]:
    """What the proposable actions change: criteria, what is archived, the order."""
    criteria = tuple(
        scene.story.criteria.filter(archived_at__isnull=True).values_list("text", flat=True)
    )
    archived = tuple(
        Item.objects.filter(archived_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    order = tuple(
        Item.objects.filter(archived_at__isnull=True)
        .order_by("rank", "id")
        .values_list("pk", flat=True)
    )
    return criteria, archived, order


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_write_the_product_owner_makes_is_audited_in_their_name(  # type: ignore[no-untyped-def]
    team, scene, action: str
) -> None:
    latest = Event.objects.order_by("-id").values_list("id", flat=True).first()
    ACTIONS[action](scene, team.access("product_owner"))
    new_events = Event.objects.filter(id__gt=latest)
    assert new_events.exists()
    assert set(new_events.values_list("actor", flat=True)) == {team.po.pk}
    assert all(e.product_id == team.product.pk for e in new_events)
