"""Near-identical titles, judged with the product's own word weights.

The blended score reads title and description together; two items whose titles say
the same but whose descriptions differ (a planted duplicate, a story written twice
by two people) can stay below its duplicate threshold. Refinement has always
flagged those: the titles' cosine of IDF-weighted, lightly stemmed words
(``tandem.core.similarity``), here with the IDF the product's index learnt.
"""

from __future__ import annotations

import math
from typing import Any

from tandem.core.similar_items import SimilarityIndex
from tandem.core.similarity import normalised_words

TITLE_THRESHOLD = 0.6  # the refinement finder's own threshold


def _weights(index: SimilarityIndex[Any]) -> tuple[dict[str, float], float]:
    vectorizer = index.vectorizer
    if vectorizer is None:
        return {}, 1.0
    idf = vectorizer.idf_
    vocabulary: dict[str, int] = vectorizer.vocabulary_
    return {word: float(idf[column]) for word, column in vocabulary.items()}, float(idf.max())


class TitleScorer:
    """Cosine of two titles' word sets, each word weighted by its IDF in the product."""

    def __init__(self, index: SimilarityIndex[Any]) -> None:
        self._idf, self._unseen = _weights(index)

    def score(self, first: str, second: str) -> float:
        a, b = set(normalised_words(first)), set(normalised_words(second))
        if not a or not b:
            return 0.0
        if a == b:
            return 1.0
        squared = {word: self._idf.get(word, self._unseen) ** 2 for word in a | b}
        overlap = sum(squared[word] for word in a & b)
        norms = math.sqrt(sum(squared[w] for w in a)) * math.sqrt(sum(squared[w] for w in b))
        return overlap / norms

    def alike(self, first: str, second: str) -> bool:
        return self.score(first, second) >= TITLE_THRESHOLD
