"""Synthetic backlogs for load tests: plausible items, written in bulk.

Seeding bypasses the per-item services on purpose: a million audited writes
would take hours and fill the audit log with noise. It records one audit event
for the whole load instead, and it computes scores and readiness with the same
``refresh_derived`` the services use.

Rows go to the database by the fastest plain path each engine has (``COPY`` on
PostgreSQL, one prepared ``executemany`` per batch elsewhere), with rank keys
generated in order, so a million items take minutes, not hours. The column list
is read from the models, so a new column with a default needs no change here.

What a seeded product holds besides its stories: an epic per 200 items, linked
(four in five) to the product's live initiatives when it has any; labels; the
product's team members and Product Owners as assignees of the work in flight
and done; and titles that now and then name a field site, which makes a few
rare words to search for.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from tandem.core import stories
from tandem.core.ranking import keys_between
from tandem.strategy.selectors import initiative_choices
from tandem.workspace import sqlite_upkeep
from tandem.workspace.audit import record_event
from tandem.workspace.bulk_values import value_preparer
from tandem.workspace.models import Membership, Product, Role, User

from .models import Item, Kind, Label, MoSCoW, Status
from .seeding_words import CAPABILITIES, EPIC_THEMES, LABELS, PERSONAS, SITE_SHARE, SITES, VARIANTS
from .services.items import refresh_derived

STATUSES = (Status.NEW, Status.READY, Status.IN_PROGRESS, Status.DONE, Status.ACCEPTED)
STATUS_WEIGHTS = (55, 25, 8, 7, 5)
MOSCOW_CHOICES = (*(str(m) for m in MoSCoW), "")
ASSIGNED_STATUSES = frozenset({Status.IN_PROGRESS, Status.DONE, Status.ACCEPTED})
ASSIGNEE_ROLES = (Role.TEAM_MEMBER, Role.PRODUCT_OWNER)
ITEMS_PER_EPIC = 200
LINKED_EPIC_SHARE = 0.8


@dataclass(frozen=True)
class SeedResult:
    product: Product
    created: int
    epics: int
    linked_epics: int = 0
    assigned: int = 0


class _Rows:
    """Plain INSERTs of one model's rows: its columns, its defaults, each engine's fast path."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = model._meta.db_table
        self.columns = [connection.ops.quote_name(f.column or f.attname) for f in fields]
        self.fields = [(f.attname, f.get_default(), value_preparer(f)) for f in fields]

    def insert(self, rows: Iterable[dict[str, Any]]) -> int:
        fields = self.fields
        prepared = [
            tuple(prep(row.get(name, default)) for name, default, prep in fields) for row in rows
        ]
        if not prepared:
            return 0
        columns = ", ".join(self.columns)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)
        return len(prepared)


def _ids_by_number(product: Product, first: int, stop: int) -> dict[int, int]:
    return dict(
        Item.objects.filter(product=product, number__gte=first, number__lt=stop).values_list(
            "number", "pk"
        )
    )


def _story(
    rng: random.Random,
    number: int,
    rank: str,
    epic_id: int,
    age: timedelta,
    now: datetime,
    assignees: Sequence[int],
) -> dict[str, Any]:
    want, so_that = rng.choice(CAPABILITIES)
    variant = rng.choice(VARIANTS)
    if rng.random() < SITE_SHARE:
        variant += f" at {rng.choice(SITES)}"
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    assigned = bool(assignees) and (status in ASSIGNED_STATUSES or rng.random() < 0.1)
    row = SimpleNamespace(
        number=number,
        kind=rng.choices((Kind.STORY, Kind.TASK, Kind.BUG), (80, 12, 8))[0],
        title=f"{want[0].upper()}{want[1:]}{variant}"[:200],
        as_a=rng.choice(PERSONAS),
        i_want=f"{want}{variant}",
        so_that=so_that,
        status=str(status),
        rank=rank,
        estimate=rng.choice(stories.STORY_POINT_SCALE[1:]) if rng.random() < 0.8 else None,
        parent_id=epic_id,
        assignee_id=rng.choice(assignees) if assigned else None,
        value=rng.randint(1, 10),
        effort=rng.randint(1, 10),
        reach=rng.randint(50, 20_000),
        impact=rng.choice((0.25, 0.5, 1.0, 2.0, 3.0)),
        confidence=rng.choice((50, 80, 100)),
        rice_effort=float(rng.choice((0.5, 1, 2, 3, 5))),
        business_value=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        time_criticality=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        risk_reduction=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        job_size=rng.choice((1, 2, 3, 5, 8, 13, 20)),
        moscow=rng.choice(MOSCOW_CHOICES),
        criteria_count=rng.choice((0, 1, 2, 3)),
        created_at=now - age,
        updated_at=now - age * rng.random(),
    )
    # The services' own derivation (scores, Definition of Ready) on a plain row.
    refresh_derived(cast(Item, row))
    return vars(row)


