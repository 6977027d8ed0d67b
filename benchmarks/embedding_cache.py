"""Sentence embeddings of an evaluation data set, computed once and kept on disk.

Embedding a few thousand issues takes minutes on two cores, so the vectors are
kept under ``~/.cache/tandem-bench/`` (or ``$TANDEM_BENCH_CACHE``), keyed by a
hash of the model name and of every text: change one text and the set is
embedded anew. The cache holds only vectors, never the data set's text.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tandem.knowledge import embeddings


def cache_folder() -> Path:
    configured = os.environ.get("TANDEM_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "tandem-bench"


def cached_embeddings(texts: Sequence[str], *, label: str) -> np.ndarray:
    """Unit-length rows for ``texts``, read from the cache or embedded and stored."""
    digest = hashlib.sha256(embeddings.MODEL_NAME.encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    path = cache_folder() / f"{label}-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    vectors = embeddings.embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors
