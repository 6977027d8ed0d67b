"""Feedback-kind suggestions from sentence embeddings, the words and the star rating.

The lexical model (:mod:`tandem.core.triage`) only knows words it has seen:
"the app closes on its own" and "it crashes" share none.  A sentence
embedding places both near each other, so a model over embeddings learns a
kind from far fewer examples.  The words still carry what an embedding
blurs (a product's own terms, "please add"), and a star rating says a lot on
its own: a one-star review is rarely praise.  One logistic regression per
kind (it against the rest, each kind's positives and negatives weighted to
count equally) reads all three side by side; scikit-learn fits it.

Embeddings are optional in the product: without them the lexical model
answers, see :func:`suggest_kind`.  Ratings are optional too: a message
without one sets the "no rating" feature instead of a star.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .triage import FeedbackKind, Suggestion, features, suggest
from .triage_logistic import LinearModel, feature_rows

FloatArray = npt.NDArray[np.float64]
STARS = (1, 2, 3, 4, 5)
RATING_FEATURES = len(STARS) + 1  # one per star, and "no rating"
DEFAULT_STRENGTH = 1.0
DEFAULT_MIN_COUNT = 2


@dataclass(frozen=True)
class Message:
    """One piece of feedback as the model reads it: text, its embedding, its stars."""

    text: str
    vector: npt.NDArray[np.floating[Any]]
    rating: int | None = None


@dataclass(frozen=True, eq=False)
class VectorModel:
    """Weights over [embedding, rating] and over the words' TF-IDF, one row per kind.

    The word features are built exactly as :class:`~tandem.core.triage_logistic.LinearModel`
    builds them (damped counts times IDF, unit length), from ``vocabulary``
    and ``idf``.  Models compare by identity (they hold arrays).
    """

    kinds: tuple[str, ...]
    dense_weights: FloatArray
    vocabulary: tuple[str, ...]
    idf: FloatArray
    word_weights: FloatArray
    bias: FloatArray

    def __post_init__(self) -> None:
        kinds, words = len(self.kinds), len(self.vocabulary)
        if (
            self.dense_weights.ndim != 2
            or self.dense_weights.shape[0] != kinds
            or self.word_weights.shape != (kinds, words)
            or self.idf.shape != (words,)
            or self.bias.shape != (kinds,)
        ):
            msg = "weights must have one row per kind and one column per feature"
            raise ValueError(msg)

    @property
    def dimensions(self) -> int:
        """Length of the embeddings the model was trained on."""
        return int(self.dense_weights.shape[1]) - RATING_FEATURES

    def probabilities(self, message: Message) -> FloatArray:
        """Each kind's own probability (they need not sum to 1: a review can be two kinds)."""
        dense = _dense_row(message, self.dimensions)
        positions, values = self._words().vector(message.text)
        scores = self.bias + self.dense_weights @ dense
        if positions:
            scores = scores + self.word_weights[:, positions] @ values
        return 1.0 / (1.0 + np.exp(-scores))

    def _words(self) -> LinearModel:
        cached: LinearModel | None = self.__dict__.get("_lexicon")
        if cached is None:
            cached = _lexicon(self.vocabulary, self.idf)
            object.__setattr__(self, "_lexicon", cached)
        return cached

    def to_dict(self, digits: int = 5) -> dict[str, Any]:
        """Plain lists, rounded to ``digits`` decimals, for a JSON file."""
        return {
            "kinds": list(self.kinds),
            "dense_weights": np.round(self.dense_weights, digits).tolist(),
            "vocabulary": list(self.vocabulary),
            "idf": np.round(self.idf, digits).tolist(),
            "word_weights": np.round(self.word_weights, digits).tolist(),
            "bias": np.round(self.bias, digits).tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VectorModel:
        kinds = tuple(str(kind) for kind in data["kinds"])
        vocabulary = tuple(str(term) for term in data["vocabulary"])
        return cls(
            kinds=kinds,
            dense_weights=np.array(data["dense_weights"], dtype=np.float64).reshape(len(kinds), -1),
            vocabulary=vocabulary,
            idf=np.array(data["idf"], dtype=np.float64).reshape(len(vocabulary)),
            word_weights=np.array(data["word_weights"], dtype=np.float64).reshape(
                len(kinds), len(vocabulary)
            ),
            bias=np.array(data["bias"], dtype=np.float64),
        )


def rating_features(rating: int | None) -> FloatArray:
    """One-hot stars, or the "no rating" feature; an out-of-range rating counts as none."""
    row = np.zeros(RATING_FEATURES)
    row[STARS.index(rating) if rating in STARS else len(STARS)] = 1.0
    return row


def train_vectors(
    messages: Sequence[Message],
    labels: Sequence[frozenset[str] | set[str]],
    *,
    kinds: Sequence[str] = tuple(FeedbackKind),
    strength: float = DEFAULT_STRENGTH,
    min_count: int = DEFAULT_MIN_COUNT,
) -> VectorModel:
    """Fit one logistic regression per kind that occurs in ``labels``.

    ``labels[i]`` holds every kind of ``messages[i]`` (a review can be a bug
    report and a feature request).  ``strength`` is the inverse L2 penalty
    (scikit-learn's ``C``); words in fewer than ``min_count`` messages are
    dropped.  Deterministic: L-BFGS from zero weights.
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if len(messages) != len(labels) or not messages:
        msg = "training needs one label set per message, and at least one message"
        raise ValueError(msg)
    if min_count < 1 or not strength > 0:
        msg = "min_count must be at least 1 and strength positive"
        raise ValueError(msg)
    dimensions = len(messages[0].vector)
    if any(len(message.vector) != dimensions for message in messages):
        msg = "every message needs an embedding of the same length"
        raise ValueError(msg)
    model_kinds = tuple(kind for kind in kinds if any(kind in found for found in labels))
    vocabulary, idf = _vocabulary([message.text for message in messages], min_count)
    words = feature_rows(_lexicon(vocabulary, idf), [message.text for message in messages])
    dense = np.vstack([_dense_row(message, dimensions) for message in messages])
    design = sparse.hstack([sparse.csr_matrix(dense), words]).tocsr()

    width = dense.shape[1]
    dense_weights = np.zeros((len(model_kinds), width))
    word_weights = np.zeros((len(model_kinds), len(vocabulary)))
    bias = np.zeros(len(model_kinds))
    for k, kind in enumerate(model_kinds):
        target = np.array([kind in found for found in labels])
        if target.all() or not target.any():
            bias[k] = 30.0 if target.all() else -30.0
            continue
        fitted = LogisticRegression(C=strength, class_weight="balanced", max_iter=5_000)
        fitted.fit(design, target)
        coefficients = np.asarray(fitted.coef_[0], dtype=np.float64)
        dense_weights[k], word_weights[k] = coefficients[:width], coefficients[width:]
        bias[k] = float(fitted.intercept_[0])
    return VectorModel(model_kinds, dense_weights, vocabulary, idf, word_weights, bias)


def suggest_vectors(model: VectorModel, message: Message) -> Suggestion:
    """Rank the kinds by their own probabilities; ``confidence`` is the top one's share."""
    probabilities = model.probabilities(message)
    shares = probabilities / probabilities.sum()
    order = sorted(range(len(model.kinds)), key=lambda k: -probabilities[k])
    ranked = tuple((model.kinds[k], float(shares[k])) for k in order)
    return Suggestion(kind=ranked[0][0], confidence=ranked[0][1], ranked=ranked)


def kinds_found(model: VectorModel, message: Message, *, threshold: float = 0.5) -> tuple[str, ...]:
    """Every kind whose own probability reaches ``threshold``, likeliest first."""
    probabilities = model.probabilities(message)
    order = sorted(range(len(model.kinds)), key=lambda k: -probabilities[k])
    return tuple(model.kinds[k] for k in order if probabilities[k] >= threshold)


def suggest_kind(
    text: str,
    *,
    lexical: LinearModel,
    vector_model: VectorModel | None = None,
    vector: npt.NDArray[np.floating[Any]] | None = None,
    rating: int | None = None,
) -> Suggestion:
    """The embedding model's suggestion when there is an embedding, the lexical one otherwise.

    A product without embeddings (not installed, or switched off) passes no
    ``vector`` and keeps getting the word model's suggestions.
    """
    if vector_model is not None and vector is not None and len(vector) == vector_model.dimensions:
        return suggest_vectors(vector_model, Message(text, vector, rating))
    return suggest(lexical, text)


def _dense_row(message: Message, dimensions: int) -> FloatArray:
    vector = np.asarray(message.vector, dtype=np.float64)
    if vector.shape != (dimensions,):
        msg = f"expected an embedding of {dimensions} numbers, got shape {vector.shape}"
        raise ValueError(msg)
    return np.concatenate([vector, rating_features(message.rating)])


def _vocabulary(texts: Sequence[str], min_count: int) -> tuple[tuple[str, ...], FloatArray]:
    documents: dict[str, int] = {}
    for text in texts:
        for term in set(features(text)):
            documents[term] = documents.get(term, 0) + 1
    vocabulary = tuple(sorted(term for term, n in documents.items() if n >= min_count))
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + documents[term])) + 1 for term in vocabulary])
    return vocabulary, idf.reshape(len(vocabulary))


def _lexicon(vocabulary: tuple[str, ...], idf: FloatArray) -> LinearModel:
    """A word model with no weights: only its way of turning text into features."""
    return LinearModel(
        kinds=("",),
        vocabulary=vocabulary,
        idf=idf,
        weights=np.zeros((1, len(vocabulary))),
        bias=np.zeros(1),
    )
