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
* within a fixed comparison budget, the most common words (on large
  backlogs, those in more than a few percent of titles) never pair titles up;
  pairs that share *only* such words can be missed, except exact duplicates
  (same words), which are grouped separately and always reported.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

COMPARISON_BUDGET = 800_000
ALWAYS_INDEXED_FREQUENCY = 50

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


@dataclass(frozen=True)
class _Corpus:
    """Each title as a set of words, with the statistics TF-IDF needs.

    Words count once per title (binary term frequency): a title that repeats a
    word is not more about it, it is just clumsily phrased.
    """

    word_sets: list[frozenset[str]]
    document_frequency: Counter[str]
    squared_idf: dict[str, float]
    norms: list[float]


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
    corpus = _build_corpus([doc.title for doc in docs])
    ids = [doc.id for doc in docs]
    similar = dict(_similar_index_pairs(corpus, threshold))
    similar.update(dict.fromkeys(_exact_duplicate_index_pairs(corpus, ids, limit), 1.0))
    return heapq.nsmallest(limit, _duplicate_pairs(ids, similar), key=_most_similar_first)


def normalised_words(title: str) -> list[str]:
    """Reduce a title to the words that carry meaning, so phrasing doesn't matter.

    Lower-cases, drops punctuation and stop words, and strips common English
    endings so that "exports", "exported" and "exporting" count as one word.
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


def _build_corpus(titles: Sequence[str]) -> _Corpus:
    word_sets = [frozenset(normalised_words(title)) for title in titles]
    document_frequency = Counter(word for words in word_sets for word in words)
    doc_count = len(word_sets)
    squared_idf = {
        word: (math.log((1 + doc_count) / (1 + frequency)) + 1) ** 2
        for word, frequency in document_frequency.items()
    }
    norms = [math.sqrt(sum(squared_idf[word] for word in words)) for words in word_sets]
    return _Corpus(word_sets, document_frequency, squared_idf, norms)


def _cosine(corpus: _Corpus, first: int, second: int) -> float:
    first_words, second_words = corpus.word_sets[first], corpus.word_sets[second]
    if first_words == second_words:
        return 1.0
    squared_idf = corpus.squared_idf
    overlap = sum([squared_idf[word] for word in first_words & second_words])
    return overlap / (corpus.norms[first] * corpus.norms[second])


def _exact_duplicate_index_pairs(
    corpus: _Corpus, ids: Sequence[int], limit: int
) -> Iterator[_IndexPair]:
    """Pair titles with identical words, however common those words are.

    Each group yields at most ``limit`` pairs, lowest ids first: they all tie
    at 1.0, so no other pair from the group could make the final list.
    """
    groups: defaultdict[frozenset[str], list[int]] = defaultdict(list)
    for index, words in enumerate(corpus.word_sets):
        if words:
            groups[words].append(index)
    for members in groups.values():
        by_id = sorted(members, key=lambda index: ids[index])
        distinct = (
            (first, second)
            for first, second in itertools.combinations(by_id, 2)
            if ids[first] != ids[second]
        )
        for first, second in itertools.islice(distinct, limit):
            yield min(first, second), max(first, second)


def _similar_index_pairs(corpus: _Corpus, threshold: float) -> Iterator[tuple[_IndexPair, float]]:
    """Compare each title only with earlier titles sharing an indexed prefix word."""
    prefixes = [_prefix_words(corpus, index, threshold) for index in range(len(corpus.word_sets))]
    indexed_words = _indexed_words(corpus, prefixes)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, prefix in enumerate(prefixes):
        earlier: set[int] = set()
        for word in prefix:
            if word in indexed_words:
                earlier.update(postings[word])
                postings[word].append(index)
        for other in earlier:
            similarity = _cosine(corpus, other, index)
            if similarity >= threshold:
                yield (other, index), min(similarity, 1.0)


def _indexed_words(corpus: _Corpus, prefixes: Sequence[list[str]]) -> frozenset[str]:
    """Choose the words allowed to pair titles up: rarest first, within a budget.

    A word in ``n`` prefixes costs about ``n * n / 2`` comparisons, so words
    are admitted from rarest to most common until that cost would pass
    ``COMPARISON_BUDGET``.  Small backlogs keep every word; large ones lose
    their most common words (on 20,000 Zipf-distributed titles, those in more
    than 2% of titles).  Words in at most ``ALWAYS_INDEXED_FREQUENCY`` titles
    are always kept, so rare words never lose out on a huge backlog.
    """
    prefix_frequency = Counter(word for prefix in prefixes for word in prefix)
    by_rarity = sorted(prefix_frequency, key=lambda word: (corpus.document_frequency[word], word))
    admitted: list[str] = []
    cost = 0
    for word in by_rarity:
        frequency = prefix_frequency[word]
        cost += frequency * (frequency - 1) // 2
        if corpus.document_frequency[word] > ALWAYS_INDEXED_FREQUENCY and cost > COMPARISON_BUDGET:
            break
        admitted.append(word)
    return frozenset(admitted)


def _prefix_words(corpus: _Corpus, index: int, threshold: float) -> list[str]:
    """Return a title's rarest words, leaving out only what cannot reach the threshold.

    Whatever is left out weighs less than ``threshold``, so two titles at or
    above it must share a word inside both of their prefixes.
    """
    words = corpus.word_sets[index]
    rarest_first = sorted(words, key=lambda word: (corpus.document_frequency[word], word))
    squared_norm = corpus.norms[index] ** 2
    allowance = threshold * threshold * (1 - _PRECISION_MARGIN) * squared_norm
    left_out = 0.0
    prefix_length = len(rarest_first)
    while prefix_length > 0:
        weight = corpus.squared_idf[rarest_first[prefix_length - 1]]
        if left_out + weight >= allowance:
            break
        left_out += weight
        prefix_length -= 1
    return rarest_first[:prefix_length]


def _duplicate_pairs(ids: Sequence[int], similar: dict[_IndexPair, float]) -> list[DuplicatePair]:
    """Translate index pairs to id pairs, keeping one entry per pair of distinct ids."""
    best: dict[tuple[int, int], float] = {}
    for (first, second), similarity in similar.items():
        low_id, high_id = sorted((ids[first], ids[second]))
        if low_id != high_id:
            best[low_id, high_id] = max(similarity, best.get((low_id, high_id), 0.0))
    return [DuplicatePair(low, high, similarity) for (low, high), similarity in best.items()]


def _most_similar_first(pair: DuplicatePair) -> tuple[float, int, int]:
    return -pair.similarity, pair.first_id, pair.second_id
