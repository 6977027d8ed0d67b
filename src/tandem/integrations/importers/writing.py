"""Write a checked plan: items in bulk with precomputed numbers and ranks, then what hangs on them.

Everything runs inside the caller's transaction. Parents are created before their
children (level by level), so every row is inserted once with its parent set; a
record seen before (by its external id) is updated only where it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from tandem.backlog.models import Item, Kind
from tandem.core.ranking import evenly_spaced_keys, keys_between
from tandem.integrations.import_models import ExternalRef
from tandem.integrations.sources import ImportedIssue
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import announce_bulk, caller_event
from tandem.workspace.models import Event

from . import rows
from .attached import external_ref, write_attached
from .people import People
from .planning import Plan, estimate_of, external_number

BATCH = 2000
Progress = Callable[[int], None]
UPDATED_FIELDS = (
    "title",
    "description",
    "kind",
    "status",
    "estimate",
    "assignee_id",
    "parent_id",
    "updated_at",
)


@dataclass
class Written:
    """Our item id for each external id, and what changed."""

    item_ids: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def write_plan(
    *, access: ProductAccess, plan: Plan, people: People, progress: Progress | None = None
) -> Written:
    report = progress or (lambda _: None)
    written = Written(item_ids=dict(plan.known))
    product = access.product
    parents = _parent_ids(plan)
    _create_items(access, plan, people, parents, written)
    report(50)
    _update_items(access, plan, people, parents, written)
    report(60)
    written.counts = write_attached(access=access, plan=plan, people=people, written=written)
    report(90)
    caller_event(
        access,
        "import.completed",
        product.pk,
        str(product),
        object_type="product",
        after={
            "source": plan.source,
            "file": plan.filename,
            "created": written.created,
            "updated": written.updated,
            **written.counts,
        },
    )
    announce_bulk(product)
    return written


def _parent_ids(plan: Plan) -> dict[str, str]:
    """Each record's parent (its parent, else its epic) as an external id, where one is known."""
    by_key = {i.external_key: i.external_id for i in plan.issues if i.external_key}
    ids = {i.external_id for i in plan.issues}
    parents: dict[str, str] = {}
    for issue in plan.issues:
        ref = issue.parent or issue.epic
        if ref is None:
            continue
        target = ref.id if ref.id in ids else by_key.get(ref.key, "")
        if target and target != issue.external_id:
            parents[issue.external_id] = target
    return parents


def _break_cycles(parents: dict[str, str]) -> None:
    """A record may not be its own ancestor: the link that closes a loop is dropped."""
    for start in list(parents):
        seen = {start}
        node = parents.get(start)
        while node is not None:
            if node in seen:
                parents.pop(start, None)
                break
            seen.add(node)
            node = parents.get(node)


def _numbers(access: ProductAccess, issues: list[ImportedIssue]) -> dict[str, int]:
    """Keep the source's number where the key fits this product and the number is free."""
    product = access.product
    used = set(Item.objects.filter(product=product).values_list("number", flat=True))
    numbers: dict[str, int] = {}
    issues = sorted(issues, key=lambda i: (external_number(i.external_key) or ("", 0))[1])
    for issue in issues:
        parsed = external_number(issue.external_key)
        if parsed and parsed[0] in ("", product.key) and parsed[1] > 0 and parsed[1] not in used:
            numbers[issue.external_id] = parsed[1]
            used.add(parsed[1])
    following = max(product.next_item_number, max(used, default=0) + 1)
    for issue in issues:
        if issue.external_id not in numbers:
            numbers[issue.external_id] = following
            following += 1
    product.next_item_number = max(following, max(used, default=0) + 1)
    product.save(update_fields=["next_item_number"])
    return numbers


def _ranks(access: ProductAccess, count: int) -> list[str]:
    last = (
        Item.objects.filter(product=access.product)
        .order_by("-rank")
        .values_list("rank", flat=True)
        .first()
    )
    return keys_between(last, None, count) if last else evenly_spaced_keys(count)


