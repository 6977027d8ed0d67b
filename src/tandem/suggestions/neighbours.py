"""Similar items, stored per item when an item changes, and the check before a new one.

A committed write to an item's text is heard by :func:`on_audited_writes`, which only
queues :func:`refresh_item`. That job scores the item against the product's index,
keeps its ``NEIGHBOURS_KEPT`` best matches, and, the score being symmetric, places it
among the stored neighbours of the items it beats. Pages and the API then read rows:
no page compares the whole backlog.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from tandem.backlog.models import Item, Status
from tandem.core import similar_items
from tandem.core.similar_items import ItemText, SimilarityIndex
from tandem.workspace import jobs
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Event, Product
from tandem.workspace.rights import Action, Level

from . import index as indexes
from . import texts
from .models import ItemNeighbour
from .titles import TitleScorer

log = logging.getLogger(__name__)

NEIGHBOURS_KEPT = 10
MIN_SCORE = 0.1  # below this two items share little more than common words
REVERSE_REACH = 200  # items an item can newly enter the neighbour lists of, per change
SHOWN = 5
TEXT_FIELDS = {"title", "description", "as_a", "i_want", "so_that", "kind"}
REFRESH_VERBS = {"item.created", "item.archived", "item.restored"}
BACKFILL_INLINE = 2_000  # a product this small gets its first rows computed on first read
CHUNK = 256


@dataclass(frozen=True)
class Neighbour:
    key: str
    title: str
    score: float
    likely_duplicate: bool
    estimate: int | None = None


# --- hearing changes -------------------------------------------------------------------


def _text_changed(event: Event) -> bool:
    if event.verb in REFRESH_VERBS:
        return True
    if event.verb != "item.updated":
        return False
    before: dict[str, Any] = event.before or {}
    after: dict[str, Any] = event.after or {}
    return any(before.get(name) != after.get(name) for name in TEXT_FIELDS)


def on_audited_writes(events: Sequence[Event]) -> None:
    """Queue one neighbour refresh per item whose text changed; never do the work here."""
    seen: set[int] = set()
    for event in events:
        if event.object_type != "item" or event.object_id in seen or not _text_changed(event):
            continue
        seen.add(event.object_id)
        jobs.enqueue(refresh_item, item_id=event.object_id)


# --- the jobs --------------------------------------------------------------------------


def refresh_item(*, item_id: int) -> int:
    """Store the item's neighbours again, and its place among theirs; the rows written.

    Runs after the write committed: a failure is logged (``tandem neighbours`` rebuilds
    a product) and never turns a saved change into an error.
    """
    try:
        return _refresh_item(item_id)
    except Exception:
        log.exception("Neighbour refresh of item %s failed", item_id)
        return 0


def _refresh_item(item_id: int) -> int:
    item = Item.objects.select_related("product").filter(pk=item_id).first()
    if item is None:
        return 0  # deleted: its rows went with it
    comparable = texts.is_comparable(item)
    text = texts.one_item_text(item) if comparable else None
    index = indexes.product_index(item.product)
    with transaction.atomic():
        ItemNeighbour.objects.filter(Q(item_id=item.pk) | Q(neighbour_id=item.pk)).delete()
        if text is None:
            return 0
        return _store_around(item.product, index, text)


def _store_around(product: Product, index: SimilarityIndex[int], text: ItemText[int]) -> int:
    blended = similar_items.scores(index, text)
    order = np.argsort(-blended, kind="stable")
    threshold = index.weights.duplicate_threshold
    matches = [
        (index.keys[row], float(blended[row]))
        for row in order[: REVERSE_REACH + 1]
        if index.keys[row] != text.key and blended[row] >= MIN_SCORE
    ][:REVERSE_REACH]
    now = timezone.now()
    scorer = TitleScorer(index)
    titles = dict(
        Item.objects.filter(pk__in=[key for key, _ in matches]).values_list("pk", "title")
    )
    alike = {key for key, _ in matches if scorer.alike(text.title, titles.get(key, ""))}

    def row(item_id: int, neighbour_id: int, score: float) -> ItemNeighbour:
        other = neighbour_id if item_id == text.key else item_id
        return ItemNeighbour(
            product=product,
            item_id=item_id,
            neighbour_id=neighbour_id,
            score=score,
            likely_duplicate=score >= threshold or other in alike,
            computed_at=now,
        )

    rows = [row(text.key, other, score) for other, score in matches[:NEIGHBOURS_KEPT]]
    entering, crowded = _entering(dict(matches))
    rows += [row(other, text.key, score) for other, score in matches if other in entering]
    if crowded:
        ItemNeighbour.objects.filter(pk__in=crowded).delete()
    ItemNeighbour.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent job wrote it
    return len(rows)


def _entering(scores: dict[int, float]) -> tuple[set[int], list[int]]:
    """Which items take the changed one among their neighbours, and the rows it pushes out."""
    held = {
        entry["item_id"]: (entry["count"], entry["low"])
        for entry in ItemNeighbour.objects.filter(item_id__in=list(scores))
        .values("item_id")
        .annotate(count=Count("pk"), low=Min("score"))
    }
    entering = {
        other
        for other, score in scores.items()
        if held.get(other, (0, 0.0))[0] < NEIGHBOURS_KEPT or score > held[other][1]
    }
    full = [other for other in entering if held.get(other, (0, 0.0))[0] >= NEIGHBOURS_KEPT]
    crowded: list[int] = []
    if full:
        lowest: dict[int, int] = {}
        for pk, item_id in (
            ItemNeighbour.objects.filter(item_id__in=full)
            .order_by("item_id", "score", "pk")
            .values_list("pk", "item_id")
        ):
            lowest.setdefault(item_id, pk)
        crowded = list(lowest.values())
    return entering, crowded


def on_bulk_write(product_id: int) -> None:
    """An import wrote many items at once: queue one refresh of the whole product."""
    jobs.enqueue(refresh_product, product_id=product_id)


def refresh_product(*, product_id: int) -> int:
    """Compute every stored neighbour of a product again; the rows written."""
    indexes.forget(product_id)
    product = Product.objects.get(pk=product_id)
    items = texts.comparable_items(product_id)
    titles = [item.title for item in items]
    index = similar_items.build_index(texts.texts_of(items))
    scorer = TitleScorer(index)
    threshold = index.weights.duplicate_threshold
    now = timezone.now()
    rows: list[ItemNeighbour] = []
    for start in range(0, len(index.keys), CHUNK):
        chosen = np.arange(start, min(start + CHUNK, len(index.keys)))
        blended = similar_items.pairwise_scores(index, chosen)
        for offset, row in enumerate(chosen):
            blended[offset, row] = -np.inf
            best = np.argsort(-blended[offset], kind="stable")[:NEIGHBOURS_KEPT]
            rows += [
                ItemNeighbour(
                    product=product,
                    item_id=index.keys[row],
                    neighbour_id=index.keys[other],
                    score=float(blended[offset, other]),
                    likely_duplicate=bool(blended[offset, other] >= threshold)
                    or scorer.alike(titles[row], titles[other]),
                    computed_at=now,
                )
                for other in best
                if blended[offset, other] >= MIN_SCORE
            ]
    with transaction.atomic():
        ItemNeighbour.objects.filter(product=product).delete()
        ItemNeighbour.objects.bulk_create(rows, batch_size=1_000)
    return len(rows)


def ensure_computed(product: Product) -> None:
    """Give a product its first rows (items imported in bulk announce no writes)."""
    marker = f"neighbours:computed:{product.pk}:{product.created_at.isoformat()}"
    if cache.get(marker) or ItemNeighbour.objects.filter(product=product).exists():
        return
    cache.set(marker, True, None)
    live = Item.objects.filter(product=product).filter(texts.live_filter()).count()
    if live < 2:
        cache.delete(marker)  # nothing to compare yet; look again once there is
    elif live <= BACKFILL_INLINE:
        refresh_product(product_id=product.pk)
    else:
        jobs.enqueue(refresh_product, product_id=product.pk)


# --- reads -----------------------------------------------------------------------------


def stored_neighbours(
    *, access: ProductAccess, item: Item, limit: int = SHOWN, backfill: bool = True
) -> list[Neighbour]:
    """The item's closest live items, best first, as last stored.

    ``backfill`` first gives a product that has no rows yet its first ones; the item
    page leaves it out to keep its query count (refinement and the API do it).
    """
    access.require(Action.BACKLOG, Level.READ)
    if backfill:
        ensure_computed(access.product)
    rows = (
        ItemNeighbour.objects.filter(
            item=item, product=access.product, neighbour__archived_at__isnull=True
        )
        .select_related("neighbour")
        .only(
            "score",
            "likely_duplicate",
            "neighbour__number",
            "neighbour__title",
            "neighbour__estimate",
        )
        .order_by("-score", "neighbour_id")[:limit]
    )
    prefix = access.product.key
    return [
        Neighbour(
            key=f"{prefix}-{row.neighbour.number}",
            title=row.neighbour.title,
            score=row.score,
            likely_duplicate=row.likely_duplicate,
            estimate=row.neighbour.estimate,
        )
        for row in rows
    ]


def likely_duplicate_keys(*, access: ProductAccess, item: Item) -> list[str]:
    return [n.key for n in stored_neighbours(access=access, item=item) if n.likely_duplicate]


CLOSED = (Status.DONE, Status.ACCEPTED)


def duplicate_pairs(access: ProductAccess, limit: int) -> list[tuple[int, int, float]]:
    """Refinement's likely duplicates: open, live, non-epic pairs from the stored rows."""
    ensure_computed(access.product)
    open_pairs = (
        ItemNeighbour.objects.filter(product=access.product, likely_duplicate=True)
        .filter(item__archived_at__isnull=True, neighbour__archived_at__isnull=True)
        .exclude(item__status__in=CLOSED)
        .exclude(neighbour__status__in=CLOSED)
        .order_by("-score", "item_id", "neighbour_id")
        .values_list("item_id", "neighbour_id", "score")
    )
    pairs: dict[tuple[int, int], float] = {}
    for first, second, score in open_pairs[: 4 * limit]:
        pairs.setdefault((min(first, second), max(first, second)), score)
        if len(pairs) == limit:
            break
    return [(first, second, score) for (first, second), score in pairs.items()]


