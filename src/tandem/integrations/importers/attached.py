"""What hangs on imported items: labels, comments, links, dependencies, criteria, sprints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from tandem.backlog.models import AcceptanceCriterion, Comment, Item, Label, Link, LinkKind
from tandem.delivery.models import Dependency, Sprint, SprintItem, SprintState
from tandem.integrations.import_models import ExternalRef
from tandem.integrations.sources import (
    ImportedComment,
    ImportedIssue,
    ImportedPerson,
    ImportedSprint,
)
from tandem.workspace.access import ProductAccess

from . import rows
from .people import People
from .planning import Plan

if TYPE_CHECKING:
    from .writing import Written

BATCH = 2000
_BLOCKED_BY = ("is blocked by", "blocked by", "depends on", "is blocked")
_BLOCKS = ("blocks",)


def write_attached(
    *, access: ProductAccess, plan: Plan, people: People, written: Written
) -> dict[str, int]:
    return {
        "labels": _labels(access, plan, written),
        "comments": _comments(access, plan, people, written),
        "links": _links(access, plan, written),
        "criteria": _criteria(plan, written),
        "sprints": _sprints(access, plan, written),
    }


def _labels(access: ProductAccess, plan: Plan, written: Written) -> int:
    names = {name[:50] for issue in plan.issues for name in issue.labels if name.strip()}
    labels = {label.name: label.pk for label in Label.objects.filter(product=access.product)}
    missing = [Label(product=access.product, name=name) for name in sorted(names - set(labels))]
    Label.objects.bulk_create(missing, batch_size=BATCH)
    labels.update({label.name: label.pk for label in missing})
    through = Item.labels.through
    ids = {written.item_ids[i.external_id] for i in plan.issues}
    had = {
        (row[0], row[1])
        for row in through.objects.filter(item__product=access.product).values_list(
            "item_id", "label_id"
        )
        if row[0] in ids
    }
    wanted = {
        (written.item_ids[issue.external_id], labels[name[:50]])
        for issue in plan.issues
        for name in issue.labels
        if name.strip()
    }
    gone = had - wanted
    for item_id, label_id in gone:
        through.objects.filter(item_id=item_id, label_id=label_id).delete()
    rows.insert(
        through,
        ({"item_id": i, "label_id": label} for i, label in sorted(wanted - had)),
        with_id=False,
    )
    return len(wanted - had)


def _known_refs(access: ProductAccess, plan: Plan, kind: str) -> dict[str, int]:
    return dict(
        ExternalRef.objects.filter(
            product=access.product, source=plan.source, object_type=kind
        ).values_list("external_id", "object_id")
    )


def _comments(access: ProductAccess, plan: Plan, people: People, written: Written) -> int:
    known = _known_refs(access, plan, "comment")
    new: list[tuple[str, ImportedIssue, ImportedComment]] = [
        (external, issue, comment)
        for issue in plan.issues
        for index, comment in enumerate(issue.comments, 1)
        if (external := comment.external_id or f"{issue.external_id}#{index}") not in known
    ]
    ids = rows.reserve_ids(Comment, len(new))
    now = timezone.now()
    rows.insert(
        Comment,
        (
            {
                "id": comment_id,
                "item_id": written.item_ids[issue.external_id],
                "author_id": people.user_id(comment.author),
                "body": comment.body,
                "created_at": comment.created or issue.created or now,
            }
            for comment_id, (_, issue, comment) in zip(ids, new, strict=True)
        ),
        with_id=True,
    )
    rows.insert(
        ExternalRef,
        (
            external_ref(
                plan, access, "comment", comment_id, external, data=_author(comment.author)
            )
            for comment_id, (external, _, comment) in zip(ids, new, strict=True)
        ),
        with_id=False,
    )
    return len(new)


def external_ref(
    plan: Plan,
    access: ProductAccess,
    kind: str,
    object_id: int,
    external_id: str,
    *,
    key: str = "",
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``ExternalRef`` row by which a second run finds what this one wrote."""
    return {
        "product_id": access.product.pk,
        "source": plan.source,
        "object_type": kind,
        "object_id": object_id,
        "external_id": external_id,
        "external_key": key[:100],
        "data": data or {},
    }


def _author(person: ImportedPerson | None) -> dict[str, str]:
    """Who wrote a comment, kept when they have no account here yet."""
    return {"author": person.email or person.name} if person else {}