def _item_values(
    plan: Plan, issue: ImportedIssue, people: People, parent_id: int | None, now: datetime
) -> dict[str, Any]:
    created = issue.created or now
    kind = issue.kind if issue.kind in Kind.values else Kind.TASK
    if kind == Kind.SUBTASK and parent_id is None:
        kind = Kind.TASK  # a sub-task lives under its parent; without one it is a task
    return {
        "kind": kind,
        "title": issue.title,
        "description": issue.description,
        "status": plan.statuses.get(issue.external_id, "new"),
        "estimate": estimate_of(issue.story_points),
        "assignee_id": people.user_id(issue.assignee),
        "parent_id": parent_id,
        "updated_at": issue.updated or created,
    }


def _create_items(
    access: ProductAccess, plan: Plan, people: People, parents: dict[str, str], written: Written
) -> None:
    new = plan.to_create
    if not new:
        return
    _break_cycles(parents)
    numbers = _numbers(access, new)
    ranks = _ranks(access, len(new))
    ids = rows.reserve_ids(Item, len(new))
    written.item_ids.update(zip((i.external_id for i in new), ids, strict=True))
    now = timezone.now()
    product = access.product
    items: list[dict[str, Any]] = []
    for issue, item_id, rank in zip(new, ids, ranks, strict=True):
        parent = written.item_ids.get(parents.get(issue.external_id, ""))
        values = _item_values(plan, issue, people, parent, now)
        values.update(
            id=item_id,
            product_id=product.pk,
            number=numbers[issue.external_id],
            rank=rank,
            created_by_id=people.user_id(issue.reporter),
            created_at=issue.created or now,
        )
        items.append(values)
    rows.insert(Item, items, with_id=True)
    rows.insert(
        ExternalRef,
        (
            external_ref(
                plan, access, "item", item["id"], issue.external_id, key=issue.external_key.upper()
            )
            for issue, item in zip(new, items, strict=True)
        ),
        with_id=False,
    )
    rows.insert(
        Event,
        (_event(access, item, plan, issue) for issue, item in zip(new, items, strict=True)),
        with_id=False,
    )
    written.created = len(new)


def _event(
    access: ProductAccess, item: dict[str, Any], plan: Plan, issue: ImportedIssue, verb: str = ""
) -> dict[str, Any]:
    return {
        "organization_id": access.product.organization_id,
        "product_id": access.product.pk,
        "actor_id": access.user.pk,
        "verb": verb or "item.imported",
        "object_type": "item",
        "object_id": item["id"],
        "object_label": f"{access.product.key}-{item['number']} {item['title']}"[:300],
        "after": {"source": plan.source, "external_key": issue.external_key},
        "created_at": timezone.now(),
    }


def _update_items(
    access: ProductAccess, plan: Plan, people: People, parents: dict[str, str], written: Written
) -> None:
    again = plan.to_update
    if not again:
        return
    ids = {plan.known[i.external_id] for i in again}
    current = {
        item.pk: item
        for item in Item.objects.filter(product=access.product).only(
            "pk", "number", *(f.removesuffix("_id") for f in UPDATED_FIELDS), "version"
        )
        if item.pk in ids
    }
    now = timezone.now()
    changed: list[Item] = []
    events: list[dict[str, Any]] = []
    for issue in again:
        item = current.get(plan.known[issue.external_id])
        if item is None:  # deleted since: a later run creates it again
            continue
        parent = written.item_ids.get(parents.get(issue.external_id, ""))
        values = _item_values(plan, issue, people, parent, now)
        before = {name: getattr(item, name) for name in values}
        if before == values:
            continue
        for name, value in values.items():
            setattr(item, name, value)
        item.version += 1
        changed.append(item)
        event = _event(
            access,
            {"id": item.pk, "number": item.number, "title": item.title},
            plan,
            issue,
            "item.updated",
        )
        event["before"] = {k: str(v) for k, v in before.items() if values[k] != v}
        events.append(event)
    Item.objects.bulk_update(changed, [*UPDATED_FIELDS, "version"], batch_size=500)
    rows.insert(Event, events, with_id=False)
    written.updated = len(changed)
