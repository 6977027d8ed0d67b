"""Suggest what kind of feedback a message is, learnt from the product's own triage.

A multinomial Naive Bayes over word unigrams and bigrams, with additive
smoothing (Laplace, add-one, by default).  Naive Bayes is chosen over logistic regression because a
product starts with a few dozen triaged messages, not thousands: NB needs no
iterations, no learning rate and no regularisation to tune, trains in one pass
of counting, is exactly reproducible, and is known to do as well as
discriminative models on small text sets (Ng & Jordan, 2002).  Maalej et al.
(2016) found it the best single classifier on labelled app reviews.

Bigrams keep short phrases whose words mislead alone ("not working", "please
add", "dark mode").  Stop words are kept, unlike for duplicate titles:
"should", "not", "when" and "want" are what separate a bug from a request.

The posterior probabilities are NB's, so they are over-confident on long
messages (NB counts correlated words as independent evidence): rank by them,
but treat ``confidence`` as a score, not a calibrated probability.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2019]")

FloatArray = npt.NDArray[np.float64]


class FeedbackKind(StrEnum):
    BUG = "bug"
    FEATURE = "feature"
    USABILITY = "usability"
    PRAISE = "praise"
    QUESTION = "question"


@dataclass(frozen=True)
class Example:
    text: str
    kind: str


@dataclass(frozen=True)
class Suggestion:
    """The likeliest kind, its probability, and every trained kind, likeliest first."""

    kind: str
    confidence: float
    ranked: tuple[tuple[str, float], ...]


@dataclass(frozen=True, eq=False)
class TriageModel:
    """What ``suggest`` needs, and nothing of the training text itself.

    ``log_likelihoods[k, j]`` is log P(feature j | kind k).  Arrays make
    equality ambiguous, so models compare by identity; compare ``to_dict()``
    when two models must be checked for sameness.
    """

    kinds: tuple[str, ...]
    vocabulary: tuple[str, ...]
    log_priors: FloatArray
    log_likelihoods: FloatArray
    _index: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.kinds) == 0:
            msg = "a model needs at least one kind"
            raise ValueError(msg)
        expected = (len(self.kinds), len(self.vocabulary))
        if self.log_priors.shape != expected[:1] or self.log_likelihoods.shape != expected:
            msg = f"arrays must have shapes {expected[:1]} and {expected}"
            raise ValueError(msg)
        object.__setattr__(self, "_index", {term: j for j, term in enumerate(self.vocabulary)})

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and floats, so a model can be stored as JSON per product."""
        return {
            "kinds": list(self.kinds),
            "vocabulary": list(self.vocabulary),
            "log_priors": self.log_priors.tolist(),
            "log_likelihoods": self.log_likelihoods.tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TriageModel:
        """Rebuild a model from ``to_dict()``; floats survive JSON exactly."""
        vocabulary = tuple(str(term) for term in data["vocabulary"])
        log_likelihoods = np.array(data["log_likelihoods"], dtype=np.float64)
        if len(vocabulary) == 0:
            log_likelihoods = log_likelihoods.reshape(len(data["kinds"]), 0)
        return cls(
            kinds=tuple(str(kind) for kind in data["kinds"]),
            vocabulary=vocabulary,
            log_priors=np.array(data["log_priors"], dtype=np.float64),
            log_likelihoods=log_likelihoods,
        )

    def feature_indices(self, text: str) -> list[int]:
        """Vocabulary positions of the text's features; unseen ones carry no evidence."""
        return [self._index[term] for term in features(text) if term in self._index]

    def scores(self, text: str) -> FloatArray:
        """Each kind's log posterior, up to a constant."""
        evidence: FloatArray = self.log_likelihoods[:, self.feature_indices(text)].sum(axis=1)
        return self.log_priors + evidence


def feedback_words(text: str) -> list[str]:
    """Lower-cased words, apostrophes dropped so "doesn't" and "doesnt" agree."""
    return _WORD.findall(_APOSTROPHES.sub("", text.casefold()))


def features(text: str) -> list[str]:
    """Word unigrams followed by bigrams (joined by a space), repeats kept."""
    words = feedback_words(text)
    return words + [f"{first} {second}" for first, second in itertools.pairwise(words)]


@dataclass(frozen=True, eq=False)
class Counts:
    """What training counts: documents and feature occurrences per kind.

    Counts, unlike a trained model, are whole numbers: they store small, read
    back exactly, and can be turned into a model with any smoothing.
    ``matrix[k, j]`` is how often feature ``vocabulary[j]`` occurred in kind ``kinds[k]``.
    """

    kinds: tuple[str, ...]
    documents: tuple[int, ...]
    vocabulary: tuple[str, ...]
    matrix: FloatArray

    def to_dict(self) -> dict[str, Any]:
        """Sparse lists of (feature index, count) per kind, for a small JSON file."""
        return {
            "kinds": list(self.kinds),
            "documents": list(self.documents),
            "vocabulary": list(self.vocabulary),
            "counts": [[[int(j), int(row[j])] for j in np.flatnonzero(row)] for row in self.matrix],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Counts:
        kinds = tuple(str(kind) for kind in data["kinds"])
        vocabulary = tuple(str(term) for term in data["vocabulary"])
        matrix = np.zeros((len(kinds), len(vocabulary)), dtype=np.float64)
        for k, row in enumerate(data["counts"]):
            for j, count in row:
                matrix[k, int(j)] = float(count)
        documents = tuple(int(n) for n in data["documents"])
        if len(documents) != len(kinds):
            msg = "one document count per kind is needed"
            raise ValueError(msg)
        return cls(kinds, documents, vocabulary, matrix)


def count(
    examples: Iterable[Example],
    *,
    min_count: int = 1,
    kinds: Sequence[str] = tuple(FeedbackKind),
) -> Counts:
    """Count documents and features per kind; see :func:`train` for the arguments."""
    if min_count < 1:
        msg = f"min_count must be at least 1, got {min_count}"
        raise ValueError(msg)
    allowed = set(kinds)
    counts_by_kind: dict[str, Counter[str]] = {}
    documents_by_kind: Counter[str] = Counter()
    for example in examples:
        if example.kind not in allowed:
            msg = f"unknown kind {example.kind!r}; expected one of {sorted(allowed)}"
            raise ValueError(msg)
        documents_by_kind[example.kind] += 1
        counts_by_kind.setdefault(example.kind, Counter()).update(features(example.text))
    if not documents_by_kind:
        msg = "training needs at least one example"
        raise ValueError(msg)

    model_kinds = tuple(dict.fromkeys(kind for kind in kinds if kind in documents_by_kind))
    totals: Counter[str] = Counter()
    for counts in counts_by_kind.values():
        totals.update(counts)
    vocabulary = tuple(sorted(term for term, n in totals.items() if n >= min_count))
    index = {term: j for j, term in enumerate(vocabulary)}

    matrix = np.zeros((len(model_kinds), len(vocabulary)), dtype=np.float64)
    for k, kind in enumerate(model_kinds):
        for term, n in counts_by_kind[kind].items():
            if term in index:
                matrix[k, index[term]] = n
    documents = tuple(documents_by_kind[kind] for kind in model_kinds)
    return Counts(model_kinds, documents, vocabulary, matrix)


def model_from_counts(
    counts: Counts, *, smoothing: float = 1.0, complement: bool = False
) -> TriageModel:
    """Turn counts into a model: multinomial NB, or complement NB with ``complement``.

    Complement NB (Rennie et al., 2003) estimates each kind's word weights from
    the documents of every *other* kind, so a kind with few examples gets
    estimates from many; on skewed sets it corrects NB's pull towards the
    common kinds.  Its priors are dropped, as Rennie et al. do; the weight
    normalisation they also propose is left out, since it flattens the
    scores that ``suggest`` reports as confidence.
    """
    if not smoothing > 0:
        msg = f"smoothing must be positive, got {smoothing}"
        raise ValueError(msg)
    matrix = counts.matrix
    if complement and len(counts.kinds) > 1:
        others = matrix.sum(axis=0, keepdims=True) - matrix + smoothing
        totals = np.maximum(others.sum(axis=1, keepdims=True), smoothing)
        weights = np.log(others) - np.log(totals)
        # Less likely in the other kinds means more likely in this one: negate.
        log_likelihoods = -weights
        log_priors = np.zeros(len(counts.kinds))
        return TriageModel(counts.kinds, counts.vocabulary, log_priors, log_likelihoods)
    smoothed = matrix + smoothing
    # The floor only matters for an empty vocabulary, where there is nothing to divide.
    totals_by_kind = np.maximum(smoothed.sum(axis=1, keepdims=True), smoothing)
    log_likelihoods = np.log(smoothed) - np.log(totals_by_kind)
    total_documents = sum(counts.documents)
    log_priors = np.array([math.log(n / total_documents) for n in counts.documents])
    return TriageModel(counts.kinds, counts.vocabulary, log_priors, log_likelihoods)


def train(
    examples: Iterable[Example],
    *,
    min_count: int = 1,
    smoothing: float = 1.0,
    kinds: Sequence[str] = tuple(FeedbackKind),
    complement: bool = False,
) -> TriageModel:
    """Learn a model from triaged feedback; the result does not depend on example order.

    Only kinds that occur in ``examples`` are modelled (a kind nobody has used
    yet has no evidence), in the order of ``kinds``.  ``kinds`` defaults to the
    product's feedback kinds; a caller may pass others (say ``("bug",
    "other")`` for a one-against-the-rest check).  Features seen fewer than
    ``min_count`` times in all are dropped, which shrinks the stored model.

    ``smoothing`` is the pseudo-count added to every feature of every kind:
    1 is Laplace smoothing.  With tens of thousands of bigrams, a pseudo-count
    of 1 outweighs the real counts of a rare kind and pulls suggestions towards
    the common kinds; a smaller one (0.1-0.3) trusts the counts more.
    ``complement`` selects complement NB (see :func:`model_from_counts`).
    """
    if not smoothing > 0:
        msg = f"smoothing must be positive, got {smoothing}"
        raise ValueError(msg)
    return model_from_counts(
        count(examples, min_count=min_count, kinds=kinds),
        smoothing=smoothing,
        complement=complement,
    )


class Scorer(Protocol):
    """A trained model ``suggest`` can rank with: this one, or the logistic one."""

    @property
    def kinds(self) -> tuple[str, ...]: ...

    def scores(self, text: str) -> FloatArray: ...


def suggest(model: Scorer, text: str) -> Suggestion:
    """Rank the trained kinds for a message; with no known word, the priors (or biases) decide.

    ``confidence`` values sum to 1 (a softmax of the model's scores): use them
    to rank, not as calibrated probabilities.  Ties keep the model's kind
    order, so the answer is deterministic.
    """
    scores = model.scores(text)
    probabilities = np.exp(scores - scores.max())
    probabilities /= probabilities.sum()
    order = sorted(range(len(model.kinds)), key=lambda k: -probabilities[k])
    ranked = tuple((model.kinds[k], float(probabilities[k])) for k in order)
    return Suggestion(kind=ranked[0][0], confidence=ranked[0][1], ranked=ranked)
