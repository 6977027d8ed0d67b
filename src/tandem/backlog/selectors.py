"""Every read of the backlog the pages and the API share; always scoped to the caller."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, FloatField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tandem.core.scoring import QUADRANT_MIDPOINT, Quadrant
from tandem.core.similarity import DuplicatePair, TitleDoc, likely_duplicates
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Event, Product, User, display_name
from tandem.workspace.selectors import product_access

from .models import (
    AcceptanceCriterion,
    Comment,
    Item,
    Kind,
    MoSCoW,
    Proposal,
    ProposalStatus,
    Status,
)

SORTS = ("rank", "rice", "wsjf", "value_effort", "newest", "updated")
_SCORE_FIELDS = {"rice": "rice_score", "wsjf": "wsjf_score", "value_effort": "value_effort_score"}


@dataclass(frozen=True)
class BacklogFilters:
    kind: str | None = None
    status: str | None = None
    label: str | None = None
    assignee: str | None = None  # an e-mail, "me" or "none"
    epic: str | None = None  # an epic's key
    ready: bool | None = None
    text: str | None = None
    moscow: str | None = None
    scored: bool | None = None  # has both value and effort (the matrix's "unscored" link)
    estimated: bool | None = None  # has an estimate (the PO home's "unestimated" figure)
    quadrant: str | None = None  # quick_win, big_bet, fill_in, time_sink
    min_rice: float | None = None
    min_wsjf: float | None = None
    min_value_effort: float | None = None
    archived: bool = False
    sort: str = "rank"


@dataclass(frozen=True)
class BacklogPage:
    items: list[BacklogRow]
    next_cursor: str | None
    filters: BacklogFilters = field(default_factory=BacklogFilters)


def split_item_key(key: str) -> tuple[str, int]:
    prefix, _, number = key.strip().upper().rpartition("-")
    if not prefix or not number.isdigit():
        raise NotFound(f"{key!r} is not an item key like DRN-42.")
    return prefix, int(number)


def item_by_key(*, user: User, key: str) -> tuple[ProductAccess, Item]:
    """The item and the caller's access to its product; 404 for anyone outside it."""
    product_key, number = split_item_key(key)
    access = product_access(user=user, product_key=product_key)
    item = (
        Item.objects.select_related("product", "assignee", "parent__product", "created_by")
        .prefetch_related("labels")
        .filter(product=access.product, number=number)
        .first()
    )
    if item is None:
        raise NotFound(f"No item {key.upper()}.")
    return access, item


def item_in_backlog(*, access: ProductAccess, key: str) -> Item:
    """A live item of the same product, for moves and bulk actions that name neighbours."""
    product_key, number = split_item_key(key)
    item = (
        Item.objects.filter(product=access.product, number=number, archived_at__isnull=True)
        .select_related("product")
        .first()
    )
    if product_key != access.product.key or item is None:
        raise NotFound(f"No item {key.upper()} in this backlog.")
    return item


def _live_items(access: ProductAccess) -> QuerySet[Item]:
    return Item.objects.filter(product=access.product, archived_at__isnull=True)


LIST_FIELDS = (
    "product",
    "number",
    "kind",
    "title",
    "status",
    "rank",
    "estimate",
    "value",
    "effort",
    "moscow",
    "rice_score",
    "wsjf_score",
    "value_effort_score",
    "is_ready",
    "criteria_count",
    "as_a",
    "i_want",
    "so_that",
    "version",
    "created_at",
    "updated_at",
    "archived_at",
    "assignee__email",
    "assignee__name",
    "parent__number",
    "parent__title",
    "parent__product",
)


def _list_queryset(access: ProductAccess, archived: bool) -> QuerySet[Item]:
    """Rows for lists: only the columns a list shows, the product already known."""
    return (
        access.product.items.filter(archived_at__isnull=not archived)
        .select_related("assignee", "parent")
        .only(*LIST_FIELDS)
        .prefetch_related("labels")
    )


