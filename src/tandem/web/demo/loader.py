"""Load the demo content through the same services people use.

Acting as the person who would have done each step keeps the audit log,
readiness, scores and proposal queue real rather than faked rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Kind
from tandem.workspace import onboarding
from tandem.workspace import services as workspace_services
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event, Product, Role, User
from tandem.workspace.selectors import product_access

from . import delivery as demo_delivery
from . import gtm as demo_gtm
from . import insights as demo_insights
from . import metrics as demo_metrics
from . import releases as demo_releases
from . import story_map as demo_story_map
from . import strategy as demo_strategy
from . import wiki as demo_wiki
from .cast import Cast
from .content import (
    ACCEPTED,
    BACKLOG,
    DONE,
    EPICS,
    LINKS,
    ORGANIZATION,
    PASSWORD,
    PEOPLE,
    PRODUCT_KEY,
    PRODUCT_NAME,
    PROPOSED_CHANGE,
    PROPOSED_TO_TOP,
    THREADS,
    Criterion,
    Person,
    Spec,
)

# --- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    items: Mapping[str, int]  # per kind
    comments: int
    links: int
    proposals: int
    extra: Mapping[str, int]  # counts from the other apps' parts, e.g. {"sprints": 6}


def is_loaded() -> bool:
    return Product.objects.filter(key=PRODUCT_KEY).exists()


def logins() -> list[tuple[str, str, str]]:
    """E-mail, password and role of every demo person, in the order they are introduced."""
    rows = []
    for person in PEOPLE:
        role = Role(person.role).label
        about = f", {person.about}" if person.about else ""
        rows.append((person.email, PASSWORD, f"{role} ({person.name}{about})"))
    return rows


@transaction.atomic
def load() -> Loaded:
    """Create the demo product and everything in it, or nothing at all when a step fails."""
    people = {person.handle: _demo_user(person) for person in PEOPLE}
    organization = workspace_services.organization_create(name=ORGANIZATION)
    product = workspace_services.product_create(
        organization=organization, key=PRODUCT_KEY, name=PRODUCT_NAME
    )
    for person in PEOPLE:
        workspace_services.membership_grant(
            product=product,
            user=people[person.handle],
            role=person.role,
            reports_to=people[person.reports_to] if person.reports_to else None,
        )
    for person in PEOPLE:  # the Product Managers run the organization
        if person.role == Role.PRODUCT_MANAGER:
            onboarding.join(organization, people[person.handle], admin=True)
    access = {
        handle: product_access(user=user, product_key=PRODUCT_KEY)
        for handle, user in people.items()
    }
    po = access["po"]
    epics = {
        epic.code: backlog_services.item_create(
            access=po,
            fields={
                "kind": Kind.EPIC,
                "title": epic.title,
                "description": epic.description,
                "labels": list(epic.labels),
            },
        )
        for epic in EPICS
    }
    items = {spec.title: _create(access, spec, epics) for spec in BACKLOG}
    comments = _discuss(access, items)
    for link in LINKS:
        backlog_services.link_add(
            access=po, item=items[link.item], url=link.url, title=link.title, kind=link.kind
        )
    proposals = _propose(access["pm"], items)
    cast = Cast(product=product, people=people, access=access, epics=epics, items=items)
    extra: dict[str, int] = {}
    for part in (
        demo_metrics,
        demo_strategy,
        demo_delivery,
        demo_releases,
        demo_gtm,
        demo_insights,
        demo_wiki,
        demo_story_map,
    ):
        extra.update(part.load(cast))
    _age(product, items)
    kinds = Counter(item.kind for item in [*epics.values(), *items.values()])
    return Loaded(
        items=dict(kinds), comments=comments, links=len(LINKS), proposals=proposals, extra=extra
    )


def _demo_user(person: Person) -> User:
    user = User.objects.filter(email=person.email).first() or User(email=person.email)
    user.name = person.name
    # Demo only: "demo" is far below what the password validators ask of real accounts.
    user.set_password(PASSWORD)
    user.save()
    return user


def _email(handle: str) -> str:
    return next(person.email for person in PEOPLE if person.handle == handle)


def _fields(spec: Spec, epics: Mapping[str, Item]) -> dict[str, Any]:
    as_a, i_want, so_that = spec.story
    fields: dict[str, Any] = {
        "kind": spec.kind,
        "title": spec.title,
        "as_a": as_a,
        "i_want": i_want,
        "so_that": so_that,
        "description": spec.description,
        "parent": epics[spec.epic].key,
        # Only a done item can be accepted, so an accepted one starts out done.
        "status": DONE if spec.status == ACCEPTED else spec.status,
        "estimate": spec.estimate,
        "moscow": spec.moscow,
        "labels": list(spec.labels),
        "assignee": _email(spec.assignee) if spec.assignee else None,
    }
    if spec.value_effort:
        fields["value"], fields["effort"] = spec.value_effort
    if spec.rice:
        reach, impact, confidence, months = spec.rice
        fields |= {"reach": reach, "impact": impact, "confidence": confidence}
        fields["rice_effort"] = months
    if spec.wsjf:
        value, urgency, risk, size = spec.wsjf
        fields |= {"business_value": value, "time_criticality": urgency}
        fields |= {"risk_reduction": risk, "job_size": size}
    return fields


def _create(access: Mapping[str, ProductAccess], spec: Spec, epics: Mapping[str, Item]) -> Item:
    po = access["po"]
    item = backlog_services.item_create(access=po, fields=_fields(spec, epics))
    criteria = [
        backlog_services.criterion_add(access=po, item=item, fields=_criterion_fields(c))
        for c in spec.criteria
    ]
    if spec.status in (DONE, ACCEPTED):
        # The person who did the work ticks the criteria off; the PO then accepts.
        worker = access[spec.assignee or "po"]
        for criterion in criteria:
            backlog_services.criterion_check(access=worker, criterion_id=criterion.pk, is_met=True)
    if spec.status == ACCEPTED:
        item.refresh_from_db()
        backlog_services.item_update(
            access=po, item=item, changes={"status": ACCEPTED}, expected_version=item.version
        )
    return item


def _criterion_fields(criterion: Criterion) -> dict[str, str]:
    if isinstance(criterion, str):
        return {"text": criterion}
    return {"given": criterion.given, "when": criterion.when, "then": criterion.then}


def _discuss(access: Mapping[str, ProductAccess], items: Mapping[str, Item]) -> int:
    count = 0
    for thread in THREADS:
        comment = backlog_services.comment_add(
            access=access[thread.author],
            item=items[thread.item],
            body=thread.body,
            is_question=thread.is_question,
        )
        count += 1
        if thread.answer:
            author, body = thread.answer
            backlog_services.comment_add(
                access=access[author], item=items[thread.item], body=body, reply_to_id=comment.pk
            )
            count += 1
    return count


def _propose(pm: ProductAccess, items: Mapping[str, Item]) -> int:
    moved = backlog_services.item_move(access=pm, item=items[PROPOSED_TO_TOP], position="top")
    title, changes = PROPOSED_CHANGE
    item = backlog_selectors.item_in_backlog(access=pm, key=items[title].key)
    changed = backlog_services.item_update(
        access=pm, item=item, changes=changes, expected_version=item.version
    )
    return sum(1 for outcome in (moved, changed) if outcome.proposal is not None)


def _age(product: Product, items: Mapping[str, Item]) -> None:
    """Backdate the stale items so the backlog-health view has something to show.

    Demo only: services always stamp "now", and a fresh demo would otherwise have no
    stale items. Their history is backdated too, so it agrees with the item.
    """
    now = timezone.now()
    for spec in BACKLOG:
        if spec.stale_days is None:
            continue
        item = items[spec.title]
        then = now - timedelta(days=spec.stale_days)
        Item.objects.filter(pk=item.pk).update(created_at=then, updated_at=then)
        Event.objects.filter(product=product, object_type="item", object_id=item.pk).update(
            created_at=then
        )
