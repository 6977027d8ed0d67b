"""Synthetic backlogs for load tests: plausible items, written in bulk.

Seeding bypasses the per-item services on purpose: 100,000 audited writes
would take minutes and fill the audit log with noise. It records one audit
event for the whole load instead, and it computes scores and readiness with
the same ``core`` functions the services use.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tandem.core import stories
from tandem.core.ranking import keys_between
from tandem.workspace.audit import record_event
from tandem.workspace.models import Product, User

from .models import Item, Kind, Label, MoSCoW, Status
from .services.items import refresh_derived

PERSONAS = (
    "pilot",
    "first-time flyer",
    "wedding videographer",
    "surveyor",
    "farmer",
    "search-and-rescue volunteer",
    "real-estate photographer",
    "fleet manager",
    "support agent",
    "store manager",
    "safety officer",
    "film student",
)
CAPABILITIES = (
    ("longer flight time", "I can film a whole event"),
    ("obstacle warnings on the map", "I do not crash in tight spaces"),
    ("a one-tap return to home", "I get the drone back when the signal drops"),
    ("4K HDR video at 60 fps", "my footage looks good on large screens"),
    ("a low-battery countdown", "I land before the battery runs out"),
    ("offline maps", "I can plan flights without mobile coverage"),
    ("a flight logbook export", "I can prove my flying hours"),
    ("automatic firmware updates", "my drone stays safe and legal"),
    ("subject tracking", "I can film myself while cycling"),
    ("geofence alerts", "I never enter a no-fly zone by mistake"),
    ("a live 1080p preview", "I can frame shots precisely"),
    ("battery health reports", "I retire worn batteries in time"),
    ("shared fleet dashboards", "I see where every drone is"),
    ("RAW photo capture", "I can grade colours later"),
    ("a guided first flight", "I feel confident on day one"),
)
EPIC_THEMES = (
    "Camera quality",
    "Flight time",
    "Obstacle avoidance",
    "Flight app",
    "Safety & compliance",
    "Fleet management",
    "Onboarding",
    "Connectivity",
    "Battery",
    "Accessories",
)
LABELS = ("camera", "battery", "app", "safety", "firmware", "ux", "fleet", "maps")
STATUSES = (Status.NEW, Status.READY, Status.IN_PROGRESS, Status.DONE, Status.ACCEPTED)
STATUS_WEIGHTS = (55, 25, 8, 7, 5)


@dataclass(frozen=True)
class SeedResult:
    product: Product
    created: int
    epics: int


def _weighted_status(rng: random.Random) -> str:
    return str(rng.choices(STATUSES, STATUS_WEIGHTS)[0])


def _story(
    rng: random.Random, product: Product, number: int, rank: str, epic_id: int | None
) -> Item:
    persona = rng.choice(PERSONAS)
    want, so_that = rng.choice(CAPABILITIES)
    variant = rng.choice(("", " in cold weather", " for the Pro model", " on Android", " at night"))
    value, effort = rng.randint(1, 10), rng.randint(1, 10)
    item = Item(
        product=product,
        number=number,
        kind=rng.choices((Kind.STORY, Kind.TASK, Kind.BUG), (80, 12, 8))[0],
        title=f"{want[0].upper()}{want[1:]}{variant}"[:200],
        as_a=persona,
        i_want=f"{want}{variant}",
        so_that=so_that,
        status=_weighted_status(rng),
        rank=rank,
        estimate=rng.choice(stories.STORY_POINT_SCALE[1:]) if rng.random() < 0.8 else None,
        parent_id=epic_id,
        value=value,
        effort=effort,
        reach=rng.randint(50, 20_000),
        impact=rng.choice((0.25, 0.5, 1.0, 2.0, 3.0)),
        confidence=rng.choice((50, 80, 100)),
        rice_effort=float(rng.choice((0.5, 1, 2, 3, 5))),
        business_value=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        time_criticality=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        risk_reduction=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        job_size=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        moscow=rng.choice((*MoSCoW.values, "")),
        criteria_count=rng.choice((0, 1, 2, 3)),
    )
    refresh_derived(item)
    return item


def _batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


@transaction.atomic
def seed_backlog(
    *,
    product: Product,
    count: int,
    seed: int = 42,
    actor: User | None = None,
    progress: Callable[[int], None] = lambda n: None,
    batch_size: int = 5_000,
) -> SeedResult:
    """Append ``count`` items (about one epic per 200) below the product's current backlog."""
    rng = random.Random(seed)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    first_number = locked.next_item_number
    Product.objects.filter(pk=product.pk).update(next_item_number=F("next_item_number") + count)
    last_rank = (
        Item.objects.filter(product=product)
        .order_by("-rank")
        .values_list("rank", flat=True)
        .first()
    )
    ranks = keys_between(last_rank, None, count)
    labels = [Label.objects.get_or_create(product=product, name=n)[0] for n in LABELS]
    epic_count = max(1, count // 200)
    now = timezone.now()
    epics = [
        Item(
            product=product,
            number=first_number + i,
            kind=Kind.EPIC,
            title=f"{EPIC_THEMES[i % len(EPIC_THEMES)]} {i // len(EPIC_THEMES) + 1}",
            rank=ranks[i],
            status=Status.NEW,
            created_at=now,
            updated_at=now,
        )
        for i in range(min(epic_count, count))
    ]
    Item.objects.bulk_create(epics)
    progress(len(epics))
    epic_ids = [e.pk for e in epics]
    created = len(epics)
    for size in _batches(count - created, batch_size):
        batch = []
        for offset in range(size):
            index = created + offset
            item = _story(rng, product, first_number + index, ranks[index], rng.choice(epic_ids))
            age = timedelta(days=rng.randint(0, 400))
            item.created_at = now - age
            item.updated_at = now - age * rng.random()
            batch.append(item)
        Item.objects.bulk_create(batch)
        through = [
            Item.labels.through(item_id=item.pk, label_id=rng.choice(labels).pk)
            for item in batch
            if rng.random() < 0.6
        ]
        Item.labels.through.objects.bulk_create(through)
        created += size
        progress(size)
    record_event(
        actor=actor,
        product=product,
        verb="backlog.seeded",
        object_type="product",
        object_id=product.pk,
        object_label=str(product),
        after={"items": created, "seed": seed},
    )
    return SeedResult(product=product, created=created, epics=len(epics))
