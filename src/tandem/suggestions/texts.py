"""Items as the similarity index reads them, with the vectors the search index keeps.

The search index (``tandem.knowledge``) already embeds every item's title and text in
the background; reading its stored vector costs a row, where embedding again would
cost tens of milliseconds per item. An item whose document has no vector (embeddings
switched off, or not indexed yet) is compared on its words alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from tandem.backlog.models import Item, Kind
from tandem.core.similar_items import ItemText, Vector
from tandem.knowledge import embeddings
from tandem.knowledge.index_models import SearchDocument

CHUNK = 2_000


@dataclass(frozen=True)
class ItemRow:
    """What the suggestions show of an item besides its score."""

    pk: int
    key: str
    title: str
    estimate: int | None


def vectors_of(item_ids: Iterable[int]) -> dict[int, Vector]:
    """The search index's sentence vector of each item that has one."""
    ids = list(item_ids)
    found: dict[int, Vector] = {}
    for start in range(0, len(ids), CHUNK):
        rows = SearchDocument.objects.filter(
            kind="item", object_id__in=ids[start : start + CHUNK], vector__isnull=False
        ).values_list("object_id", "vector")
        for object_id, vector in rows:
            if vector is not None:
                found[int(object_id)] = embeddings.from_bytes(bytes(vector))
    return found


def item_text(item: Item, vector: Vector | None = None) -> ItemText[int]:
    return ItemText(
        key=item.pk, title=item.title, description=_description(item), text_vector=vector
    )


def one_item_text(item: Item) -> ItemText[int]:
    return item_text(item, vectors_of([item.pk]).get(item.pk))


def _description(item: Item) -> str:
    story = " ".join(part for part in (item.as_a, item.i_want, item.so_that) if part)
    return f"{story}\n{item.description}".strip() if story else item.description


TEXT_FIELDS = (
    "id",
    "product",
    "number",
    "kind",
    "title",
    "description",
    "as_a",
    "i_want",
    "so_that",
    "archived_at",
    "updated_at",
)


def comparable_items(product_id: int) -> Sequence[Item]:
    """Every live item of a product that can be like another: epics name themes, not work."""
    return list(
        Item.objects.filter(product_id=product_id, archived_at__isnull=True)
        .exclude(kind=Kind.EPIC)
        .only(*TEXT_FIELDS)
        .order_by("pk")
    )


def is_comparable(item: Item) -> bool:
    return item.archived_at is None and item.kind != Kind.EPIC


def texts_of(items: Sequence[Item]) -> list[ItemText[int]]:
    vectors = vectors_of(item.pk for item in items)
    return [item_text(item, vectors.get(item.pk)) for item in items]


def rows_of(item_ids: Iterable[int]) -> dict[int, ItemRow]:
    """Keys, titles and estimates of the given items, in one query."""
    rows = Item.objects.filter(pk__in=list(item_ids)).values_list(
        "pk", "product__key", "number", "title", "estimate"
    )
    return {
        pk: ItemRow(pk=pk, key=f"{prefix}-{number}", title=title, estimate=estimate)
        for pk, prefix, number, title, estimate in rows
    }


def live_filter() -> Q:
    return Q(archived_at__isnull=True) & ~Q(kind=Kind.EPIC)
