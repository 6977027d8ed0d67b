"""The roll-ups equal a full recomputation after any sequence of writes.

Random sequences (fixed seeds, so a failure replays) of the writes people and
tools make — creating, editing, moving between epics and initiatives,
archiving, restoring, bulk updates that bypass the services, hard deletes —
then the maintained rows are compared with ``rollups.recompute`` and the
figures the pages show with a scan of the items written here by hand.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.backlog import rollups, selectors, services
from tandem.backlog.models import HealthRollup, Item, Kind, Status, WorkRollup
from tandem.backlog.selectors.initiatives import initiative_work
from tandem.strategy.models import Initiative
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Membership, Role
from tandem.workspace.selectors import product_access

pytestmark = pytest.mark.django_db

STATUSES = [Status.NEW, Status.READY, Status.IN_PROGRESS, Status.DONE]
ESTIMATES = [None, 1, 2, 3, 5, 8]
SCORES = [None, 1, 5, 10]


def _maintained(access: ProductAccess) -> tuple[dict[Any, Any], dict[Any, Any]]:
    work = {
        (r.initiative_key, r.parent_key): (r.items, r.stories, r.points, r.done_points)
        for r in WorkRollup.objects.filter(product=access.product)
        if r.items or r.stories or r.points or r.done_points
    }
    health = {
        r.updated_on: (r.open_items, r.not_ready, r.unestimated, r.unscored)
        for r in HealthRollup.objects.filter(product=access.product)
        if r.open_items or r.not_ready or r.unestimated or r.unscored
    }
    return work, health


def _by_hand(access: ProductAccess) -> dict[str, Any]:
    """What the pages should say, from every item of the product, in Python."""
    live = list(Item.objects.filter(product=access.product, archived_at__isnull=True))
    epics = {i.pk: i.initiative_id for i in live if i.kind == Kind.EPIC}
    points: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    untraced = 0
    for item in live:
        if item.kind == Kind.EPIC:
            continue
        served = item.initiative_id or epics.get(item.parent_id or 0)
        if served is None:
            untraced += item.estimate or 0
            continue
        points[served][0] += (item.estimate or 0) if item.status in ("done", "accepted") else 0
        points[served][1] += item.estimate or 0
        points[served][2] += 1
    cutoff = selectors.stale_cutoff(access)
    open_ = [i for i in live if i.status not in ("done", "accepted")]
    return {
        "points": {k: tuple(v) for k, v in points.items() if v[2]},
        "untraced": untraced,
        "open": len(open_),
        "not_ready": sum(1 for i in open_ if not i.is_ready and i.kind == Kind.STORY),
        "stale": sum(1 for i in open_ if i.updated_at < cutoff),
        "unestimated": sum(1 for i in open_ if i.estimate is None and i.kind != Kind.EPIC),
        "unscored": sum(
            1 for i in open_ if (i.value is None or i.effort is None) and i.kind != Kind.EPIC
        ),
    }


def _as_pages_say(access: ProductAccess) -> dict[str, Any]:
    work = initiative_work(access)
    health = selectors.backlog_health(access=access)
    return {
        "points": {
            k: (w.done_points, w.total_points, w.items)
            for k, w in work.by_initiative.items()
            if w.items
        },
        "untraced": work.untraced_points,
        "open": health.open_items,
        "not_ready": health.not_ready,
        "stale": health.stale,
        "unestimated": health.unestimated,
        "unscored": selectors.unscored_count(access=access),
    }


def _write(rng: random.Random, access: ProductAccess, initiatives: list[int]) -> None:
    items = list(Item.objects.filter(product=access.product).order_by("pk"))
    epics = [i for i in items if i.kind == Kind.EPIC and i.archived_at is None]
    live = [i for i in items if i.archived_at is None]
    move = rng.choice(["create", "create", "update", "update", "archive", "restore", "bulk", "old"])
    if move == "create" or not live:
        kind = rng.choice([Kind.EPIC, Kind.STORY, Kind.STORY, Kind.BUG, Kind.TASK])
        fields: dict[str, Any] = {
            "title": f"Item {rng.randrange(10**6)}",
            "kind": kind,
            "status": rng.choice(STATUSES),
            "estimate": rng.choice(ESTIMATES),
            "value": rng.choice(SCORES),
            "effort": rng.choice(SCORES),
        }
        if kind != Kind.EPIC and epics and rng.random() < 0.7:
            fields["parent"] = f"{access.product.key}-{rng.choice(epics).number}"
        if initiatives and rng.random() < 0.4:
            fields["initiative"] = rng.choice(initiatives)
        services.item_create(access=access, fields=fields)
    elif move == "update":
        item = rng.choice(live)
        changes: dict[str, Any] = rng.choice(
            [
                {"status": rng.choice(STATUSES)},
                {"estimate": rng.choice(ESTIMATES)},
                {"value": rng.choice(SCORES), "effort": rng.choice(SCORES)},
                {"initiative": rng.choice([*initiatives, None])},
                {"parent": None}
                if item.kind == Kind.EPIC or not epics
                else {"parent": f"{access.product.key}-{rng.choice(epics).number}"},
            ]
        )
        services.item_update(
            access=access, item=item, changes=changes, expected_version=item.version
        )
    elif move == "archive":
        services.item_archive(access=access, item=rng.choice(live))
    elif move == "restore":
        archived = [i for i in items if i.archived_at is not None]
        if archived:
            services.item_restore(access=access, item=rng.choice(archived))
    elif move == "bulk":  # an import or a script writing rows without the services
        ids = [i.pk for i in rng.sample(live, min(3, len(live)))]
        Item.objects.filter(pk__in=ids).update(
            status=rng.choice(STATUSES), estimate=rng.choice(ESTIMATES)
        )
    else:  # an item nobody touched for months, some of it on the cutoff day itself
        days = rng.choice([3, 40, 400, access.product.stale_after_days])
        Item.objects.filter(pk=rng.choice(live).pk).update(
            updated_at=timezone.now() - timedelta(days=days, minutes=rng.randrange(600))
        )


@pytest.fixture
def deciding(team) -> tuple[ProductAccess, list[int]]:  # type: ignore[no-untyped-def]
    """The PO who also holds the PM role, so every write applies instead of being proposed."""
    Membership.objects.create(user=team.po, product=team.product, role=Role.PRODUCT_MANAGER)
    initiatives = [
        Initiative.objects.create(product=team.product, title=f"Initiative {n}").pk
        for n in range(3)
    ]
    return product_access(user=team.po, product_key=team.product.key), initiatives


@pytest.mark.parametrize("seed", range(6))
def test_roll_ups_equal_a_full_recomputation_after_random_writes(seed: int, deciding) -> None:  # type: ignore[no-untyped-def]
    access, initiatives = deciding
    rng = random.Random(seed)
    for step in range(45):
        _write(rng, access, initiatives)
        if step % 15 == 14:
            assert _as_pages_say(access) == _by_hand(access)
    maintained = _maintained(access)
    work, health = maintained  # the sequence wrote work and open items
    assert work
    assert health
    rollups.recompute(access.product)
    assert _maintained(access) == maintained
    assert _as_pages_say(access) == _by_hand(access)


def test_relinking_an_epic_moves_its_stories_on_the_roadmap(deciding) -> None:  # type: ignore[no-untyped-def]
    access, (first, second, _) = deciding
    epic = services.item_create(access=access, fields={"title": "Epic", "kind": Kind.EPIC})
    for estimate in (3, 5):
        services.item_create(
            access=access, fields={"title": "Story", "parent": epic.key, "estimate": estimate}
        )
    services.item_update(
        access=access, item=epic, changes={"initiative": first}, expected_version=epic.version
    )
    assert initiative_work(access).by_initiative[first].total_points == 8
    epic.refresh_from_db()
    services.item_update(
        access=access, item=epic, changes={"initiative": second}, expected_version=epic.version
    )
    work = initiative_work(access).by_initiative
    assert work[second].total_points == 8
    assert first not in work or work[first].total_points == 0


def test_hard_deleting_items_takes_them_out_of_the_sums(deciding) -> None:  # type: ignore[no-untyped-def]
    access, _ = deciding
    for estimate in (1, 2):
        services.item_create(access=access, fields={"title": "Story", "estimate": estimate})
    Item.objects.filter(product=access.product).delete()
    assert selectors.backlog_health(access=access).open_items == 0
    assert initiative_work(access).untraced_points == 0


def test_recompute_command_repairs_damaged_sums(deciding) -> None:  # type: ignore[no-untyped-def]
    access, _ = deciding
    services.item_create(access=access, fields={"title": "Story", "estimate": 5})
    WorkRollup.objects.filter(product=access.product).update(points=999)
    HealthRollup.objects.filter(product=access.product).delete()
    call_command("recompute", "--product", access.product.key)
    assert initiative_work(access).untraced_points == 5
    assert selectors.backlog_health(access=access).open_items == 1


def test_seeded_items_are_in_the_sums(deciding) -> None:  # type: ignore[no-untyped-def]
    from tandem.backlog.seeding import seed_backlog

    access, _ = deciding
    seed_backlog(product=access.product, count=400)
    assert _as_pages_say(access) == _by_hand(access)
