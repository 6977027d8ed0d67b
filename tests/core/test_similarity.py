import itertools
import math
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.similarity import (
    DuplicatePair,
    TitleDoc,
    likely_duplicates,
    normalised_words,
)

VOCABULARY = ("flight", "time", "drone", "battery", "camera", "export", "csv", "login", "map")
FILLER = ("the", "for", "a", "longer", "fix", "add")
titles = st.lists(st.sampled_from(VOCABULARY + FILLER), min_size=1, max_size=5).map(" ".join)
doc_lists = st.lists(
    st.builds(TitleDoc, id=st.integers(min_value=0, max_value=1_000), title=titles),
    max_size=30,
    unique_by=lambda doc: doc.id,
)
thresholds = st.floats(min_value=0.3, max_value=1.0)

BACKLOG = [
    TitleDoc(1, "Longer flight time"),
    TitleDoc(2, "Export report as CSV"),
    TitleDoc(3, "Login with Google"),
    TitleDoc(4, "Longer flight times for drone"),
    TitleDoc(5, "Dark mode for the settings screen"),
    TitleDoc(6, "Gimbal calibration wizard"),
]


def brute_force_similarities(docs: list[TitleDoc]) -> dict[tuple[int, int], float]:
    """Oracle: TF-IDF cosine over binary word sets, comparing every pair."""
    word_sets = [set(normalised_words(doc.title)) for doc in docs]
    frequency = Counter(word for words in word_sets for word in words)
    weight = {word: math.log((1 + len(docs)) / (1 + n)) + 1 for word, n in frequency.items()}
    norms = [math.sqrt(sum(weight[word] ** 2 for word in words)) for words in word_sets]
    return {
        (min(docs[i].id, docs[j].id), max(docs[i].id, docs[j].id)): sum(
            weight[word] ** 2 for word in word_sets[i] & word_sets[j]
        )
        / (norms[i] * norms[j])
        for i, j in itertools.combinations(range(len(docs)), 2)
        if norms[i] and norms[j]
    }


