"""The PO's open questions: the team's questions on items that nobody has answered yet."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from tandem.backlog.models import Comment
from tandem.workspace.access import ProductAccess

from .base import HomeSection

SHOWN = 8


def open_questions(*, access: ProductAccess, limit: int = SHOWN) -> list[Comment]:
    """Live questions on live items with no live reply, oldest first (they waited longest)."""
    answered = Comment.objects.filter(reply_to=OuterRef("pk"), archived_at__isnull=True)
    return list(
        Comment.objects.filter(
            item__product=access.product,
            item__archived_at__isnull=True,
            is_question=True,
            reply_to__isnull=True,
            archived_at__isnull=True,
        )
        .exclude(Exists(answered))
        .select_related("item", "author")
        .order_by("created_at", "id")[:limit]
    )


def home_sections(access: ProductAccess) -> list[HomeSection]:
    if not access.is_product_owner:
        return []
    questions = open_questions(access=access, limit=SHOWN + 1)
    return [
        HomeSection(
            template="notifications/_open_questions.html",
            context={"questions": questions[:SHOWN], "more": len(questions) > SHOWN},
            order=15,
        )
    ]
