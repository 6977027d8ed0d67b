"""Who may do what on the release side, role by role, checked against DESIGN.md §2.

Written by hand from the rights table, not read from ``tandem.workspace.rights``,
so a change to either shows up here:

| §2 row                                         | PM      | PO      | team | holder | viewer |
| ---------------------------------------------- | ------- | ------- | ---- | ------ | ------ |
| go-to-market (launches)                        | decide  | propose | read | read   | read   |
| backlog order (what ships in which release)    | propose | decide  | prop.| read   | read   |
| sprint goal and content (the review's record)  | read    | decide  | prop.| read   | read   |
| accept or reject a done item                   | —       | decide  | —    | —      | —      |
| item status, tasks (test cases and runs)       | edit    | edit    | edit | comment| read   |

A release is the Product Owner's call, so a PM's or team member's attempt is
refused rather than proposed. "Proposes" marks the PO's launch, which waits for
the PM. The outsider acts from another organization and never finds the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import pytest

from tandem.backlog.models import Item
from tandem.delivery import services
from tandem.delivery.models import Launch, LaunchState, Release, Sprint
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .factories import make_increment

pytestmark = pytest.mark.django_db


class Outcome(StrEnum):
    APPLIES = "applies"
    PROPOSES = "becomes a proposal"
    REFUSED = "refused"
    HIDDEN = "not found"


A, P, R, H = Outcome.APPLIES, Outcome.PROPOSES, Outcome.REFUSED, Outcome.HIDDEN
WHO = ("product_manager", "product_owner", "team_member", "stakeholder", "viewer", "outsider")


@dataclass
class World:
    team: Team
    item: Item
    sprint: Sprint
    release: Release
    launch: Launch


Action = Callable[[ProductAccess, World], Outcome]


def _applies(_: object) -> Outcome:
    return A


def _launch_state(launch: Launch) -> Outcome:
    return A if launch.state == LaunchState.APPROVED else P


ACTIONS: dict[str, Action] = {
    "plan a release": lambda a, w: _applies(
        services.release_create(access=a, fields={"name": "9.9"})
    ),
    "change a release's scope": lambda a, w: _applies(
        services.release_update(
            access=a,
            release_id=w.release.pk,
            changes={"items": []},
            expected_version=w.release.version,
        )
    ),
    "accept a done item": lambda a, w: _applies(
        services.item_accept(access=a, item=w.item, expected_version=w.item.version)
    ),
    "reject a done item": lambda a, w: _applies(
        services.item_reject(access=a, item=w.item, reason="No", expected_version=w.item.version)
    ),
    "record the review": lambda a, w: _applies(
        services.review_update(access=a, sprint_id=w.sprint.pk, feedback="Good", expected_version=0)
    ),
    "write a test case": lambda a, w: _applies(
        services.case_create(access=a, item=w.item, fields={"title": "Hover"})
    ),
    "record a test run": lambda a, w: _applies(
        services.run_record(
            access=a,
            item=w.item,
            results={
                services.case_create(
                    access=w.team.access("team_member"), item=w.item, fields={"title": "x"}
                ).pk: "passed"
            },
        )
    ),
    "start a launch": lambda a, w: _launch_state(
        services.launch_create(
            access=a,
            release_id=services.release_create(
                access=w.team.access("product_owner"), fields={"name": "launch me"}
            ).pk,
        )
    ),
    "approve a launch": lambda a, w: _applies(
        services.launch_decide(
            access=a, launch_id=w.launch.pk, approve=True, expected_version=w.launch.version
        )
    ),
    "edit the launch template": lambda a, w: _applies(
        services.launch_template_update(access=a, tasks=[("Pricing", 7)], expected_version=0)
    ),
    "tick someone else's launch task": lambda a, w: _applies(
        services.launch_task_check(
            access=a,
            task_id=w.launch.tasks.first().pk,  # type: ignore[union-attr]
            done=True,
            expected_version=w.launch.tasks.first().version,  # type: ignore[union-attr]
        )
    ),
}

# fmt: off
EXPECTED: dict[str, tuple[Outcome, ...]] = {
    # action                              PM PO team hold view out
    "plan a release":                   (R, A, R, R, R, H),
    "change a release's scope":         (R, A, R, R, R, H),
    "accept a done item":               (R, A, R, R, R, H),
    "reject a done item":               (R, A, R, R, R, H),
    "record the review":                (R, A, R, R, R, H),
    "write a test case":                (A, A, A, R, R, H),
    "record a test run":                (A, A, A, R, R, H),
    "start a launch":                   (A, P, R, R, R, H),
    "approve a launch":                 (A, R, R, R, R, H),
    "edit the launch template":         (A, R, R, R, R, H),
    "tick someone else's launch task":  (A, A, R, R, R, H),
}
# fmt: on

CASES = [
    pytest.param(action, who, EXPECTED[action][index], id=f"{who}-{action}")
    for action in ACTIONS
    for index, who in enumerate(WHO)
]


def _world(team: Team) -> World:
    increment = make_increment(team)
    po = team.access("product_owner")
    release = services.release_create(access=po, fields={"name": "2.0"})
    proposed = services.launch_create(access=po, release_id=release.pk)
    return World(
        team=team, item=increment.item, sprint=increment.sprint, release=release, launch=proposed
    )


# Actions on the product itself: the outsider cannot even open it. The others name
# records by id: the outsider tries them from their own product and must not find them.
ON_THE_PRODUCT = {"plan a release", "edit the launch template"}


def _acting(team: Team, who: str, action: str) -> Callable[[], ProductAccess]:
    if who != "outsider":
        return lambda: team.access(who)
    product = team.product if action in ON_THE_PRODUCT else team.outsider_product
    return lambda: product_access(user=team.outsider, product_key=product.key)


@pytest.mark.parametrize(("action", "who", "expected"), CASES)
def test_the_release_side_follows_the_rights_table(
    team: Team, action: str, who: str, expected: Outcome
) -> None:
    world = _world(team)
    try:
        outcome = ACTIONS[action](_acting(team, who, action)(), world)
    except PermissionDenied:
        outcome = R
    except NotFound:
        outcome = H
    assert outcome == expected