def _same_product_parents(access: ProductAccess, items: list[Item]) -> list[Item]:
    # A parent epic always belongs to the item's product: reuse it instead of a query per key.
    for item in items:
        if item.parent is not None:
            item.parent.product = access.product
    return items


def _filtered(access: ProductAccess, items: QuerySet[Item], f: BacklogFilters) -> QuerySet[Item]:
    if f.kind:
        items = items.filter(kind=f.kind)
    if f.status:
        items = items.filter(status=f.status)
    if f.moscow:
        items = items.filter(moscow=f.moscow)
    if f.label:
        items = items.filter(labels__name=f.label)
    if f.ready is not None:
        items = items.filter(is_ready=f.ready)
    if f.scored is not None:
        unscored = Q(value__isnull=True) | Q(effort__isnull=True)
        items = items.exclude(unscored) if f.scored else items.filter(unscored)
    if f.estimated is not None:
        items = items.filter(estimate__isnull=not f.estimated)
    if f.quadrant:
        items = items.filter(_quadrant_condition(f.quadrant))
    for score_field, minimum in (
        ("rice_score", f.min_rice),
        ("wsjf_score", f.min_wsjf),
        ("value_effort_score", f.min_value_effort),
    ):
        if minimum is not None:
            items = items.filter(**{f"{score_field}__gte": minimum})
    if f.assignee == "none":
        items = items.filter(assignee__isnull=True)
    elif f.assignee == "me":
        items = items.filter(assignee=access.user)
    elif f.assignee:
        items = items.filter(assignee__email=f.assignee.strip().lower())
    if f.epic:
        items = _epic_filter(access, items, f.epic)
    if f.text:
        items = _text_filter(access, items, f.text.strip())
    return items


def _quadrant_condition(name: str) -> Q:
    """The value/effort box of a quadrant, with the same midpoint ``core.scoring`` uses."""
    try:
        quadrant = Quadrant(name)
    except ValueError:
        choices = ", ".join(q.value for q in Quadrant)
        raise ValidationFailed({"quadrant": f"must be one of {choices}"}) from None
    high_value = quadrant in (Quadrant.QUICK_WIN, Quadrant.BIG_BET)
    high_effort = quadrant in (Quadrant.BIG_BET, Quadrant.TIME_SINK)
    value = Q(value__gt=QUADRANT_MIDPOINT) if high_value else Q(value__lte=QUADRANT_MIDPOINT)
    effort = Q(effort__gt=QUADRANT_MIDPOINT) if high_effort else Q(effort__lte=QUADRANT_MIDPOINT)
    return value & effort


def _epic_filter(access: ProductAccess, items: QuerySet[Item], key: str) -> QuerySet[Item]:
    prefix, _, number = key.strip().upper().rpartition("-")
    if not prefix or not number.isdigit():
        raise ValidationFailed({"epic": "must be an epic's key like DRN-3"})
    if prefix != access.product.key:
        return items.none()
    return items.filter(parent__number=int(number), parent__product=access.product)


def _text_filter(access: ProductAccess, items: QuerySet[Item], text: str) -> QuerySet[Item]:
    prefix, _, number = text.upper().rpartition("-")
    if prefix == access.product.key and number.isdigit():
        return items.filter(Q(number=int(number)) | Q(title__icontains=text))
    return items.filter(title__icontains=text)


