"""Keeping the index in step with the records every registered source declares.

A write is announced after its commit (``audit.subscribe``); the listener only queues
:func:`refresh_object`, which reads the rows again and rewrites their documents. The
``tandem reindex`` command rebuilds a product (or all) with :func:`reindex`.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tandem.workspace import jobs
from tandem.workspace.models import Event, Product
from tandem.workspace.registry import SearchSource, search_sources

from . import embeddings
from .index_models import SearchDocument

BATCH = 200
# A rebuild's SQLite page cache (KiB): a million documents' indexes fit, where the
# default 2 MB made every insert re-read b-tree pages (3× slower already at 100,000).
REBUILD_CACHE_KIB = 256 * 1024
log = logging.getLogger(__name__)


def sources() -> list[SearchSource]:
    return list(search_sources())


def source_named(kind: str) -> SearchSource | None:
    return next((s for s in search_sources() if s.name == kind), None)


def _scope(source: SearchSource, row: Any) -> str:
    object_type, path = next(iter(source.refresh_on.items()))
    value = row.pk if path == "pk" else getattr(row, path)
    return f"{object_type}:{value}"


def _product_of(source: SearchSource, row: Any) -> Product:
    target = row
    for part in source.product_path.split("__"):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def _masked(source: SearchSource, row: Any) -> Any:
    """The row as everyone may read it: restricted fields (revenue, budgets) blanked."""
    if not source.restricted:
        return row
    public = copy.copy(row)
    for name in source.restricted:
        setattr(public, name, None)
    return public


def _document(source: SearchSource, row: Any) -> SearchDocument | None:
    if getattr(row, "archived_at", None) is not None:
        return None
    text = source.search(_masked(source, row))
    product = _product_of(source, row)
    if not (text.title or text.body).strip():
        return None
    changed = getattr(row, "updated_at", None) or getattr(row, "created_at", None)
    return SearchDocument(
        product=product,
        kind=source.name,
        object_id=row.pk,
        scope=_scope(source, row),
        action=str(source.action),
        title=(text.title or source.label)[:300],
        body=text.body,
        status=str(text.status or "")[:40],
        key=(text.key or (source.key(row) if source.key else ""))[:40],
        url=(source.url(row) if source.url else "")[:300],
        changed_at=changed if isinstance(changed, dt.datetime) else timezone.now(),
    )


def _with_vectors(documents: list[SearchDocument]) -> list[SearchDocument]:
    if documents and embeddings.available():
        vectors = embeddings.embed([f"{d.title}\n{d.body}" for d in documents])
        for document, vector in zip(documents, vectors, strict=True):
            document.vector = embeddings.to_bytes(vector)
    return documents


def _write(source: SearchSource, documents: list[SearchDocument], stale: models.Q) -> int:
    """Make the documents matching ``stale`` be ``documents``, in one transaction.

    Written as an upsert on (kind, object id), never delete-then-insert of the same
    document: a rebuild and the refresh of one of its objects may run at once on two
    workers, and neither may fail on the other's row nor leave the object out. A
    document the index already holds as it is now is not written again (nor embedded):
    rebuilding an index that is in step costs reads, not a rewrite of every row.
    """
    written = [d.object_id for d in documents]
    changed = _changed(source, documents)
    _with_vectors(changed)
    with transaction.atomic():
        SearchDocument.objects.filter(stale, kind=source.name).exclude(
            object_id__in=written
        ).delete()
        SearchDocument.objects.bulk_create(
            changed,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=_UPSERTED,
        )
    return len(documents)


_UPSERTED = [
    f.name
    for f in SearchDocument._meta.concrete_fields
    if f.name not in {"id", "kind", "object_id"}
]
_COMPARED = [
    f.attname
    for f in SearchDocument._meta.concrete_fields
    if f.name in _UPSERTED and f.name != "vector"
]


def _changed(source: SearchSource, documents: list[SearchDocument]) -> list[SearchDocument]:
    """The documents that differ from what the index holds for them, or are new to it."""
    if not documents:
        return []
    held = {
        object_id: (values, has_vector)
        for object_id, has_vector, *values in SearchDocument.objects.filter(
            kind=source.name, object_id__in=[d.object_id for d in documents]
        )
        .annotate(has_vector=models.Q(vector__isnull=False))
        .values_list("object_id", "has_vector", *_COMPARED)
    }
    vectors = embeddings.available()
    return [
        d
        for d in documents
        if held.get(d.object_id) != ([getattr(d, name) for name in _COMPARED], vectors)
    ]


def refresh_object(*, object_type: str, object_id: int) -> int:
    """Index again every document an audited object holds (an item, its comments…).

    Runs after the write committed: a failure here is logged (``tandem reindex`` repairs
    the index) and never turns a saved change into an error page.
    """
    try:
        return _refresh(object_type, object_id)
    except Exception:
        log.exception("Search index refresh of %s %s failed", object_type, object_id)
        return 0


def _refresh(object_type: str, object_id: int) -> int:
    written = 0
    for source in sources():
        path = source.refresh_on.get(object_type)
        if path is None:
            continue
        rows = _with_product(source).filter(**{path: object_id})
        documents = [d for row in rows if (d := _document(source, row)) is not None]
        primary = next(iter(source.refresh_on)) == object_type
        ids = list(rows.values_list("pk", flat=True))
        stale = models.Q(object_id__in=ids)
        if primary:
            stale |= models.Q(scope=f"{object_type}:{object_id}")
        written += _write(source, documents, stale)
    return written


def _with_product(source: SearchSource) -> models.QuerySet[Any]:
    """The source's rows with the path to their product joined: a document needs both,
    and a key (DRN-42) reads the product, so a row never costs a query of its own."""
    return source.model._default_manager.select_related(source.product_path)


def _batches(source: SearchSource, product: Product | None) -> Iterator[list[Any]]:
    """The source's rows (of one product, or all) in batches, in the order of their pk.

    Each batch is its own query, after the last pk of the one before: a cursor held open
    across the whole rebuild would keep SQLite from ever checkpointing its write-ahead
    log, which then grew by gigabytes and slowed every write of the rebuild.
    """
    rows = _with_product(source).order_by("pk")
    if product is not None:
        rows = rows.filter(**{source.product_path: product})
    batch = list(rows[:BATCH])
    while batch:
        yield batch
        batch = list(rows.filter(pk__gt=batch[-1].pk)[:BATCH])


def reindex(
    *, product: Product | None = None, progress: Callable[[str, int], None] | None = None
) -> int:
    """Rebuild the index of one product, or of every product; the count of documents.

    Sweeps each source in pk order: a batch's documents replace whatever the index holds
    for the pk range the batch covers, so the index is never emptied first (a search
    during a rebuild still finds what it found before) and a row gone or archived since
    loses its document on the way.
    """
    total = 0
    with _rebuild_cache():
        for source in sources():
            total += _rebuild(source, product, progress)
    return total


@contextlib.contextmanager
def _rebuild_cache() -> Iterator[None]:
    """On SQLite, a page cache big enough for the index while this connection rebuilds."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _rebuild(
    source: SearchSource, product: Product | None, progress: Callable[[str, int], None] | None
) -> int:
    """One source's documents, swept batch by batch in pk order."""
    total = 0
    scope = models.Q(product=product) if product is not None else models.Q()
    swept = -1  # every pk up to this one is done
    for rows in _batches(source, product):
        documents = [d for row in rows if (d := _document(source, row)) is not None]
        span = models.Q(object_id__gt=swept, object_id__lte=rows[-1].pk)
        total += _write(source, documents, scope & span)
        swept = rows[-1].pk
        if progress:
            progress(source.name, len(rows))
    _write(source, [], scope & models.Q(object_id__gt=swept))
    return total


