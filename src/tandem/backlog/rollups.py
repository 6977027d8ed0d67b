"""Roll-ups of a product's items, kept in step by the database and rebuilt on demand.

Home cards, the roadmap, strategy and alignment show sums over every item of a
product. Computing them on each request costs a scan of the product's items
(seconds at a million); these tables hold the sums instead:

- ``WorkRollup``: live items (not epics, not sub-tasks) per (own initiative, parent epic) — count,
  stories, points, points done. An initiative's progress is resolved from these
  rows and the product's epics, so relinking an epic moves its stories at once.
- ``HealthRollup``: open live items per day of last change — count, not ready,
  unestimated, unscored. "Stale" is the buckets before the cutoff day plus the
  items of that day, read through the ``(product, updated_at)`` index.

Triggers on ``backlog_item`` apply each row's contribution (minus the old row,
plus the new) in the writing transaction, so services, bulk updates, the
seeder's plain inserts and imports all keep the sums right without knowing of
them. On PostgreSQL the trigger takes a transaction-level advisory lock per
product before touching the sums, so two transactions writing several items
each queue instead of deadlocking on the shared rows. ``recompute`` rebuilds
the rows from the items (``tandem recompute``); it is also the reference the
tests compare the maintained sums with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate

from tandem.backlog.models import HealthRollup, Item, Kind, Status, WorkRollup
from tandem.workspace.models import Product

_DONE = ("done", "accepted")
# An epic sums its children; a sub-task is part of its parent's work, not more of it:
# neither adds to the work sums, so an epic's progress counts each story once.
ROLLED_UP_ELSEWHERE = (Kind.EPIC, Kind.SUBTASK)
ADVISORY_LOCK_CLASS = 7301  # first key of the per-product advisory lock

# Columns whose change can move an item's contribution; other updates (rank moves,
# text edits on the same day) leave the sums alone and skip the trigger's work.
WATCHED = (
    "product_id",
    "archived_at",
    "kind",
    "status",
    "estimate",
    "initiative_id",
    "parent_id",
    "is_ready",
    "value",
    "effort",
)


def _flag(condition: str, sign: int) -> str:
    return f"{sign} * (CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _statements(row: str, sign: int, day: str) -> list[str]:
    """The two upserts adding ``sign`` times ``row``'s contribution (``row`` is NEW or OLD)."""
    done = f"{row}.status IN ('done', 'accepted')"
    work = (
        "INSERT INTO backlog_workrollup "
        "(product_id, initiative_key, parent_key, items, stories, points, done_points) "
        f"SELECT {row}.product_id, COALESCE({row}.initiative_id, 0), COALESCE({row}.parent_id, 0), "
        f"{sign}, {_flag(f'{row}.kind = {chr(39)}story{chr(39)}', sign)}, "
        f"{sign} * COALESCE({row}.estimate, 0), "
        f"{sign} * (CASE WHEN {done} THEN COALESCE({row}.estimate, 0) ELSE 0 END) "
        f"WHERE {row}.archived_at IS NULL AND {row}.kind NOT IN ('epic', 'subtask') "
        "ON CONFLICT (product_id, initiative_key, parent_key) DO UPDATE SET "
        "items = backlog_workrollup.items + excluded.items, "
        "stories = backlog_workrollup.stories + excluded.stories, "
        "points = backlog_workrollup.points + excluded.points, "
        "done_points = backlog_workrollup.done_points + excluded.done_points"
    )
    not_epic = f"{row}.kind NOT IN ('epic', 'subtask')"
    health = (
        "INSERT INTO backlog_healthrollup "
        "(product_id, updated_on, open_items, not_ready, unestimated, unscored) "
        f"SELECT {row}.product_id, {day.format(row=row)}, {sign}, "
        f"{_flag(f'NOT {row}.is_ready AND {row}.kind = {chr(39)}story{chr(39)}', sign)}, "
        f"{_flag(f'{row}.estimate IS NULL AND {not_epic}', sign)}, "
        f"{_flag(f'({row}.value IS NULL OR {row}.effort IS NULL) AND {not_epic}', sign)} "
        f"WHERE {row}.archived_at IS NULL AND NOT ({done}) "
        "ON CONFLICT (product_id, updated_on) DO UPDATE SET "
        "open_items = backlog_healthrollup.open_items + excluded.open_items, "
        "not_ready = backlog_healthrollup.not_ready + excluded.not_ready, "
        "unestimated = backlog_healthrollup.unestimated + excluded.unestimated, "
        "unscored = backlog_healthrollup.unscored + excluded.unscored"
    )
    if sign > 0:
        return [work, health]
    # Taking a contribution away only ever changes a row its adding made, so it updates and
    # never inserts: a product being emptied (items deleted after the totals) leaves no
    # total behind that points at a product about to go.
    return [_subtract(work), _subtract(health)]


