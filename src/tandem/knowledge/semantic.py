"""Exact nearest neighbours over the stored sentence embeddings, with NumPy."""

from __future__ import annotations

import numpy as np
from django.db.models import QuerySet

from . import embeddings
from .index_models import SearchDocument


def nearest(
    query: str, documents: QuerySet[SearchDocument], *, limit: int, floor: float = 0.2
) -> list[tuple[int, float]]:
    """(document id, cosine) of the closest documents above ``floor``; none without a model."""
    if not query.strip() or not embeddings.available():
        return []
    rows = list(documents.filter(vector__isnull=False).values_list("id", "vector"))
    if not rows:
        return []
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(bytes(row[1] or b"") for row in rows), dtype=np.float16)
    matrix = matrix.reshape(len(rows), embeddings.DIMENSIONS).astype(np.float32)
    scores = matrix @ embeddings.embed_one(query)
    order = np.argsort(-scores)[:limit]
    return [(int(ids[i]), float(scores[i])) for i in order if scores[i] >= floor]