def _batches(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _assignees(product: Product) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(product=product, role__in=ASSIGNEE_ROLES).values_list(
                "user_id", flat=True
            )
        )
    )


def _epics(
    rng: random.Random,
    product: Product,
    first_number: int,
    ranks: Sequence[str],
    count: int,
    initiatives: Sequence[int],
    now: datetime,
) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        linked = bool(initiatives) and rng.random() < LINKED_EPIC_SHARE
        rows.append(
            {
                "product_id": product.pk,
                "number": first_number + i,
                "kind": str(Kind.EPIC),
                "title": f"{EPIC_THEMES[i % len(EPIC_THEMES)]} {i // len(EPIC_THEMES) + 1}",
                "rank": ranks[i],
                "status": str(Status.NEW),
                "initiative_id": initiatives[i % len(initiatives)] if linked else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


@transaction.atomic
def seed_backlog(
    *,
    product: Product,
    count: int,
    seed: int = 42,
    actor: User | None = None,
    progress: Callable[[int], None] = lambda n: None,
    batch_size: int = 10_000,
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
    label_ids = [Label.objects.get_or_create(product=product, name=n)[0].pk for n in LABELS]
    initiatives = [pk for pk, _ in initiative_choices(product)]
    assignees = _assignees(product)
    now = timezone.now()
    items, links = _Rows(Item), _Rows(Item.labels.through)

    epic_rows = _epics(
        rng,
        product,
        first_number,
        ranks,
        min(max(1, count // ITEMS_PER_EPIC), count),
        initiatives,
        now,
    )
    items.insert(epic_rows)
    created = len(epic_rows)
    epic_ids = list(_ids_by_number(product, first_number, first_number + created).values())
    progress(created)
    assigned = 0
    for size in _batches(count - created, batch_size):
        start = first_number + created
        rows = []
        for offset in range(size):
            age = timedelta(days=rng.randint(0, 400))
            row = _story(
                rng,
                start + offset,
                ranks[created + offset],
                rng.choice(epic_ids),
                age,
                now,
                assignees,
            )
            row["product_id"] = product.pk
            assigned += row["assignee_id"] is not None
            rows.append(row)
        items.insert(rows)
        ids = _ids_by_number(product, start, start + size)
        links.insert(
            {"item_id": ids[row["number"]], "label_id": rng.choice(label_ids)}
            for row in rows
            if rng.random() < 0.6
        )
        created += size
        progress(size)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh planner statistics for the new rows
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Item._meta.db_table)}")
    else:
        sqlite_upkeep.analyze(connection)
    linked = sum(1 for row in epic_rows if row["initiative_id"] is not None)
    record_event(
        actor=actor,
        product=product,
        verb="backlog.seeded",
        object_type="product",
        object_id=product.pk,
        object_label=str(product),
        after={
            "items": created,
            "seed": seed,
            "epics": len(epic_rows),
            "linked_epics": linked,
            "assigned": assigned,
        },
    )
    return SeedResult(
        product=product,
        created=created,
        epics=len(epic_rows),
        linked_epics=linked,
        assigned=assigned,
    )