def _subtract(upsert: str) -> str:
    """The UPDATE half of an upsert built above, for a row that must already exist."""
    table = upsert.split()[2]
    columns = upsert[upsert.index("(") + 1 : upsert.index(")")].split(", ")
    select, _, rest = upsert.partition("SELECT ")[2].partition(" WHERE ")
    condition, _, _ = rest.partition(" ON CONFLICT")
    values = _split_top_level(select)
    keys = columns[: len(columns) - 4]
    sums = columns[len(columns) - 4 :]
    assignments = ", ".join(
        f"{c} = {c} + ({v})" for c, v in zip(sums, values[len(keys) :], strict=True)
    )
    matches = " AND ".join(f"{c} = {v}" for c, v in zip(keys, values, strict=False))
    return f"UPDATE {table} SET {assignments} WHERE {matches} AND {condition}"


def _split_top_level(text: str) -> list[str]:
    """Split a SELECT list on its commas, not those inside parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _changed(distinct: str, day: str) -> str:
    columns = [f"OLD.{c} {distinct} NEW.{c}" for c in WATCHED]
    columns.append(f"{day.format(row='OLD')} {distinct} {day.format(row='NEW')}")
    return " OR ".join(columns)


_SQLITE_DAY = "date({row}.updated_at)"
_PG_DAY = "({row}.updated_at AT TIME ZONE 'UTC')::date"


def _sqlite_triggers() -> list[str]:
    def body(parts: Iterable[tuple[str, int]]) -> str:
        return "".join(
            f"{statement};\n"
            for row, sign in parts
            for statement in _statements(row, sign, _SQLITE_DAY)
        )

    return [
        "CREATE TRIGGER backlog_item_rollup_insert AFTER INSERT ON backlog_item BEGIN\n"
        f"{body([('NEW', 1)])}END",
        "CREATE TRIGGER backlog_item_rollup_update AFTER UPDATE ON backlog_item "
        f"WHEN {_changed('IS NOT', _SQLITE_DAY)} BEGIN\n{body([('OLD', -1), ('NEW', 1)])}END",
        # A product emptied with its items (Django's flush) keeps no totals to correct.
        "CREATE TRIGGER backlog_item_rollup_delete AFTER DELETE ON backlog_item "
        "WHEN EXISTS (SELECT 1 FROM workspace_product WHERE id = OLD.product_id) BEGIN\n"
        f"{body([('OLD', -1)])}END",
    ]


def _pg_triggers() -> list[str]:
    def lock(row: str) -> str:
        return (
            f"PERFORM pg_advisory_xact_lock({ADVISORY_LOCK_CLASS}, "
            f"({row}.product_id % 2147483647)::integer);\n"
        )

    def apply(row: str, sign: int) -> str:
        return lock(row) + "".join(f"{s};\n" for s in _statements(row, sign, _PG_DAY))

    function = (
        "CREATE OR REPLACE FUNCTION backlog_item_rollup() RETURNS trigger "
        "LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"IF TG_OP <> 'INSERT' THEN\n{apply('OLD', -1)}END IF;\n"
        f"IF TG_OP <> 'DELETE' THEN\n{apply('NEW', 1)}END IF;\n"
        "RETURN NULL;\nEND\n$$"
    )
    return [
        function,
        "CREATE TRIGGER backlog_item_rollup_write AFTER INSERT OR DELETE ON backlog_item "
        "FOR EACH ROW EXECUTE FUNCTION backlog_item_rollup()",
        "CREATE TRIGGER backlog_item_rollup_update AFTER UPDATE ON backlog_item FOR EACH ROW "
        f"WHEN ({_changed('IS DISTINCT FROM', _PG_DAY)}) EXECUTE FUNCTION backlog_item_rollup()",
    ]


def trigger_statements(vendor: str) -> list[str]:
    return _pg_triggers() if vendor == "postgresql" else _sqlite_triggers()


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS backlog_item_rollup_write ON backlog_item",
            "DROP TRIGGER IF EXISTS backlog_item_rollup_update ON backlog_item",
            "DROP FUNCTION IF EXISTS backlog_item_rollup()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS backlog_item_rollup_{verb}"
        for verb in ("insert", "update", "delete")
    ]


# --- rebuilding ----------------------------------------------------------------------------


def _work_rows(product: Product) -> list[WorkRollup]:
    groups = (
        Item.objects.filter(product=product, archived_at__isnull=True)
        .exclude(kind__in=ROLLED_UP_ELSEWHERE)
        .values("initiative_id", "parent_id")
        .annotate(
            n=Count("id"),
            n_stories=Count("id", filter=Q(kind=Kind.STORY)),
            total=Coalesce(Sum("estimate"), 0),
            done=Coalesce(Sum("estimate", filter=Q(status__in=_DONE)), 0),
        )
        .order_by()
    )
    return [
        WorkRollup(
            product=product,
            initiative_key=g["initiative_id"] or 0,
            parent_key=g["parent_id"] or 0,
            items=g["n"],
            stories=g["n_stories"],
            points=g["total"],
            done_points=g["done"],
        )
        for g in groups
    ]


def _health_rows(product: Product) -> list[HealthRollup]:
    not_epic = ~Q(kind__in=ROLLED_UP_ELSEWHERE)
    unscored = (Q(value__isnull=True) | Q(effort__isnull=True)) & not_epic
    groups = (
        Item.objects.filter(product=product, archived_at__isnull=True)
        .exclude(status__in=_DONE)
        .annotate(day=TruncDate("updated_at", tzinfo=dt.UTC))
        .values("day")
        .annotate(
            n=Count("id"),
            n_not_ready=Count("id", filter=Q(is_ready=False, kind=Kind.STORY)),
            n_unestimated=Count("id", filter=Q(estimate__isnull=True) & not_epic),
            n_unscored=Count("id", filter=unscored),
        )
        .order_by()
    )
    return [
        HealthRollup(
            product=product,
            updated_on=g["day"],
            open_items=g["n"],
            not_ready=g["n_not_ready"],
            unestimated=g["n_unestimated"],
            unscored=g["n_unscored"],
        )
        for g in groups
    ]


@transaction.atomic
def recompute(product: Product) -> tuple[int, int]:
    """Rebuild one product's roll-ups from its items; the number of rows of each table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, (%s %% 2147483647)::integer)",
                [ADVISORY_LOCK_CLASS, product.pk],
            )
    WorkRollup.objects.filter(product=product).delete()
    HealthRollup.objects.filter(product=product).delete()
    work = WorkRollup.objects.bulk_create(_work_rows(product), batch_size=1000)
    health = HealthRollup.objects.bulk_create(_health_rows(product), batch_size=1000)
    return len(work), len(health)


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkGroup:
    initiative_id: int | None
    parent_id: int | None
    items: int
    stories: int
    points: int
    done_points: int


def work_groups(product: Product) -> list[WorkGroup]:
    """The product's live non-epic work per (own initiative, parent epic); empty groups left out."""
    rows = (
        WorkRollup.objects.filter(product=product, items__gt=0)
        .order_by()
        .values_list("initiative_key", "parent_key", "items", "stories", "points", "done_points")
    )
    return [
        WorkGroup(initiative or None, parent or None, n, stories, points, done)
        for initiative, parent, n, stories, points, done in rows
    ]


@dataclass(frozen=True)
class HealthFigures:
    open_items: int
    not_ready: int
    stale: int
    unestimated: int
    unscored: int


def health_figures(product: Product, stale_before: dt.datetime) -> HealthFigures:
    """Open live items' figures: the day buckets, plus the cutoff day's items counted one by one."""
    cutoff_day = stale_before.astimezone(dt.UTC).date()
    sums = HealthRollup.objects.filter(product=product).aggregate(
        n_open=Coalesce(Sum("open_items"), 0),
        n_not_ready=Coalesce(Sum("not_ready"), 0),
        n_unestimated=Coalesce(Sum("unestimated"), 0),
        n_unscored=Coalesce(Sum("unscored"), 0),
        n_stale=Coalesce(Sum("open_items", filter=Q(updated_on__lt=cutoff_day)), 0),
    )
    day_start = dt.datetime.combine(cutoff_day, dt.time.min, tzinfo=dt.UTC)
    same_day = (
        Item.objects.filter(
            product=product,
            archived_at__isnull=True,
            updated_at__gte=day_start,
            updated_at__lt=stale_before,
        )
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .count()
    )
    return HealthFigures(
        open_items=sums["n_open"],
        not_ready=sums["n_not_ready"],
        stale=sums["n_stale"] + same_day,
        unestimated=sums["n_unestimated"],
        unscored=sums["n_unscored"],
    )


def rebuild_all_statements(vendor: str) -> list[str]:
    """Plain SQL filling both tables from every product's items (for the migration)."""
    day = (_PG_DAY if vendor == "postgresql" else _SQLITE_DAY).format(row="i")
    return [
        "INSERT INTO backlog_workrollup "
        "(product_id, initiative_key, parent_key, items, stories, points, done_points) "
        "SELECT i.product_id, COALESCE(i.initiative_id, 0), COALESCE(i.parent_id, 0), COUNT(*), "
        "SUM(CASE WHEN i.kind = 'story' THEN 1 ELSE 0 END), COALESCE(SUM(i.estimate), 0), "
        "COALESCE(SUM(CASE WHEN i.status IN ('done', 'accepted') THEN i.estimate ELSE 0 END), 0) "
        "FROM backlog_item i WHERE i.archived_at IS NULL AND i.kind NOT IN ('epic', 'subtask') "
        "GROUP BY i.product_id, COALESCE(i.initiative_id, 0), COALESCE(i.parent_id, 0)",
        "INSERT INTO backlog_healthrollup "
        "(product_id, updated_on, open_items, not_ready, unestimated, unscored) "
        f"SELECT i.product_id, {day}, COUNT(*), "
        "SUM(CASE WHEN NOT i.is_ready AND i.kind = 'story' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN i.estimate IS NULL AND i.kind NOT IN ('epic', 'subtask') "
        "THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN (i.value IS NULL OR i.effort IS NULL) "
        "AND i.kind NOT IN ('epic', 'subtask') THEN 1 ELSE 0 END) "
        "FROM backlog_item i WHERE i.archived_at IS NULL "
        "AND i.status NOT IN ('done', 'accepted') "
        f"GROUP BY i.product_id, {day}",
    ]