# --- before a new item is saved --------------------------------------------------------

WARN_SCORE = 0.6  # a new item this close to an existing one gets "this looks like ..."
WARNED = 3
TITLE_MAX = 200


def similar_check(
    *, access: ProductAccess, title: str, description: str = "", limit: int = WARNED
) -> list[Neighbour]:
    """Live items the text about to be saved reads like, best first, for a warning.

    Words only: embedding a text nobody saved yet would cost more than the whole
    check; the stored neighbours, computed after saving, add the meaning.
    """
    access.require(Action.BACKLOG, Level.PROPOSE)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed({"title": "type a title to check"})
    if len(title) > TITLE_MAX:
        raise ValidationFailed({"title": f"at most {TITLE_MAX} characters"})
    index = indexes.product_index(access.product)
    query = ItemText(key=0, title=title, description=description.strip())
    found = similar_items.similar_items(index, query, limit=limit, min_score=WARN_SCORE)
    rows = texts.rows_of(match.key for match in found)
    live = set(
        Item.objects.filter(pk__in=list(rows))
        .filter(texts.live_filter())
        .values_list("pk", flat=True)
    )
    return [
        Neighbour(
            key=rows[match.key].key,
            title=rows[match.key].title,
            score=match.score,
            likely_duplicate=match.likely_duplicate,
            estimate=rows[match.key].estimate,
        )
        for match in found
        if match.key in live
    ]


def warning_for(*, access: ProductAccess, item: Item) -> list[Neighbour]:
    """What a just-created item reads like, for the create answer; never fails the create."""
    try:
        found = similar_check(
            access=access, title=item.title, description=item.description, limit=WARNED + 1
        )
    except Exception:  # a hint must not turn a saved item into an error
        log.exception("Similar check after creating %s failed", item.key)
        return []
    return [n for n in found if n.key != item.key][:WARNED]


def create_headers(access: ProductAccess, item: Item) -> dict[str, str]:
    """``Tandem-Similar: DRN-17 (0.82), DRN-4 (0.65)`` on the answer to a create, when any."""
    found = warning_for(access=access, item=item)
    if not found:
        return {}
    return {"Tandem-Similar": ", ".join(f"{n.key} ({n.score:.2f})" for n in found)}