def _links(access: ProductAccess, plan: Plan, written: Written) -> int:
    by_key = {i.external_key: written.item_ids[i.external_id] for i in plan.issues}
    numbers: dict[int, int] = {}
    had_links = set(Link.objects.filter(item__product=access.product).values_list("item_id", "url"))
    had_deps = set(
        Dependency.objects.filter(item__product=access.product).values_list(
            "item_id", "blocked_by_id"
        )
    )
    links: list[Link] = []
    deps: list[Dependency] = []
    for issue in plan.issues:
        item_id = written.item_ids[issue.external_id]
        for link in issue.links:
            target = by_key.get(link.target_key)
            relation = link.relation.lower()
            if target is not None and target != item_id and relation in (*_BLOCKED_BY, *_BLOCKS):
                pair = (item_id, target) if relation in _BLOCKED_BY else (target, item_id)
                if pair not in had_deps:
                    had_deps.add(pair)
                    deps.append(Dependency(item_id=pair[0], blocked_by_id=pair[1]))
                continue
            url, title = _link_target(access, link.url, link.target_key, target, numbers)
            if not url or (item_id, url) in had_links:
                continue
            had_links.add((item_id, url))
            title = title or link.title or link.relation
            links.append(
                Link(item_id=item_id, url=url[:500], title=title[:200], kind=LinkKind.OTHER)
            )
    Link.objects.bulk_create(links, batch_size=BATCH)
    Dependency.objects.bulk_create(deps, batch_size=BATCH)
    return len(links) + len(deps)


def _link_target(
    access: ProductAccess, url: str, key: str, target: int | None, numbers: dict[int, int]
) -> tuple[str, str]:
    if url:
        return url, ""
    if target is None:
        return "", ""
    if not numbers:  # read once, and only when a record links to another one
        numbers.update(Item.objects.filter(product=access.product).values_list("pk", "number"))
    number = numbers.get(target, 0)
    ours = f"{access.product.key}-{number}"
    return reverse("backlog:item", kwargs={"item_key": ours}), f"{ours} (was {key})"


def _criteria(plan: Plan, written: Written) -> int:
    new_ids = {written.item_ids[i.external_id] for i in plan.to_create}
    rows = [
        AcceptanceCriterion(item_id=written.item_ids[issue.external_id], position=n, text=text)
        for issue in plan.issues
        if written.item_ids[issue.external_id] in new_ids
        for n, text in enumerate(issue.acceptance_criteria, 1)
    ]
    AcceptanceCriterion.objects.bulk_create(rows, batch_size=BATCH)
    counts: dict[int, int] = {}
    for row in rows:
        counts[row.item_id] = counts.get(row.item_id, 0) + 1
    for item_id, count in counts.items():
        Item.objects.filter(pk=item_id).update(criteria_count=count)
    return len(rows)


_STATES = {"active": SprintState.ACTIVE, "closed": SprintState.CLOSED}


def _sprint_fields(
    access: ProductAccess, sprint: ImportedSprint, active_taken: bool
) -> dict[str, Any]:
    start = (sprint.start or timezone.now()).date()
    end = sprint.end.date() if sprint.end else start + dt.timedelta(days=access.product.sprint_days)
    state = _STATES.get(sprint.state.lower(), SprintState.PLANNED)
    if state == SprintState.ACTIVE and active_taken:
        state = SprintState.PLANNED
    return {
        "name": sprint.name[:100],
        "goal": sprint.goal,
        "starts_on": start,
        "ends_on": max(start, end),
        "state": state,
        "started_at": sprint.start if state != SprintState.PLANNED else None,
        "closed_at": (sprint.completed or sprint.end) if state == SprintState.CLOSED else None,
    }


def _sprints(access: ProductAccess, plan: Plan, written: Written) -> int:
    known = _known_refs(access, plan, "sprint")
    by_key = {i.external_key: written.item_ids[i.external_id] for i in plan.issues}
    active = Sprint.objects.filter(
        product=access.product,
        state=SprintState.ACTIVE,
        team__isnull=True,
        archived_at__isnull=True,
    ).first()
    entries: list[dict[str, Any]] = []
    for sprint in plan.sprints:
        row = Sprint.objects.filter(pk=known.get(sprint.external_id, 0)).first()
        taken = active is not None and (row is None or row.pk != active.pk)
        values = _sprint_fields(access, sprint, taken)
        if row is None:
            row = Sprint.objects.create(product=access.product, **values)
            _ref_sprint(access, plan, row, sprint)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
        if row.state == SprintState.ACTIVE:
            active = row
        live = set(
            SprintItem.objects.filter(sprint=row, removed_at__isnull=True).values_list(
                "item_id", flat=True
            )
        )
        added = sprint.start or timezone.now()
        for key in sprint.issue_keys:
            item_id = by_key.get(key)
            if item_id is not None and item_id not in live:
                live.add(item_id)
                committed = row.state != SprintState.PLANNED
                entries.append(
                    {
                        "sprint_id": row.pk,
                        "item_id": item_id,
                        "added_at": added,
                        "committed": committed,
                    }
                )
    rows.insert(SprintItem, entries, with_id=False)
    return len(plan.sprints)


def _ref_sprint(access: ProductAccess, plan: Plan, row: Sprint, sprint: ImportedSprint) -> None:
    ExternalRef.objects.create(
        **external_ref(plan, access, "sprint", row.pk, sprint.external_id, key=sprint.name)
    )
