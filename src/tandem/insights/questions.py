"""What insights answers in Ask: what customers said, and why an item is built.

"Why" lives here because only insights sees the whole chain: the item, its epics,
the initiative and objectives above it, the vision, and the feedback behind them.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from django.db.models import Q

from tandem.backlog.models import Item
from tandem.backlog.questions import item_named
from tandem.strategy.models import Vision
from tandem.workspace.answers import Answer, Cited, Question, register_answerer
from tandem.workspace.rights import Action, Level

from .models import Feedback, FeedbackLink

_SAID = re.compile(
    r"\b(?:customers?|users?|pilots?|people)\b.*?\b(?:say|said|think|thought|"
    r"ask|asked|want|wanted|complain\w*|feel)\b(?:\s+(?:about|of|on|for))?\s+"
    r"(?P<topic>.+?)\??$",
    re.IGNORECASE,
)


def customers_said(question: Question) -> Answer | None:
    found = _SAID.search(question.text)
    if found is None:
        return None
    access = question.access
    topic = found.group("topic").strip()
    ranked = question.find(topic, ("feedback",), 50)
    rows = list(
        Feedback.objects.filter(
            product=access.product, archived_at__isnull=True, pk__in=ranked
        ).select_related("customer", "product")
    )
    cited = Cited()
    if not rows:
        return cited.answer(f"No feedback in {access.product.key} mentions {topic}.")
    kinds = Counter((r.get_kind_display() if r.kind else "Unsorted") for r in rows)
    text = (
        f"{len(rows)} pieces of feedback mention {topic}: "
        + ", ".join(f"{n} {kind.lower()}" for kind, n in kinds.most_common())
        + "."
    )
    customers = {r.customer for r in rows if r.customer is not None}
    if customers:
        text += f" They come from {len(customers)} customers"
        if access.can(Action.FIGURES, Level.READ):
            mrr = sum((c.mrr for c in customers), Decimal(0))
            text += f" with {mrr:,.0f} monthly revenue"
        text += "."
    order = {pk: n for n, pk in enumerate(ranked)}
    quotes = [
        f"“{r.excerpt}” {cited.of('feedback', r)}"
        for r in sorted(rows, key=lambda r: order[r.pk])[:4]
    ]
    return cited.answer(text + " For example: " + "; ".join(quotes) + ".")


def _item_asked_about(question: Question) -> Item | None:
    item = item_named(question)
    if item is not None:
        return item
    best = question.find(question.text, ("item",), 1)
    if not best:
        return None
    return Item.objects.select_related("product", "parent", "initiative").get(
        product=question.access.product, pk=best[0]
    )


def _feedback_behind(items: list[Item], cited: Cited) -> list[str]:
    links = FeedbackLink.objects.filter(
        Q(item__in=items) | Q(initiative__in=[i.initiative_id for i in items if i.initiative_id]),
        feedback__archived_at__isnull=True,
    ).select_related("feedback__product", "feedback__customer")
    return [
        f"“{link.feedback.excerpt}” {cited.of('feedback', link.feedback)}" for link in links[:5]
    ]


def _reasons(item: Item, chain: list[Item], cited: Cited) -> tuple[list[str], bool]:
    """The chain from the item up to the vision, as clauses; and whether an initiative is on it."""
    parts = [f"{item.key} “{item.title}” {cited.of('item', item)}"]
    parts += [f"is part of epic {e.key} “{e.title}” {cited.of('item', e)}" for e in chain[1:]]
    initiative = next((i.initiative for i in chain if i.initiative_id), None)
    if initiative is None:
        return parts, False
    parts.append(
        f"which serves the initiative “{initiative.title}” {cited.of('initiative', initiative)}"
    )
    if initiative.problem:
        parts.append(f"solving: {initiative.problem.strip()[:200]}")
    parts += [
        f"for the objective “{o.title}” {cited.of('objective', o)}"
        for o in initiative.objectives.filter(archived_at__isnull=True)[:3]
    ]
    vision = Vision.objects.filter(product=item.product_id, archived_at__isnull=True).first()
    if vision is not None:
        parts.append(f"under the vision “{vision.statement[:160]}” {cited.of('vision', vision)}")
    return parts, True


def why(question: Question) -> Answer | None:
    if not question.asks(r"^\s*why\b|\breason\b|\bpurpose\b"):
        return None
    item = _item_asked_about(question)
    if item is None:
        return None
    cited = Cited()
    chain = [item]
    while chain[-1].parent_id and len(chain) < 5:
        chain.append(
            Item.objects.select_related("product", "initiative").get(pk=chain[-1].parent_id)
        )
    parts, serves_initiative = _reasons(item, chain, cited)
    text = ", ".join(parts) + "."
    if item.so_that:
        text += f" The story says: so that {item.so_that.strip()}."
    feedback = _feedback_behind(chain, cited)
    if feedback:
        text += " Customers asked for it: " + "; ".join(feedback) + "."
    if not serves_initiative and not feedback:
        text += " It is not linked to an initiative or to any feedback yet."
    return cited.answer(text)


def register() -> None:
    register_answerer(customers_said, order=30)
    register_answerer(why, order=70)
