"""Reads of insights records, always scoped to the caller's product."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet

from tandem.backlog.models import Item
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.rights import Action, Level

from ..models import (
    Customer,
    CustomerPerson,
    Feedback,
    FeedbackLink,
    FeedbackState,
    Idea,
    Quadrant,
    Stakeholder,
    Survey,
)

M = TypeVar("M", bound=Model)


def _one(queryset: QuerySet[M], pk: int | str, what: str) -> M:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(f"No such {what}.") from None
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound(f"No such {what}.")
    return row


# --- stakeholders --------------------------------------------------------------------------


def may_read_figures(access: ProductAccess) -> bool:
    """Revenue and stakeholder ratings: for those the rights table lets read figures."""
    return access.can(Action.FIGURES, Level.READ)


def stakeholders_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Stakeholder]:
    """The most influential first for those who read the ratings, else by name."""
    rated = ("-influence", "-interest") if may_read_figures(access) else ()
    return Stakeholder.objects.filter(
        product=access.product, archived_at__isnull=not archived
    ).order_by(*rated, "name")


def stakeholder_of(*, access: ProductAccess, pk: int | str) -> Stakeholder:
    return _one(
        Stakeholder.objects.filter(product=access.product).prefetch_related(
            Prefetch("followed_items", queryset=Item.objects.select_related("product")),
            "followed_initiatives",
        ),
        pk,
        "stakeholder",
    )


@dataclass(frozen=True)
class GridCell:
    quadrant: Quadrant
    stakeholders: list[Stakeholder]


def stakeholder_grid(*, access: ProductAccess) -> list[GridCell]:
    """The four quadrants, top row first: keep satisfied, manage closely; monitor, keep informed."""
    by_quadrant: defaultdict[Quadrant, list[Stakeholder]] = defaultdict(list)
    for stakeholder in stakeholders_of(access=access):
        by_quadrant[stakeholder.quadrant].append(stakeholder)
    order = (
        Quadrant.KEEP_SATISFIED,
        Quadrant.MANAGE_CLOSELY,
        Quadrant.MONITOR,
        Quadrant.KEEP_INFORMED,
    )
    return [GridCell(q, by_quadrant[q]) for q in order]


# --- customers -----------------------------------------------------------------------------


def customers_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Customer]:
    return (
        Customer.objects.filter(product=access.product, archived_at__isnull=not archived)
        .annotate(
            feedback_count=Count(
                "feedback", filter=Q(feedback__archived_at__isnull=True), distinct=True
            ),
            people_count=Count("people", filter=Q(people__archived_at__isnull=True), distinct=True),
        )
        .order_by(*(("-mrr",) if may_read_figures(access) else ()), "name")
    )


def customer_of(*, access: ProductAccess, pk: int | str) -> Customer:
    return _one(
        Customer.objects.filter(product=access.product).prefetch_related(
            Prefetch(
                "people",
                queryset=CustomerPerson.objects.order_by("archived_at", "name"),
            )
        ),
        pk,
        "customer",
    )


def person_of(*, access: ProductAccess, pk: int | str) -> CustomerPerson:
    return _one(
        CustomerPerson.objects.filter(customer__product=access.product).select_related("customer"),
        pk,
        "person",
    )


def customer_choices(*, access: ProductAccess) -> list[tuple[int, str]]:
    return list(
        Customer.objects.filter(product=access.product, archived_at__isnull=True)
        .order_by("name")
        .values_list("pk", "name")
    )


# --- feedback ------------------------------------------------------------------------------


def feedback_rows(access: ProductAccess, rows: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """Feedback with its customer, person, original and live links, for lists of it."""
    live = FeedbackLink.objects.filter(archived_at__isnull=True).select_related(
        "item__product", "initiative"
    )
    return rows.select_related("customer", "person", "duplicate_of").prefetch_related(
        Prefetch("links", queryset=live, to_attr="live_links")
    )


def _feedback(access: ProductAccess) -> QuerySet[Feedback]:
    return feedback_rows(access, Feedback.objects.filter(product=access.product))


def feedback_list(
    *,
    access: ProductAccess,
    state: str | None = None,
    kind: str | None = None,
    customer: int | None = None,
    text: str | None = None,
    archived: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[Feedback]:
    """Newest first; ``state="new"`` is the triage inbox."""
    rows = _feedback(access).filter(archived_at__isnull=not archived)
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if customer:
        rows = rows.filter(customer_id=customer)
    if text:
        rows = rows.filter(text__icontains=text)
    return list(rows.order_by("-received_on", "-id")[offset : offset + limit])


def inbox_count(*, access: ProductAccess) -> int:
    return Feedback.objects.filter(
        product=access.product, archived_at__isnull=True, state=FeedbackState.NEW
    ).count()


def feedback_of(*, access: ProductAccess, pk: int | str) -> Feedback:
    return _one(_feedback(access), pk, "feedback")


def link_of(*, access: ProductAccess, pk: int | str) -> FeedbackLink:
    return _one(
        FeedbackLink.objects.filter(feedback__product=access.product).select_related(
            "feedback", "item__product"
        ),
        pk,
        "link",
    )


def feedback_for_item(*, access: ProductAccess, item: Item, limit: int = 20) -> list[FeedbackLink]:
    return list(
        FeedbackLink.objects.filter(
            item=item,
            archived_at__isnull=True,
            feedback__product=access.product,
            feedback__archived_at__isnull=True,
        )
        .exclude(feedback__state=FeedbackState.DUPLICATE)
        .select_related("feedback__customer")
        .order_by("-importance", "-feedback__received_on")[:limit]
    )


# --- ideas ---------------------------------------------------------------------------------


def idea_rows(access: ProductAccess, rows: QuerySet[Idea]) -> QuerySet[Any]:
    """With the votes counted and the caller's own vote, for the list and each idea."""
    return rows.select_related("created_by", "decided_by", "item__product", "initiative").annotate(
        vote_count=Count("votes", distinct=True),
        voted=Count("votes", filter=Q(votes__user=access.user), distinct=True),
    )


def ideas_of(
    *, access: ProductAccess, status: str | None = None, archived: bool = False
) -> list[Idea]:
    rows = idea_rows(access, Idea.objects.filter(product=access.product))
    rows = rows.filter(archived_at__isnull=not archived)
    if status:
        rows = rows.filter(status=status)
    return list(rows.order_by("-vote_count", "-created_at", "-id"))


def idea_of(*, access: ProductAccess, pk: int | str) -> Idea:
    idea: Idea = _one(idea_rows(access, Idea.objects.filter(product=access.product)), pk, "idea")
    return idea


# --- surveys -------------------------------------------------------------------------------


def surveys_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(product=access.product, archived_at__isnull=not archived)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-id")
    )


def survey_of(*, access: ProductAccess, pk: int | str) -> Survey:
    return _one(
        Survey.objects.filter(product=access.product).prefetch_related("questions"),
        pk,
        "survey",
    )