def count_rows(product: Product | None) -> int:
    """How many rows a reindex reads, for its progress bar."""
    total = 0
    for source in sources():
        rows = source.model._default_manager.all()
        if product is not None:
            rows = rows.filter(**{source.product_path: product})
        total += rows.count()
    return total


def _indexed_types() -> set[str]:
    return {object_type for source in sources() for object_type in source.refresh_on}


def on_audited_writes(events: Sequence[Event]) -> None:
    """Hear committed writes; queue one refresh per object, never do the work here."""
    wanted = _indexed_types()
    seen: set[tuple[str, int]] = set()
    for event in events:
        target = (event.object_type, event.object_id)
        if event.product_id is None or event.object_type not in wanted or target in seen:
            continue
        seen.add(target)
        jobs.enqueue(refresh_object, object_type=event.object_type, object_id=event.object_id)


def on_bulk_write(product_id: int) -> None:
    """A product was written in bulk (an import): queue one rebuild of its index."""
    jobs.enqueue(reindex_product, product_id=product_id)


def reindex_product(*, product_id: int) -> int:
    """The job behind :func:`on_bulk_write`; a product gone since indexes nothing."""
    product = Product.objects.filter(pk=product_id).first()
    return 0 if product is None else reindex(product=product)


def kinds() -> Iterable[tuple[str, str]]:
    """(name, label) of every kind the index holds, for the search page's filter."""
    return [(s.name, s.label) for s in sources()]
