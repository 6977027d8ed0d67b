"""A suggested estimate for an item, from how this product's team estimated similar items.

The model (``tandem.core.estimates``) is learnt from the product's estimated items and
kept per process; a suggestion then costs one pass over its index (measured in
benchmarks/README.md, "Estimate suggestions in the product"). The model is learnt
again once the estimated items changed and the kept one is older than
``RELEARN_AFTER``, so a busy refinement session does not relearn after every vote.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max

from tandem.backlog.models import Item, Kind
from tandem.core import estimates
from tandem.core.estimates import EstimatedItem, EstimateModel, EstimateSettings
from tandem.core.similar_items import ItemText
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product
from tandem.workspace.rights import Action, Level

from . import texts
from .kept import PerProduct

RELEARN_AFTER = 5 * 60  # seconds a model whose history changed is still used
HISTORY_LIMIT = 3_000  # the most recent estimated items a model learns from
# Past this many items, learn with the usual settings instead of trying each in turn.
CHOOSE_SETTINGS_UP_TO = 1_000


@dataclass(frozen=True)
class SimilarEstimated:
    key: str
    title: str
    points: int
    score: float


@dataclass(frozen=True)
class EstimateSuggestion:
    """What to show: the value, how sure, why, and the items it was read from."""

    points: int
    confidence: float
    cold_start: bool
    reason: str
    similar: tuple[SimilarEstimated, ...]
    history: int


@dataclass
class _Kept:
    stamp: tuple[str, int, str]
    learnt: float
    model: EstimateModel[str]


_kept: PerProduct[_Kept] = PerProduct()


def _history_stamp(product: Product) -> tuple[str, int, str]:
    figures = _estimated(product.pk).aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = figures["latest"].isoformat() if figures["latest"] else "-"
    return (product.created_at.isoformat(), figures["count"], latest)


def _estimated(product_id: int):  # type: ignore[no-untyped-def]
    return Item.objects.filter(
        product_id=product_id, archived_at__isnull=True, estimate__gt=0
    ).exclude(kind=Kind.EPIC)


def learn(product: Product) -> EstimateModel[str]:
    """Learn the product's model from its most recent estimated items."""
    items = list(
        _estimated(product.pk)
        .only(*texts.TEXT_FIELDS, "estimate", "created_at")
        .order_by("-created_at", "-pk")[:HISTORY_LIMIT]
    )
    items.reverse()
    vectors = texts.vectors_of(item.pk for item in items)
    history = [
        EstimatedItem(
            key=f"{product.key}-{item.number}",
            title=item.title,
            description=texts.item_text(item).description,
            points=float(item.estimate or 0),
            text_vector=vectors.get(item.pk),
            created=item.created_at,
        )
        for item in items
    ]
    chosen = None if len(history) <= CHOOSE_SETTINGS_UP_TO else EstimateSettings()
    return estimates.learn(history, settings=chosen)


def model_for(product: Product) -> EstimateModel[str]:
    """The kept model while its history is unchanged or it is young; else learnt now."""
    stamp = _history_stamp(product)
    kept = _kept.get(product.pk)
    if kept is not None and kept.stamp[0] == stamp[0]:
        young = time.monotonic() - kept.learnt < RELEARN_AFTER
        if kept.stamp == stamp or (young and not kept.model.cold_start):
            return kept.model
    model = learn(product)
    _kept.put(product.pk, _Kept(stamp, time.monotonic(), model))
    return model


forget = _kept.forget


def estimate_suggestion(*, access: ProductAccess, item: Item) -> EstimateSuggestion | None:
    """A suggested estimate for ``item``; None while no item of the product is estimated.

    A read: nothing is written. Applying it is an ordinary ``item_update``.
    """
    return estimate_suggestions(access=access, items=[item]).get(item.pk)


def estimate_suggestions(
    *, access: ProductAccess, items: Sequence[Item]
) -> dict[int, EstimateSuggestion]:
    """Suggestions for several items of one product, by item id, in a fixed number of reads.

    The model's freshness, the items' stored vectors and the similar items' titles are
    each read once for the whole list (a list of unestimated items on a page).
    """
    access.require(Action.BACKLOG, Level.READ)
    items = [item for item in items if item.product_id == access.product.pk]
    if not items:
        return {}
    model = model_for(access.product)
    vectors = texts.vectors_of(item.pk for item in items)
    found: dict[int, estimates.EstimateSuggestion[str]] = {}
    for item in items:
        own = texts.item_text(item, vectors.get(item.pk))
        query: ItemText[str] = ItemText(item.key, own.title, own.description, own.text_vector)
        suggestion = estimates.suggest(model, query)
        if suggestion is not None:
            found[item.pk] = suggestion
    numbers = {_number(entry.key) for s in found.values() for entry in s.similar}
    titles = (
        dict(
            Item.objects.filter(product=access.product, number__in=numbers).values_list(
                "number", "title"
            )
        )
        if numbers
        else {}
    )
    return {
        item_id: EstimateSuggestion(
            points=round(s.points),
            confidence=s.confidence,
            cold_start=s.cold_start,
            reason=s.reason,
            similar=tuple(
                SimilarEstimated(
                    key=entry.key,
                    title=titles.get(_number(entry.key), ""),
                    points=round(entry.points),
                    score=entry.similarity,
                )
                for entry in s.similar
            ),
            history=len(model.points),
        )
        for item_id, s in found.items()
    }


def _number(key: str) -> int:
    return int(key.rpartition("-")[2])