def _encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """Where the previous page ended; anything this API did not hand out is refused."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, last_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if isinstance(last_id, bool) or not isinstance(last_id, int):
            raise ValueError("the id is not a number")
        return _cursor_value(value, sort), last_id
    except (ValueError, TypeError):
        raise ValidationFailed({"cursor": "is not a cursor this API returned"}) from None


def _cursor_value(value: Any, sort: str) -> Any:
    """The sort key the cursor carries, checked to be of the type the sort compares."""
    if sort in _SCORE_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("the score is not a number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("the key is not text")
    if sort == "rank":
        return value
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        raise ValueError("the moment has no time zone")
    return moment


def _ordered(items: QuerySet[Item], sort: str, cursor: str | None) -> tuple[QuerySet[Item], str]:
    """Order for keyset pagination; returns the queryset and the attribute the cursor carries."""
    after = _decode_cursor(cursor, sort) if cursor else None
    if sort == "rank":
        if after:
            items = items.filter(Q(rank__gt=after[0]) | Q(rank=after[0], id__gt=after[1]))
        return items.order_by("rank", "id"), "rank"
    if sort in _SCORE_FIELDS:
        items = items.annotate(
            sort_value=Coalesce(F(_SCORE_FIELDS[sort]), Value(-1.0), output_field=FloatField())
        )
        if after:
            items = items.filter(
                Q(sort_value__lt=after[0]) | Q(sort_value=after[0], id__gt=after[1])
            )
        return items.order_by("-sort_value", "id"), "sort_value"
    field_name = "created_at" if sort == "newest" else "updated_at"
    if after:
        moment = after[0]
        items = items.filter(
            Q(**{f"{field_name}__lt": moment}) | Q(**{field_name: moment, "id__lt": after[1]})
        )
    return items.order_by(f"-{field_name}", "-id"), field_name


ROW_COLUMNS = (
    "id", "number", "kind", "title", "status", "rank", "estimate", "value", "effort", "moscow",
    "rice_score", "wsjf_score", "value_effort_score", "is_ready", "criteria_count", "as_a",
    "i_want", "so_that", "version", "created_at", "updated_at", "archived_at",
    "assignee__email", "assignee__name", "parent__number", "parent__title",
)  # fmt: skip


@dataclass(frozen=True)
class RowPerson:
    email: str
    name: str

    @property
    def display_name(self) -> str:
        return display_name(self.email, self.name)


@dataclass(frozen=True)
class RowEpic:
    key: str
    title: str


@dataclass(eq=False)
class BacklogRow:
    """One backlog line as plain data: a page of fifty builds no model objects.

    It answers the attribute names templates and the API read from an ``Item``
    (``key``, ``get_status_display``, ``assignee.email``, ``parent.key`` …), so a
    row rendered from a fresh ``Item`` after an edit looks the same.
    """

    product: Product
    pk: int
    number: int
    kind: str
    title: str
    status: str
    rank: str
    estimate: int | None
    value: int | None
    effort: int | None
    moscow: str
    rice_score: float | None
    wsjf_score: float | None
    value_effort_score: float | None
    is_ready: bool
    criteria_count: int
    as_a: str
    i_want: str
    so_that: str
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    assignee: RowPerson | None
    parent: RowEpic | None
    label_names: list[str] = field(default_factory=list)
    sort_value: float | None = None

    @property
    def key(self) -> str:
        return f"{self.product.key}-{self.number}"

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    def get_moscow_display(self) -> str:
        return str(MoSCoW(self.moscow).label) if self.moscow else ""


def _row(product: Product, values: dict[str, Any]) -> BacklogRow:
    email, name = values.pop("assignee__email"), values.pop("assignee__name")
    parent_number, parent_title = values.pop("parent__number"), values.pop("parent__title")
    return BacklogRow(
        product=product,
        pk=values.pop("id"),
        assignee=RowPerson(email=email, name=name) if email else None,
        parent=(
            RowEpic(key=f"{product.key}-{parent_number}", title=parent_title)
            if parent_number is not None
            else None
        ),
        **values,
    )


def _attach_labels(rows: list[BacklogRow]) -> None:
    by_item: dict[int, list[str]] = {row.pk: row.label_names for row in rows}
    pairs = (
        Item.labels.through.objects.filter(item_id__in=list(by_item))
        .order_by("label__name")
        .values_list("item_id", "label__name")
    )
    for item_id, name in pairs:
        by_item[item_id].append(name)


def backlog_page(
    *, access: ProductAccess, filters: BacklogFilters, cursor: str | None = None, limit: int = 50
) -> BacklogPage:
    """One page of the backlog, by keyset: page 2,000 costs what page 1 costs.

    Two queries (the rows with their assignee and epic, then their labels), read as
    plain values: at fifty rows, building model objects cost more than the SQL.
    """
    if filters.sort not in SORTS:
        raise ValidationFailed({"sort": f"must be one of {', '.join(SORTS)}"})
    live = access.product.items.filter(archived_at__isnull=not filters.archived)
    items, cursor_attr = _ordered(_filtered(access, live, filters), filters.sort, cursor)
    columns = (*ROW_COLUMNS, "sort_value") if cursor_attr == "sort_value" else ROW_COLUMNS
    rows = [_row(access.product, values) for values in items.values(*columns)[: limit + 1]]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        value = getattr(last, cursor_attr)
        next_cursor = _encode_cursor(
            [value.isoformat() if isinstance(value, datetime) else value, last.pk]
        )
    _attach_labels(rows)
    return BacklogPage(items=rows, next_cursor=next_cursor, filters=filters)


def item_detail(*, user: User, key: str) -> tuple[ProductAccess, Item]:
    """The item page: everything about one item in a fixed number of queries."""
    access, item = item_by_key(user=user, key=key)
    item = (
        Item.objects.select_related("product", "assignee", "parent__product", "created_by")
        .prefetch_related(
            "labels",
            Prefetch(
                "criteria",
                queryset=AcceptanceCriterion.objects.filter(archived_at__isnull=True),
                to_attr="live_criteria",
            ),
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(archived_at__isnull=True).select_related("author"),
                to_attr="live_comments",
            ),
            "links",
            Prefetch(
                "children",
                queryset=Item.objects.filter(archived_at__isnull=True)
                .select_related("product")
                .order_by("rank"),
                to_attr="live_children",
            ),
        )
        .get(pk=item.pk)
    )
    return access, item


def criteria_of(*, item: Item) -> QuerySet[AcceptanceCriterion]:
    return item.criteria.filter(archived_at__isnull=True).order_by("position", "id")


def comments_of(*, item: Item) -> QuerySet[Comment]:
    return item.comments.filter(archived_at__isnull=True).select_related("author")


def item_history(*, access: ProductAccess, item: Item) -> QuerySet[Event]:
    return (
        Event.objects.filter(product=access.product, object_type="item", object_id=item.pk)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class EpicChoice:
    key: str
    label: str


def epic_choices(*, access: ProductAccess, title_length: int = 32) -> list[EpicChoice]:
    """Epics for a filter menu as plain pairs: a product may have hundreds of them."""
    rows = (
        access.product.items.filter(archived_at__isnull=True, kind=Kind.EPIC)
        .order_by("rank")
        .values_list("number", "title")
    )
    prefix = access.product.key
    return [
        EpicChoice(
            key=f"{prefix}-{number}",
            label=title if len(title) <= title_length else f"{title[: title_length - 1]}…",
        )
        for number, title in rows
    ]


def epics_of(*, access: ProductAccess) -> QuerySet[Item]:
    """Epics for pickers: key and title only, the product already known."""
    return (
        access.product.items.filter(archived_at__isnull=True, kind=Kind.EPIC)
        .only("product", "number", "title", "rank")
        .order_by("rank")
    )


def labels_of(*, access: ProductAccess) -> list[str]:
    return list(access.product.labels.order_by("name").values_list("name", flat=True))


def pending_proposals(*, access: ProductAccess) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(product=access.product, status=ProposalStatus.PENDING)
        .select_related("item__product", "proposed_by")
        .order_by("created_at")
    )


def proposals_by(*, access: ProductAccess, limit: int = 10) -> list[Proposal]:
    """The caller's own proposals, newest first, so they see what the decider made of them."""
    return list(
        Proposal.objects.filter(product=access.product, proposed_by=access.user)
        .select_related("item__product", "decided_by")
        .order_by("-created_at", "-id")[:limit]
    )


