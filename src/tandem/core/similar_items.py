"""Similar items and likely duplicates, from title and description together.

Each item is compared on three signals, blended as a weighted sum of cosines:

* **words**: TF-IDF (scikit-learn's ``TfidfVectorizer``, sublinear term
  frequency) over the title, counted twice, and the description.  Words are
  reduced by :func:`tandem.core.similarity.normalised_words`, the same light
  stemming and stop words the refinement finder uses, so "exports" meets
  "exported".  Rare shared words (a class name, a product term) say the most.
* **meaning of the whole text**: the cosine of sentence embeddings of title and
  description (:func:`item_text`), which catches paraphrases that share no word.
* **meaning of the title**: the cosine of the titles' embeddings alone, so a
  long description full of logs does not drown what the item is about.

A weighted sum keeps the score on one scale from 0 to 1, so one threshold can
say "likely duplicate"; reciprocal-rank fusion ranks about as well but gives no
such scale.  The default weights were chosen on the published training pairs
of a real bug tracker, and the threshold so that at most 1 in 20 of its
reports with no known duplicate would be flagged (see
``benchmarks/duplicates_eval.py``): a hint that cries wolf is soon ignored.

The index is built once from the other items and queried with one item's text
and vectors, so the work on a change is one pass over the index, never all
pairs.  :func:`with_item` adds or replaces one item without refitting the
word statistics; rebuild now and then so new words gain weight.  Embeddings
are optional: a signal missing on either side drops out of that pair's blend.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from tandem.core.similarity import normalised_words

K = TypeVar("K", bound=Hashable)
FloatArray = npt.NDArray[np.float64]
Vector = npt.NDArray[np.floating[Any]]
BoolArray = npt.NDArray[np.bool_]
_Meaning = tuple[FloatArray, BoolArray] | None


@dataclass(frozen=True)
class SimilarityWeights:
    """How much each signal counts, and the score from which a match is a likely duplicate."""

    words: float = 0.6
    text_meaning: float = 0.3
    title_meaning: float = 0.1
    duplicate_threshold: float = 0.74

    def __post_init__(self) -> None:
        weights = (self.words, self.text_meaning, self.title_meaning)
        if min(weights) < 0 or sum(weights) <= 0:
            msg = f"weights must be non-negative and not all zero, got {weights}"
            raise ValueError(msg)
        if not 0 < self.duplicate_threshold <= 1:
            msg = f"duplicate_threshold must be in (0, 1], got {self.duplicate_threshold}"
            raise ValueError(msg)


DEFAULT_WEIGHTS = SimilarityWeights()


@dataclass(frozen=True)
class ItemText(Generic[K]):
    """One item as the index sees it; vectors are unit-length embeddings, or None."""

    key: K
    title: str
    description: str = ""
    text_vector: Vector | None = field(default=None, compare=False)
    title_vector: Vector | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SimilarItem(Generic[K]):
    key: K
    score: float
    likely_duplicate: bool


@dataclass(frozen=True, eq=False)
class SimilarityIndex(Generic[K]):
    """Every indexed item's word weights and embeddings, row by row in ``keys`` order.

    A row of zeros in ``text_vectors`` or ``title_vectors`` means "no embedding".
    Arrays make equality ambiguous, so indexes compare by identity.
    """

    keys: tuple[K, ...]
    vectorizer: TfidfVectorizer | None
    word_rows: sparse.csr_matrix
    text_vectors: FloatArray
    title_vectors: FloatArray
    weights: SimilarityWeights


def item_text(title: str, description: str) -> str:
    """The text an item is embedded from: its title, then its description."""
    title = " ".join(title.split())
    description = description.strip()
    return f"{title}\n{description}" if description else title


def build_index(
    items: Sequence[ItemText[K]], *, weights: SimilarityWeights = DEFAULT_WEIGHTS
) -> SimilarityIndex[K]:
    """Learn word weights from ``items`` and keep their vectors, ready for queries."""
    keys = tuple(item.key for item in items)
    if len(set(keys)) != len(keys):
        msg = "each item must appear once in the index"
        raise ValueError(msg)
    vectorizer: TfidfVectorizer | None = TfidfVectorizer(
        analyzer=normalised_words, sublinear_tf=True, dtype=np.float64
    )
    try:
        word_rows = sparse.csr_matrix(
            cast(Any, vectorizer).fit_transform([_word_text(item) for item in items])
        )
    except ValueError:  # no item has a single meaningful word
        vectorizer, word_rows = None, sparse.csr_matrix((len(items), 0))
    return SimilarityIndex(
        keys=keys,
        vectorizer=vectorizer,
        word_rows=word_rows,
        text_vectors=_stack([item.text_vector for item in items]),
        title_vectors=_stack([item.title_vector for item in items]),
        weights=weights,
    )


def with_item(index: SimilarityIndex[K], item: ItemText[K]) -> SimilarityIndex[K]:
    """Return the index with ``item`` added, or replacing the row of the same key.

    Word weights stay as learnt when the index was built: a word the index has
    never seen counts for nothing until the index is built again.
    """
    rest = [row for row, key in enumerate(index.keys) if key != item.key]
    word_row = _word_rows(index, [_word_text(item)])
    return replace(
        index,
        keys=(*(index.keys[row] for row in rest), item.key),
        word_rows=sparse.vstack([index.word_rows[rest], word_row], format="csr"),
        text_vectors=_append(index.text_vectors[rest], item.text_vector),
        title_vectors=_append(index.title_vectors[rest], item.title_vector),
    )


def without_item(index: SimilarityIndex[K], key: K) -> SimilarityIndex[K]:
    """Return the index without the row of ``key`` (unchanged if it is not there)."""
    rest = [row for row, indexed in enumerate(index.keys) if indexed != key]
    return replace(
        index,
        keys=tuple(index.keys[row] for row in rest),
        word_rows=index.word_rows[rest],
        text_vectors=index.text_vectors[rest],
        title_vectors=index.title_vectors[rest],
    )


def scores(index: SimilarityIndex[K], item: ItemText[K]) -> FloatArray:
    """The blended similarity, in [0, 1], of ``item`` to every indexed item, in row order."""
    word_query = _word_rows(index, [_word_text(item)])
    word_scores = np.asarray((index.word_rows @ word_query.T).todense()).ravel()
    meanings: list[_Meaning] = []
    for vectors, query in (
        (index.text_vectors, item.text_vector),
        (index.title_vectors, item.title_vector),
    ):
        unit = _unit(query)
        if unit is None or vectors.shape[1] != unit.shape[0]:
            meanings.append(None)
            continue
        # einsum, not BLAS: one matrix-vector product gains nothing from BLAS threads,
        # and on a busy machine waiting for them costs tens of milliseconds.
        cosines = np.einsum("ij,j->i", vectors, unit)
        meanings.append((cosines, _present(vectors)))
    return _blend(index.weights, word_scores, meanings[0], meanings[1])


def pairwise_scores(
    index: SimilarityIndex[K], rows: Sequence[int] | npt.NDArray[np.intp]
) -> FloatArray:
    """The blended similarity of the indexed items at ``rows`` to every indexed item.

    One row per entry of ``rows``; an item's similarity to itself is included.
    """
    chosen = np.asarray(rows, dtype=np.intp)
    word_scores = np.asarray((index.word_rows[chosen] @ index.word_rows.T).todense())
    meanings: list[_Meaning] = []
    for vectors in (index.text_vectors, index.title_vectors):
        if vectors.shape[1] == 0:
            meanings.append(None)
            continue
        present = _present(vectors)
        meanings.append((vectors[chosen] @ vectors.T, present[chosen, np.newaxis] & present))
    return _blend(index.weights, word_scores, meanings[0], meanings[1])


def _blend(
    weights: SimilarityWeights, word_scores: FloatArray, text: _Meaning, title: _Meaning
) -> FloatArray:
    """Weighted mean of the signals present on both sides of each pair, in [0, 1]."""
    total = weights.words * word_scores
    weight_sum = np.full(word_scores.shape, weights.words)
    for meaning, weight in ((text, weights.text_meaning), (title, weights.title_meaning)):
        if meaning is None or weight == 0:
            continue
        cosines, present = meaning
        total = total + weight * np.clip(cosines, 0.0, 1.0)
        weight_sum = weight_sum + weight * present
    blended: FloatArray = np.divide(
        total, weight_sum, out=np.zeros(total.shape), where=weight_sum > 0
    )
    return np.clip(blended, 0.0, 1.0, out=blended)


def _present(vectors: FloatArray) -> BoolArray:
    squared_norms: FloatArray = np.einsum("ij,ij->i", vectors, vectors)
    return squared_norms > 0


def similar_items(
    index: SimilarityIndex[K],
    item: ItemText[K],
    *,
    limit: int = 10,
    min_score: float = 0.0,
    exclude: Sequence[K] = (),
) -> list[SimilarItem[K]]:
    """The indexed items most like ``item``, best first, never ``item`` itself.

    Ties keep index order.  ``exclude`` leaves out further keys (an item's own
    sub-tasks, say); ``min_score`` drops weak matches.
    """
    if limit < 0:
        msg = f"limit must not be negative, got {limit}"
        raise ValueError(msg)
    blended = scores(index, item)
    left_out = {item.key, *exclude}
    order = np.argsort(-blended, kind="stable")
    threshold = index.weights.duplicate_threshold
    found: list[SimilarItem[K]] = []
    for row in order:
        if len(found) == limit or blended[row] < min_score:
            break
        key = index.keys[row]
        if key in left_out:
            continue
        score = float(blended[row])
        found.append(SimilarItem(key=key, score=score, likely_duplicate=score >= threshold))
    return found


def likely_duplicates(
    index: SimilarityIndex[K], item: ItemText[K], *, limit: int = 3
) -> list[SimilarItem[K]]:
    """The matches that reach the likely-duplicate threshold, best first."""
    return similar_items(index, item, limit=limit, min_score=index.weights.duplicate_threshold)


def _word_text(item: ItemText[Any]) -> str:
    # The title counts twice: it is the item's own summary of what it is about.
    return f"{item.title}\n{item.title}\n{item.description}"


def _word_rows(index: SimilarityIndex[Any], texts: list[str]) -> sparse.csr_matrix:
    if index.vectorizer is None:
        return sparse.csr_matrix((len(texts), index.word_rows.shape[1]))
    return sparse.csr_matrix(cast(Any, index.vectorizer).transform(texts))


def _unit(vector: Vector | None) -> FloatArray | None:
    if vector is None:
        return None
    flat = np.asarray(vector, dtype=np.float64).ravel()
    norm = float(np.linalg.norm(flat))
    return flat / norm if norm > 0 else None


def _stack(vectors: Sequence[Vector | None]) -> FloatArray:
    units = [_unit(vector) for vector in vectors]
    sizes = {unit.shape[0] for unit in units if unit is not None}
    if len(sizes) > 1:
        msg = f"vectors must all have one length, got lengths {sorted(sizes)}"
        raise ValueError(msg)
    width = sizes.pop() if sizes else 0
    rows = np.zeros((len(units), width))
    for row, unit in enumerate(units):
        if unit is not None:
            rows[row] = unit
    return rows


def _append(rows: FloatArray, vector: Vector | None) -> FloatArray:
    unit = _unit(vector)
    if rows.shape[1] == 0 and unit is not None:
        rows = np.zeros((rows.shape[0], unit.shape[0]))
    if unit is not None and unit.shape[0] != rows.shape[1]:
        msg = f"vector length {unit.shape[0]} does not match the index's {rows.shape[1]}"
        raise ValueError(msg)
    new_row = unit if unit is not None else np.zeros(rows.shape[1])
    return np.vstack([rows, new_row[np.newaxis, :]])
