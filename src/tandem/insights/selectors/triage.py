"""The feedback-kind suggestion: the product's own triage first, the shipped model otherwise."""

from __future__ import annotations

from collections.abc import Callable

from tandem.core import triage
from tandem.workspace.access import ProductAccess

from ..models import Feedback
from ..triage_model import MIN_COUNT, STRENGTH, shipped_model

# Below this many triaged records (of at least two kinds) the product's own model
# would mostly echo its priors, so the shipped model answers instead.
OWN_MODEL_MINIMUM = 40
TRAINING_LIMIT = 5000

Suggester = Callable[[str], triage.Suggestion | None]


def own_model(access: ProductAccess) -> triage.LinearModel | None:
    rows = list(
        Feedback.objects.filter(product=access.product, archived_at__isnull=True)
        .exclude(kind="")
        .order_by("-updated_at")
        .values_list("text", "kind")[:TRAINING_LIMIT]
    )
    if len(rows) < OWN_MODEL_MINIMUM or len({kind for _, kind in rows}) < 2:
        return None
    return triage.train_logistic(
        [triage.Example(text, kind) for text, kind in rows], min_count=MIN_COUNT, strength=STRENGTH
    )


def kind_suggester(*, access: ProductAccess) -> tuple[Suggester, str]:
    """A function suggesting a kind for a text, and where its model comes from.

    Trained once per call from the product's triaged feedback (one query), so a
    page suggests for every row of its inbox with one model.
    """
    model = own_model(access)
    source = "this product's triaged feedback"
    if model is None:
        model = shipped_model()
        source = "labelled app reviews (shipped)"
    if model is None:
        return (lambda text: None), "none"
    chosen = model
    return (lambda text: triage.suggest(chosen, text) if text.strip() else None), source
