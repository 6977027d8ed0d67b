"""Suggest a feedback kind with one-against-the-rest logistic regression over TF-IDF.

The discriminative alternative to :mod:`tandem.core.triage`'s Naive Bayes, for a
product with enough triaged messages; ranked by the same :func:`~tandem.core.triage.suggest`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .triage import Example, FeedbackKind, FloatArray, features


@dataclass(frozen=True, eq=False)
class LinearModel:
    """One-against-the-rest logistic regression over TF-IDF features.

    ``weights[k, j]`` weighs feature ``vocabulary[j]`` for kind ``kinds[k]``;
    ``idf[j]`` is its inverse document frequency.  A message's features are
    counted, damped (1 + log count), multiplied by ``idf`` and scaled to unit
    length before the weights apply, so long messages do not shout.
    """

    kinds: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: FloatArray
    weights: FloatArray
    bias: FloatArray
    _index: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        shape = (len(self.kinds), len(self.vocabulary))
        if (
            self.weights.shape != shape
            or self.idf.shape != shape[1:]
            or self.bias.shape != shape[:1]
        ):
            msg = f"weights must have shape {shape}, idf {shape[1:]}, bias {shape[:1]}"
            raise ValueError(msg)
        object.__setattr__(self, "_index", {term: j for j, term in enumerate(self.vocabulary)})

    def vector(self, text: str) -> tuple[list[int], FloatArray]:
        """The message's feature positions and their TF-IDF values, unit length."""
        counts = Counter(self._index[t] for t in features(text) if t in self._index)
        if not counts:
            return [], np.zeros(0)
        positions = sorted(counts)
        values = np.array([1 + math.log(counts[j]) for j in positions]) * self.idf[positions]
        return positions, values / np.linalg.norm(values)

    def scores(self, text: str) -> FloatArray:
        positions, values = self.vector(text)
        return self.bias + (self.weights[:, positions] @ values if positions else 0.0)

    def to_dict(self, digits: int = 5) -> dict[str, Any]:
        """Plain lists, rounded to ``digits`` decimals, for a small JSON file."""
        return {
            "kinds": list(self.kinds),
            "vocabulary": list(self.vocabulary),
            "idf": np.round(self.idf, digits).tolist(),
            "weights": np.round(self.weights, digits).tolist(),
            "bias": np.round(self.bias, digits).tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearModel:
        kinds = tuple(str(kind) for kind in data["kinds"])
        vocabulary = tuple(str(term) for term in data["vocabulary"])
        weights = np.array(data["weights"], dtype=np.float64).reshape(len(kinds), len(vocabulary))
        return cls(
            kinds=kinds,
            vocabulary=vocabulary,
            idf=np.array(data["idf"], dtype=np.float64).reshape(len(vocabulary)),
            weights=weights,
            bias=np.array(data["bias"], dtype=np.float64),
        )


def feature_rows(model: LinearModel, texts: Sequence[str]) -> Any:
    """Each text's features as ``model`` reads them, one row of a sparse matrix per text."""
    from scipy import sparse

    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, text in enumerate(texts):
        positions, vector = model.vector(text)
        rows += [i] * len(positions)
        cols += positions
        values += vector.tolist()
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(model.vocabulary)))


def train_logistic(
    examples: Iterable[Example],
    *,
    min_count: int = 2,
    strength: float = 10.0,
    kinds: Sequence[str] = tuple(FeedbackKind),
) -> LinearModel:
    """Learn one logistic regression per kind (it against the rest) on TF-IDF features.

    A review may carry several kinds: give one example per kind with the same
    text.  Each kind's positives and negatives are weighted to count equally,
    so a rare kind is not drowned by a common one.  ``strength`` is the inverse
    of the L2 penalty (scikit-learn's ``C``).  Features in fewer than
    ``min_count`` messages are dropped.  Fitted with L-BFGS from zero weights:
    deterministic, no learning rate to tune.
    """
    from scipy.optimize import minimize
    from scipy.special import expit

    if min_count < 1 or not strength > 0:
        msg = "min_count must be at least 1 and strength positive"
        raise ValueError(msg)
    allowed = set(kinds)
    labels_by_text: dict[str, set[str]] = {}
    for example in examples:
        if example.kind not in allowed:
            msg = f"unknown kind {example.kind!r}; expected one of {sorted(allowed)}"
            raise ValueError(msg)
        labels_by_text.setdefault(example.text, set()).add(example.kind)
    if not labels_by_text:
        msg = "training needs at least one example"
        raise ValueError(msg)
    texts = sorted(labels_by_text)
    model_kinds = tuple(str(k) for k in kinds if any(k in ls for ls in labels_by_text.values()))
    documents: Counter[str] = Counter()
    for text in texts:
        documents.update(set(features(text)))
    vocabulary = tuple(sorted(t for t, n in documents.items() if n >= min_count))
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + documents[t])) + 1 for t in vocabulary])
    empty = LinearModel(
        model_kinds,
        vocabulary,
        idf,
        np.zeros((len(model_kinds), len(vocabulary))),
        np.zeros(len(model_kinds)),
    )
    matrix = feature_rows(empty, texts)

    weights = np.zeros((len(model_kinds), len(vocabulary)))
    bias = np.zeros(len(model_kinds))
    for k, kind in enumerate(model_kinds):
        signs = np.array([1.0 if kind in labels_by_text[t] else -1.0 for t in texts])
        positives = max(int((signs > 0).sum()), 1)
        negatives = max(n - positives, 1)
        balance = np.where(signs > 0, n / (2 * positives), n / (2 * negatives))

        def loss(
            params: FloatArray, signs: FloatArray = signs, balance: FloatArray = balance
        ) -> tuple[float, FloatArray]:
            w, b = params[:-1], params[-1]
            margins = signs * (matrix @ w + b)
            value = float(np.sum(balance * np.logaddexp(0, -margins)) + 0.5 / strength * (w @ w))
            slope = -signs * balance * expit(-margins)
            return value, np.append(matrix.T @ slope + w / strength, slope.sum())

        fitted = minimize(loss, np.zeros(len(vocabulary) + 1), jac=True, method="L-BFGS-B")
        weights[k], bias[k] = fitted.x[:-1], fitted.x[-1]
    return LinearModel(model_kinds, vocabulary, idf, weights, bias)
