"""Likely-duplicate titles for backlog refinement.

Titles are compared by cosine similarity of TF-IDF-weighted, lightly stemmed
words.  TF-IDF suits short titles better than token-set Jaccard: sharing a rare
word ("gimbal") says far more than sharing a common one ("page"), and IDF
encodes exactly that, learnt from the backlog itself.  Character trigrams would
also catch typos, but they multiply the index size and mostly match noise on
titles this short, so they are left out.

To stay fast on large backlogs no pair of titles is compared blindly:

* an inverted index maps each word to the titles containing it, so only titles
  sharing a word are ever compared;
* prefix filtering (Bayardo et al., "Scaling up all pairs similarity search")
  indexes only each title's rarest words: if two titles reach the threshold,
  the rarest word they share must sit in both prefixes, so nothing is lost;
* words found in more than a few percent of titles never generate candidates;
  pairs that share *only* such words can be missed, except exact duplicates
  (same words), which are grouped separately and always reported.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

CANDIDATE_MAX_DOC_FRACTION = 0.02
CANDIDATE_MIN_DOC_LIMIT = 50

# fmt: off
STOP_WORDS = frozenset({
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "do", "does", "for", "from", "get",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "more", "my", "no",
    "not", "of", "on", "or", "our", "out", "should", "so", "some", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "to", "too", "up", "us", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "why", "will", "with", "would", "you",
    "your", "want", "wants", "need", "needs", "like", "able",
})
# fmt: on

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['\u2019]")
_SUFFIXES = ("ing", "ed", "s")
_MIN_STEM_LENGTH = {"ing": 4, "ed": 3, "s": 3}
_KEEP_FINAL_S = ("ss", "us", "is")
_PRECISION_MARGIN = 1e-9

_Vector = dict[str, float]
_IndexPair = tuple[int, int]


@dataclass(frozen=True)
class TitleDoc:
    id: int
    title: str


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    second_id: int
    similarity: float


def likely_duplicates(
    docs: Sequence[TitleDoc], *, threshold: float = 0.6, limit: int = 50
) -> list[DuplicatePair]:
    """List pairs of titles that probably describe the same work, most similar first.

    Refinement sessions merge duplicates before estimating; this surfaces the
    candidates so nobody has to eyeball thousands of titles.  Only pairs at or
    above ``threshold`` (cosine, 0-1] are returned, at most ``limit`` of them.
    """
    if not 0 < threshold <= 1:
        msg = f"threshold must be in (0, 1], got {threshold}"
        raise ValueError(msg)
    if limit < 0:
        msg = f"limit must not be negative, got {limit}"
        raise ValueError(msg)
    word_counts = [Counter(set(normalised_words(doc.title))) for doc in docs]
    vectors = _tfidf_vectors(word_counts)
    ids = [doc.id for doc in docs]
    similar = _similar_index_pairs(vectors, word_counts, ids, threshold, limit)
    pairs = _duplicate_pairs(docs, similar)
    return heapq.nsmallest(limit, pairs, key=_most_similar_first)


def normalised_words(title: str) -> list[str]:
    """Reduce a title to the words that carry meaning, so phrasing doesn't matter.

    Lower-cases, drops punctuation and stop words, and strips common English
    endings so that "times", "timed" and "timing" all count as one word.
    """
    text = _APOSTROPHES.sub("", title.casefold())
    return [_stem(word) for word in _WORD.findall(text) if word not in STOP_WORDS]


def _stem(word: str) -> str:
    """Strip one common ending, then a final "e", in the spirit of Porter-lite."""
    for suffix in _SUFFIXES:
        if _can_strip(word, suffix):
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _can_strip(word: str, suffix: str) -> bool:
    if not word.endswith(suffix) or len(word) - len(suffix) < _MIN_STEM_LENGTH[suffix]:
        return False
    if suffix == "s":
        return not word.endswith(_KEEP_FINAL_S)
    if suffix == "ed":
        return not word.endswith("eed")
    return True


def _tfidf_vectors(word_counts: Sequence[Counter[str]]) -> list[_Vector]:
    document_frequency = Counter(word for counts in word_counts for word in counts)
    doc_count = len(word_counts)
    idf = {
        word: math.log((1 + doc_count) / (1 + frequency)) + 1
        for word, frequency in document_frequency.items()
    }
    return [
        _unit_vector({word: n * idf[word] for word, n in counts.items()}) for counts in word_counts
    ]


def _unit_vector(weights: _Vector) -> _Vector:
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    return {word: weight / norm for word, weight in weights.items()} if norm else {}


def _similar_index_pairs(
    vectors: Sequence[_Vector],
    word_counts: Sequence[Counter[str]],
    ids: Sequence[int],
    threshold: float,
    limit: int,
) -> dict[_IndexPair, float]:
    similar = dict.fromkeys(_exact_duplicate_index_pairs(word_counts, ids, limit), 1.0)
    for pair in _candidate_index_pairs(vectors, threshold):
        if pair not in similar:
            similarity = _cosine(vectors[pair[0]], vectors[pair[1]])
            if similarity >= threshold:
                similar[pair] = min(similarity, 1.0)
    return similar


def _exact_duplicate_index_pairs(
    word_counts: Sequence[Counter[str]], ids: Sequence[int], limit: int
) -> Iterator[_IndexPair]:
    """Pair titles with identical words, however common those words are.

    Each group yields at most ``limit`` pairs, lowest ids first: they all tie
    at 1.0, so no other pair from the group could make the final list.
    """
    groups: defaultdict[tuple[tuple[str, int], ...], list[int]] = defaultdict(list)
    for index, counts in enumerate(word_counts):
        if counts:
            groups[tuple(sorted(counts.items()))].append(index)
    for members in groups.values():
        by_id = sorted(members, key=lambda index: ids[index])
        distinct = (
            (first, second)
            for first, second in itertools.combinations(by_id, 2)
            if ids[first] != ids[second]
        )
        for first, second in itertools.islice(distinct, limit):
            yield min(first, second), max(first, second)


def _candidate_index_pairs(vectors: Sequence[_Vector], threshold: float) -> Iterator[_IndexPair]:
    """Yield each pair sharing a rare word in both prefixes once, lower index first."""
    document_frequency = Counter(word for vector in vectors for word in vector)
    max_frequency = max(
        CANDIDATE_MIN_DOC_LIMIT, math.ceil(len(vectors) * CANDIDATE_MAX_DOC_FRACTION)
    )
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        earlier: set[int] = set()
        for word in _prefix_words(vector, document_frequency, threshold):
            if document_frequency[word] <= max_frequency:
                earlier.update(postings[word])
                postings[word].append(index)
        yield from ((other, index) for other in sorted(earlier))


def _prefix_words(
    vector: _Vector, document_frequency: Counter[str], threshold: float
) -> Iterable[str]:
    """Return the rarest words whose removal would leave too little to reach the threshold."""
    rarest_first = sorted(vector, key=lambda word: (document_frequency[word], word))
    bound = threshold * threshold * (1 - _PRECISION_MARGIN)
    suffix_weight = 0.0
    prefix_length = len(rarest_first)
    while prefix_length > 0:
        weight = vector[rarest_first[prefix_length - 1]] ** 2
        if suffix_weight + weight >= bound:
            break
        suffix_weight += weight
        prefix_length -= 1
    return rarest_first[:prefix_length]


def _cosine(first: _Vector, second: _Vector) -> float:
    smaller, larger = sorted((first, second), key=len)
    return sum(weight * larger.get(word, 0.0) for word, weight in smaller.items())


def _duplicate_pairs(
    docs: Sequence[TitleDoc], similar: dict[_IndexPair, float]
) -> list[DuplicatePair]:
    """Translate index pairs to id pairs, keeping one entry per pair of distinct ids."""
    best: dict[tuple[int, int], float] = {}
    for (first, second), similarity in similar.items():
        low_id, high_id = sorted((docs[first].id, docs[second].id))
        if low_id != high_id:
            best[low_id, high_id] = max(similarity, best.get((low_id, high_id), 0.0))
    return [DuplicatePair(low, high, similarity) for (low, high), similarity in best.items()]


def _most_similar_first(pair: DuplicatePair) -> tuple[float, int, int]:
    return -pair.similarity, pair.first_id, pair.second_id
