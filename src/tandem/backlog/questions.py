"""What the backlog answers in Ask: an item's status and owner, the stories not ready."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tandem.workspace.answers import Answer, Cited, Question, register_answerer

from .models import Item


def item_named(question: Question) -> Item | None:
    """The first item of the product the question names by key (DRN-42)."""
    for number in question.key_numbers():
        found = (
            Item.objects.filter(product=question.access.product, number=number)
            .select_related("product", "assignee", "parent", "initiative")
            .first()
        )
        if found is not None:
            return found
    return None


def not_done(items: Any) -> Any:
    return items.filter(~Q(status__in=["done", "accepted"]))


def item_status(question: Question) -> Answer | None:
    if not question.asks(r"\b(status|state|owner|owns|who|assigned|assignee|where)\b"):
        return None
    item = item_named(question)
    if item is None:
        return None
    cited = Cited()
    owner = item.assignee.email if item.assignee else "nobody yet"
    return cited.answer(
        f"{item.key} “{item.title}” is {item.get_status_display()}, assigned to {owner} "
        f"{cited.of('item', item)}."
    )


def not_ready(question: Question) -> Answer | None:
    if not question.asks(r"\b(not|n't|never)\s+(yet\s+)?ready\b|\bunready\b"):
        return None
    stories = (
        Item.objects.filter(
            product=question.access.product,
            archived_at__isnull=True,
            kind="story",
            is_ready=False,
            status="new",
        )
        .select_related("product")
        .order_by("rank")
    )
    total = stories.count()
    cited = Cited()
    if total == 0:
        return cited.answer("Every open story meets the Definition of Ready.")
    listed = "; ".join(f"{s.key} “{s.title}” {cited.of('item', s)}" for s in stories[:10])
    more = f" and {total - 10} more" if total > 10 else ""
    return cited.answer(f"{total} stories are not ready: {listed}{more}.")


def register() -> None:
    register_answerer(not_ready, order=10)
    register_answerer(item_status, order=60)
