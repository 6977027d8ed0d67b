"""The feedback-kind suggestion: the product's own triage first, the shipped model otherwise."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from tandem.core import triage, triage_logistic
from tandem.workspace.access import ProductAccess

from ..models import Feedback
from ..triage_model import MIN_COUNT, STRENGTH, shipped_model

# Below this many triaged records (of at least two kinds) the product's own model
# would mostly echo its biases, so the shipped model answers instead.
OWN_MODEL_MINIMUM = 40
TRAINING_LIMIT = 5000
# Training on a few thousand records takes about a second, so a process keeps the
# model and retrains it after every RETRAIN_EVERY newly triaged records.
RETRAIN_EVERY = 25
_CACHE_SIZE = 32
_trained: OrderedDict[tuple[int, int], triage_logistic.LinearModel | None] = OrderedDict()

Suggester = Callable[[str], triage.Suggestion | None]


def own_model(access: ProductAccess) -> triage_logistic.LinearModel | None:
    triaged = Feedback.objects.filter(product=access.product, archived_at__isnull=True).exclude(
        kind=""
    )
    count = triaged.count()
    key = (access.product.pk, count // RETRAIN_EVERY)
    if key in _trained:
        _trained.move_to_end(key)
        return _trained[key]
    model = None
    if count >= OWN_MODEL_MINIMUM:
        rows = list(triaged.order_by("-updated_at").values_list("text", "kind")[:TRAINING_LIMIT])
        if len({kind for _, kind in rows}) >= 2:
            model = triage_logistic.train_logistic(
                [triage.Example(text, kind) for text, kind in rows],
                min_count=MIN_COUNT,
                strength=STRENGTH,
            )
    _trained[key] = model
    while len(_trained) > _CACHE_SIZE:
        _trained.popitem(last=False)
    return model


def kind_suggester(*, access: ProductAccess) -> tuple[Suggester, str]:
    """A function suggesting a kind for a text, and where its model comes from.

    One model serves every row of a page; the product's own is retrained after
    every ``RETRAIN_EVERY`` newly triaged records.
    """
    model: triage_logistic.LinearModel | None = own_model(access)
    source = "this product's triaged feedback"
    if model is None:
        model = shipped_model()
        source = "labelled app reviews (shipped)"
    if model is None:
        return (lambda text: None), "none"
    chosen = model
    return (lambda text: triage.suggest(chosen, text) if text.strip() else None), source
