"""The exact answer the audit trail gives: what changed in a product this week.

Every other exact answer comes from the app that holds its facts, registered with
``workspace.answers``; this one reads only the workspace's own events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from tandem.workspace.answers import Answer, Cited, Question, register_answerer
from tandem.workspace.models import Event


def changes(question: Question) -> Answer | None:
    if not question.asks(
        r"\b(chang|happen|new|updated|done)\w*\b.*\b(this|last|past)\s+(week|7 days)"
    ):
        return None
    product = question.access.product
    since = timezone.now() - dt.timedelta(days=7)
    events = Event.objects.filter(product=product, created_at__gte=since).order_by("-created_at")
    total = events.count()
    cited = Cited()
    if total == 0:
        return cited.answer(f"Nothing changed in {product.key} in the last 7 days.")
    verbs = Counter(events.values_list("verb", flat=True)[:2000])
    summary = ", ".join(f"{n} × {verb.replace('.', ' ')}" for verb, n in verbs.most_common(6))
    latest = []
    for event in events.select_related("actor")[:8]:
        who = event.actor.email if event.actor else "Tandem"
        latest.append(f"{who} {event.verb.replace('.', ' ')} “{event.object_label}”")
    return cited.answer(
        f"In the last 7 days {total} changes were recorded in {product.key}: {summary}. "
        "Latest: " + "; ".join(latest) + "."
    )


def register() -> None:
    register_answerer(changes, order=20)
