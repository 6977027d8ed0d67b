"""One similarity index per product and process, kept warm between calls.

Learning the word weights reads every comparable item of the product; queries and
one item's replacement are cheap. An index is therefore reused: each use first
patches in the items written since it was last read (from the ``(product,
updated_at)`` index, a few rows), and it is built again now and then so new words
gain weight.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from tandem.backlog.models import Item
from tandem.core import similar_items
from tandem.core.similar_items import SimilarityIndex
from tandem.core.similarity import normalised_words
from tandem.workspace.models import Product

from . import texts
from .kept import PerProduct

REBUILD_AFTER = 10 * 60  # seconds an index is patched before it is built again
PATCH_LIMIT = 200  # more items written since the last use: build again instead
SMALL_INDEX = 5_000  # items: rebuilt at once when a change brings words it has not seen
NEW_WORDS_WAIT = 60  # seconds a larger index waits before a rebuild for new words


@dataclass
class _Kept:
    stamp: str
    built: float
    as_of: datetime | None
    index: SimilarityIndex[int]


_kept: PerProduct[_Kept] = PerProduct()


def _stamp(product: Product) -> str:
    # Ids are reused by a database that rolls back (tests); the creation time is not.
    return f"{product.pk}:{product.created_at.isoformat()}"


def build(product_id: int) -> SimilarityIndex[int]:
    """A fresh index of every comparable item of the product."""
    return similar_items.build_index(texts.texts_of(texts.comparable_items(product_id)))


def _latest_write(product_id: int) -> datetime | None:
    return (
        Item.objects.filter(product_id=product_id)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )


def _brings_new_words(kept: _Kept, changed: list[Item]) -> bool:
    """Whether a patch would miss words: an unseen word counts for nothing until a rebuild.

    A small index is simply built again; a large one waits ``NEW_WORDS_WAIT`` seconds
    between rebuilds, so a stream of new items does not refit it on every call.
    """
    vectorizer = kept.index.vectorizer
    if vectorizer is None:
        return bool(changed)
    if len(kept.index.keys) > SMALL_INDEX and time.monotonic() - kept.built < NEW_WORDS_WAIT:
        return False
    known: dict[str, int] = vectorizer.vocabulary_
    return any(
        word not in known
        for item in changed
        if texts.is_comparable(item)
        for word in normalised_words(f"{item.title} {texts.item_text(item).description}")
    )


def _caught_up(kept: _Kept, product_id: int) -> bool:
    """Patch in the items written since ``kept`` was last used; False when too many."""
    written = Item.objects.filter(product_id=product_id).only(*texts.TEXT_FIELDS, "kind")
    if kept.as_of is not None:
        written = written.filter(updated_at__gte=kept.as_of)
    changed = list(written.order_by("updated_at", "pk")[: PATCH_LIMIT + 1])
    if len(changed) > PATCH_LIMIT:
        return False
    if _brings_new_words(kept, changed):
        return False
    vectors = texts.vectors_of(item.pk for item in changed if texts.is_comparable(item))
    index = kept.index
    for item in changed:
        if texts.is_comparable(item):
            index = similar_items.with_item(index, texts.item_text(item, vectors.get(item.pk)))
        else:
            index = similar_items.without_item(index, item.pk)
    kept.index = index
    if changed:
        kept.as_of = changed[-1].updated_at
    return True


def product_index(product: Product) -> SimilarityIndex[int]:
    """The product's index as its items now read, built afresh when none is kept or it is old."""
    with _kept.lock:  # held while a kept index is patched, so two requests never both patch it
        kept = _kept.get(product.pk)
        fresh = kept is not None and kept.stamp == _stamp(product)
        young = kept is not None and fresh and time.monotonic() - kept.built < REBUILD_AFTER
        if kept is not None and young and _caught_up(kept, product.pk):
            return kept.index
    as_of = _latest_write(product.pk)  # read first: a write during the build is patched later
    index = build(product.pk)
    _kept.put(product.pk, _Kept(_stamp(product), time.monotonic(), as_of, index))
    return index


forget = _kept.forget
