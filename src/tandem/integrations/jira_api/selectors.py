"""Reads the Jira API shares: what the caller may see, found by Jira's ids or keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Comment, Item, Status
from tandem.delivery import selectors as delivery_selectors
from tandem.delivery.models import Sprint, SprintItem, SprintState
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Product, User
from tandem.workspace.selectors import product_access, products_for_user

from .jql import compile_jql


def member_products(user: User) -> QuerySet[Product]:
    return products_for_user(user=user)


def access_to_project(user: User, key_or_id: str) -> ProductAccess:
    """A project by key or id, for a member; anyone else gets the same 404."""
    key = key_or_id
    if key_or_id.isdigit():
        found = member_products(user).filter(pk=int(key_or_id)).values_list("key", flat=True)
        key = found.first() or ""
    if not key:
        raise NotFound(f"No project could be found with key '{key_or_id}'.")
    try:
        return product_access(user=user, product_key=key)
    except NotFound:
        raise NotFound(f"No project could be found with key '{key_or_id}'.") from None


def issue_of(user: User, id_or_key: str) -> tuple[ProductAccess, Item]:
    """An issue by id or key; 404 ("Issue Does Not Exist") outside the caller's products."""
    key = id_or_key
    if id_or_key.isdigit():
        found = Item.objects.filter(
            pk=int(id_or_key), product__in=member_products(user)
        ).select_related("product")
        item = found.first()
        key = item.key if item is not None else ""
    try:
        if not key:
            raise NotFound("")
        return backlog_selectors.item_by_key(user=user, key=key)
    except NotFound:
        raise NotFound("Issue Does Not Exist") from None


def sprint_of(user: User, sprint_id: int) -> tuple[ProductAccess, Sprint]:
    product_key = (
        Sprint.objects.filter(pk=sprint_id, product__in=member_products(user))
        .values_list("product__key", flat=True)
        .first()
    )
    if product_key is None:
        raise NotFound(f"Sprint {sprint_id} does not exist or you do not have permission.")
    access = product_access(user=user, product_key=product_key)
    return access, delivery_selectors.sprint_of(access=access, sprint_id=sprint_id)


def sprints_of(access: ProductAccess, states: Sequence[str]) -> QuerySet[Sprint]:
    sprints = delivery_selectors.sprints_of(access=access).order_by("starts_on", "id")
    if states:
        sprints = sprints.filter(state__in=states)
    return sprints


def _issue_rows(items: QuerySet[Item], with_comments: bool) -> QuerySet[Item]:
    items = items.select_related(
        "product", "assignee", "created_by", "parent__product"
    ).prefetch_related("labels")
    if with_comments:
        comments = Comment.objects.filter(archived_at__isnull=True).select_related("author")
        items = items.prefetch_related(Prefetch("comments", queryset=comments))
    return items


def searched_items(user: User, jql: str, *, scope: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """Live items in the caller's products that the query matches, in its order."""
    compiled = compile_jql(jql, user=user)
    items = scope if scope is not None else Item.objects.filter(product__in=member_products(user))
    return (
        items.filter(archived_at__isnull=True)
        .filter(compiled.condition)
        .order_by(*compiled.order_by)
    )


def page_of(
    items: QuerySet[Item], start_at: int, max_results: int, with_comments: bool
) -> tuple[list[Item], int]:
    total = items.count()
    rows = list(_issue_rows(items, with_comments)[start_at : start_at + max_results])
    return rows, total


def sprints_by_item(items: Sequence[Item]) -> dict[int, list[Sprint]]:
    """Each item's current sprints, read in one query for a whole page."""
    entries = SprintItem.objects.filter(
        item__in=[i.pk for i in items], removed_at__isnull=True
    ).select_related("sprint")
    found: dict[int, list[Sprint]] = defaultdict(list)
    for entry in entries:
        found[entry.item_id].append(entry.sprint)
    return found


def items_of_sprint(access: ProductAccess, sprint: Sprint) -> QuerySet[Item]:
    return Item.objects.filter(
        product=access.product,
        pk__in=SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True).values("item"),
    )


def backlog_items(access: ProductAccess) -> QuerySet[Item]:
    """Jira's board backlog: open items not in a running or planned sprint."""
    planned = SprintItem.objects.filter(
        removed_at__isnull=True,
        sprint__product=access.product,
        sprint__state__in=[SprintState.ACTIVE, SprintState.PLANNED],
        sprint__archived_at__isnull=True,
    ).values("item")
    return (
        Item.objects.filter(product=access.product)
        .exclude(pk__in=planned)
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
    )


def board_items(access: ProductAccess) -> QuerySet[Item]:
    return Item.objects.filter(product=access.product)