def stale_cutoff(access: ProductAccess, days: int | None = None) -> datetime:
    return timezone.now() - timedelta(days=days or access.product.stale_after_days)


def stale_items(*, access: ProductAccess, days: int | None = None, limit: int = 200) -> list[Item]:
    """Open items nobody touched for ``days``: the first candidates to remove."""
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(updated_at__lt=stale_cutoff(access, days))
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .order_by("updated_at", "id")[:limit]
        ),
    )


def not_ready_items(*, access: ProductAccess, limit: int = 200) -> list[Item]:
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(is_ready=False, kind=Kind.STORY)
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .order_by("rank", "id")[:limit]
        ),
    )


DUPLICATE_SCAN_LIMIT = 20_000


def duplicate_candidates(
    *, access: ProductAccess, limit: int = 50
) -> list[tuple[Item, Item, float]]:
    """Pairs of open items with very similar titles, most similar first."""
    rows = list(
        _live_items(access)
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .exclude(kind=Kind.EPIC)  # an epic's title names a theme its stories repeat
        .order_by("rank")
        .values_list("id", "title")[:DUPLICATE_SCAN_LIMIT]
    )
    pairs: list[DuplicatePair] = likely_duplicates(
        [TitleDoc(id=pk, title=title) for pk, title in rows], limit=limit
    )
    wanted = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    live = _list_queryset(access, archived=False).filter(pk__in=wanted)
    by_id = {i.pk: i for i in _same_product_parents(access, list(live))}
    return [(by_id[p.first_id], by_id[p.second_id], p.similarity) for p in pairs]