def synthetic_backlog(size: int, seed: int) -> list[TitleDoc]:
    """Zipf-distributed made-up words, like the long tail of a real backlog."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "dr", "on", "ex", "fl"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(8_000)})
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(words))))
    common = ["add", "fix", "update", "page", "button", "error", "user", "login", "settings"]
    return [
        TitleDoc(
            index,
            " ".join(
                rng.choices(words, cum_weights=cumulative, k=rng.randint(2, 6))
                + rng.sample(common, 2)
            ),
        )
        for index in range(size)
    ]


def test_a_reworded_title_is_found_as_a_duplicate() -> None:
    pairs = likely_duplicates(BACKLOG)
    assert [(pair.first_id, pair.second_id) for pair in pairs] == [(1, 4)]
    assert pairs[0].similarity >= 0.6


def test_unrelated_titles_are_not_paired() -> None:
    unrelated = [doc for doc in BACKLOG if doc.id != 4]
    assert likely_duplicates(unrelated) == []


def test_identical_titles_are_perfect_duplicates_whatever_their_wording() -> None:
    docs = [TitleDoc(9, "Export CSV"), TitleDoc(3, "export the csv!"), TitleDoc(5, "Map")]
    assert likely_duplicates(docs) == [DuplicatePair(first_id=3, second_id=9, similarity=1.0)]


def test_titles_sharing_an_id_are_never_paired_with_themselves() -> None:
    docs = [TitleDoc(1, "Export CSV"), TitleDoc(1, "Export CSV"), TitleDoc(2, "Export CSV")]
    assert likely_duplicates(docs) == [
        DuplicatePair(first_id=1, second_id=2, similarity=1.0),
    ]


@pytest.mark.parametrize(
    "docs", [[], [TitleDoc(1, "Flight time")], [TitleDoc(1, "The"), TitleDoc(2, "the!")]]
)
def test_too_few_meaningful_titles_give_no_pairs(docs: list[TitleDoc]) -> None:
    assert likely_duplicates(docs) == []


def test_the_limit_caps_the_number_of_pairs() -> None:
    docs = [TitleDoc(index, "Export CSV") for index in range(10)]
    pairs = likely_duplicates(docs, limit=4)
    assert [(pair.first_id, pair.second_id) for pair in pairs] == [(0, 1), (0, 2), (0, 3), (0, 4)]


@pytest.mark.parametrize(("threshold", "limit"), [(0.0, 50), (1.5, 50), (-0.1, 50), (0.6, -1)])
def test_nonsense_thresholds_and_limits_are_rejected(threshold: float, limit: int) -> None:
    with pytest.raises(ValueError, match=r"threshold|limit"):
        likely_duplicates(BACKLOG, threshold=threshold, limit=limit)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Longer flight times for the drone!", ["longer", "flight", "tim", "dron"]),
        ("Exporting, exported & exports", ["export", "export", "export"]),
        ("User's status: filmed in 4K", ["user", "status", "film", "4k"]),
        ("Speed / feed / dress", ["speed", "feed", "dress"]),
    ],
)
def test_normalised_words_drop_punctuation_stop_words_and_common_endings(
    title: str, expected: list[str]
) -> None:
    assert normalised_words(title) == expected


@given(doc_lists, thresholds)
def test_results_are_sorted_unique_and_ordered_within_each_pair(
    docs: list[TitleDoc], threshold: float
) -> None:
    pairs = likely_duplicates(docs, threshold=threshold, limit=1_000)
    keys = [(-pair.similarity, pair.first_id, pair.second_id) for pair in pairs]
    assert keys == sorted(set(keys))
    assert all(pair.first_id < pair.second_id for pair in pairs)
    assert all(threshold <= pair.similarity <= 1.0 for pair in pairs)


@given(doc_lists, thresholds)
def test_the_index_finds_exactly_the_pairs_a_brute_force_comparison_finds(
    docs: list[TitleDoc], threshold: float
) -> None:
    found = {
        (pair.first_id, pair.second_id): pair.similarity
        for pair in likely_duplicates(docs, threshold=threshold, limit=1_000)
    }
    expected = brute_force_similarities(docs)
    clearly_similar = {pair for pair, value in expected.items() if value >= threshold + 1e-9}
    assert clearly_similar <= set(found)
    assert all(found[pair] == pytest.approx(expected[pair]) for pair in found)


@given(doc_lists, thresholds, st.integers(min_value=0, max_value=10))
def test_a_smaller_limit_returns_the_top_of_the_full_list(
    docs: list[TitleDoc], threshold: float, limit: int
) -> None:
    everything = likely_duplicates(docs, threshold=threshold, limit=1_000)
    assert likely_duplicates(docs, threshold=threshold, limit=limit) == everything[:limit]


@given(doc_lists, st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_change_the_result(
    docs: list[TitleDoc], shuffler: random.Random
) -> None:
    shuffled = list(docs)
    shuffler.shuffle(shuffled)
    original = likely_duplicates(docs, limit=1_000)
    reordered = likely_duplicates(shuffled, limit=1_000)
    assert [(pair.first_id, pair.second_id) for pair in reordered] == [
        (pair.first_id, pair.second_id) for pair in original
    ]


def test_a_planted_pair_is_found_among_twenty_thousand_titles() -> None:
    docs = synthetic_backlog(20_000, seed=7)
    docs[123] = TitleDoc(123, "Longer flight time for the gimbal drone")
    docs[19_876] = TitleDoc(19_876, "Longer flight times for gimbal drones")
    pairs = likely_duplicates(docs)
    assert len(pairs) == 50
    assert (123, 19_876) in {(pair.first_id, pair.second_id) for pair in pairs}


def test_exact_duplicates_made_only_of_common_words_are_still_found_at_scale() -> None:
    docs = synthetic_backlog(20_000, seed=11)
    docs[5] = TitleDoc(5, "Fix login error")
    docs[17_000] = TitleDoc(17_000, "fix the login errors")
    pairs = likely_duplicates(docs, threshold=0.99, limit=100_000)
    assert DuplicatePair(first_id=5, second_id=17_000, similarity=1.0) in pairs