def matrix_items(*, access: ProductAccess, limit: int = 300) -> list[Item]:
    """Open items scored for value and effort, for the value-vs-effort matrix."""
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(value__isnull=False, effort__isnull=False)
            .exclude(status__in=[Status.DONE, Status.ACCEPTED])
            .exclude(kind=Kind.EPIC)
            .order_by("rank", "id")[:limit]
        ),
    )


def unscored_count(*, access: ProductAccess) -> int:
    return (
        _live_items(access)
        .filter(Q(value__isnull=True) | Q(effort__isnull=True))
        .exclude(status__in=[Status.DONE, Status.ACCEPTED])
        .exclude(kind=Kind.EPIC)
        .count()
    )


@dataclass(frozen=True)
class BacklogHealth:
    open_items: int
    not_ready: int
    stale: int
    unestimated: int
    proposals_waiting: int


def backlog_health(*, access: ProductAccess) -> BacklogHealth:
    """The PO's dashboard figures, in one aggregate query plus one count."""
    open_items = _live_items(access).exclude(status__in=[Status.DONE, Status.ACCEPTED])
    figures = open_items.aggregate(
        total=Count("id"),
        not_ready=Count("id", filter=Q(is_ready=False, kind=Kind.STORY)),
        stale=Count("id", filter=Q(updated_at__lt=stale_cutoff(access))),
        unestimated=Count("id", filter=Q(estimate__isnull=True) & ~Q(kind=Kind.EPIC)),
    )
    return BacklogHealth(
        open_items=figures["total"],
        not_ready=figures["not_ready"],
        stale=figures["stale"],
        unestimated=figures["unestimated"],
        proposals_waiting=pending_proposals(access=access).count(),
    )


def items_assigned_to(*, access: ProductAccess, limit: int = 20) -> list[Item]:
    return _same_product_parents(
        access,
        list(
            _list_queryset(access, archived=False)
            .filter(assignee=access.user)
            .exclude(status=Status.ACCEPTED)
            .order_by("rank", "id")[:limit]
        ),
    )


def items_by_ids(*, access: ProductAccess, ids: list[int]) -> QuerySet[Item]:
    return _live_items(access).filter(pk__in=ids)
