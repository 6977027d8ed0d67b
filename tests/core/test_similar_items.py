import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.similar_items import (
    ItemText,
    SimilarityWeights,
    build_index,
    item_text,
    likely_duplicates,
    pairwise_scores,
    scores,
    similar_items,
    with_item,
    without_item,
)

WORDS = ("flight", "battery", "camera", "export", "csv", "login", "map", "gimbal", "the", "for")
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
unit_or_none = st.one_of(
    st.none(),
    st.lists(st.floats(min_value=-1, max_value=1), min_size=3, max_size=3).map(np.array),
)
items = st.builds(ItemText, key=st.integers(0, 50), title=texts, description=texts,
                  text_vector=unit_or_none, title_vector=unit_or_none)  # fmt: skip
item_lists = st.lists(items, max_size=20, unique_by=lambda item: item.key)
# Each example fits a TF-IDF model; fewer examples keep the file fast.
few_examples = settings(max_examples=30, deadline=None)


def vector(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


BACKLOG = [
    ItemText("DRN-1", "Longer flight time", "Bigger battery for the drone", vector(1, 0, 0)),
    ItemText("DRN-2", "Export report as CSV", "Finance wants a spreadsheet", vector(0, 1, 0)),
    ItemText("DRN-3", "Login with Google", "", vector(0, 0, 1)),
    ItemText("DRN-4", "Gimbal calibration wizard", "Step by step", vector(0.6, 0.8, 0)),
]


@few_examples
@given(item_lists, items)
def test_similar_items_never_include_the_item_itself(indexed, query):
    index = build_index(indexed)

    found = similar_items(index, query, limit=50)

    assert query.key not in [match.key for match in found]


@few_examples
@given(item_lists, items)
def test_similar_items_come_best_first(indexed, query):
    index = build_index(indexed)

    found = [match.score for match in similar_items(index, query, limit=50)]

    assert found == sorted(found, reverse=True)


@few_examples
@given(item_lists, items)
def test_scores_lie_between_zero_and_one(indexed, query):
    index = build_index(indexed)

    blended = scores(index, query)

    assert ((blended >= 0) & (blended <= 1)).all()


@few_examples
@given(item_lists.filter(bool))
def test_pairwise_scores_agree_with_scoring_each_item_alone(indexed):
    index = build_index(indexed)

    each_alone = np.array([scores(index, item) for item in indexed])

    np.testing.assert_allclose(pairwise_scores(index, range(len(indexed))), each_alone, atol=1e-9)


@few_examples
@given(item_lists, items, st.integers(0, 5))
def test_similar_items_return_at_most_the_limit(indexed, query, limit):
    index = build_index(indexed)

    assert len(similar_items(index, query, limit=limit)) <= limit


def test_a_copy_under_another_key_is_the_best_match_with_score_one():
    index = build_index(BACKLOG)
    copy = ItemText("DRN-9", "Longer flight time", "Bigger battery for the drone", vector(1, 0, 0))

    best = similar_items(index, copy, limit=1)[0]

    assert (best.key, round(best.score, 6), best.likely_duplicate) == ("DRN-1", 1.0, True)


def test_a_paraphrase_sharing_no_word_is_found_by_its_meaning():
    index = build_index(BACKLOG)
    paraphrase = ItemText("DRN-9", "Stay airborne for more minutes", "", vector(0.95, 0.05, 0))

    assert similar_items(index, paraphrase, limit=1)[0].key == "DRN-1"


def test_without_vectors_the_words_alone_decide():
    index = build_index([ItemText(item.key, item.title, item.description) for item in BACKLOG])
    query = ItemText("DRN-9", "CSV export of the flight log")

    assert [match.key for match in similar_items(index, query, limit=2)] == ["DRN-2", "DRN-1"]


def test_a_candidate_without_an_embedding_is_judged_on_its_words_alone():
    index = build_index([ItemText("A", "Gimbal calibration wizard"), *BACKLOG[:3]])
    query = ItemText("Q", "Gimbal calibration wizard", "", vector(0, 0, 1))

    best = similar_items(index, query, limit=1)[0]

    assert (best.key, round(best.score, 6)) == ("A", 1.0)


def test_exclude_leaves_out_the_named_keys():
    index = build_index(BACKLOG)
    query = ItemText("DRN-9", "Longer flight time", "", vector(1, 0, 0))

    found = similar_items(index, query, limit=10, exclude=["DRN-1"])

    assert "DRN-1" not in [match.key for match in found]


def test_min_score_drops_weak_matches():
    index = build_index(BACKLOG)
    query = ItemText("DRN-9", "Longer flight time", "", vector(1, 0, 0))

    found = similar_items(index, query, limit=10, min_score=0.5)

    assert min(match.score for match in found) >= 0.5


def test_likely_duplicates_hold_only_matches_at_the_threshold():
    index = build_index(BACKLOG, weights=SimilarityWeights(duplicate_threshold=0.9))
    query = ItemText("DRN-9", "Longer flight time", "Bigger battery for the drone", vector(1, 0, 0))

    assert [match.key for match in likely_duplicates(index, query)] == ["DRN-1"]


def test_with_item_makes_a_new_item_findable_without_rebuilding():
    index = with_item(build_index(BACKLOG), ItemText("DRN-5", "Google login on the drone"))
    query = ItemText("DRN-9", "Drone login with Google")

    assert similar_items(index, query, limit=1)[0].key == "DRN-5"


def test_with_item_replaces_the_row_of_the_same_key():
    index = with_item(build_index(BACKLOG), ItemText("DRN-3", "Dark mode for settings", ""))

    assert (len(index.keys), index.keys.count("DRN-3")) == (4, 1)


def test_with_item_gives_a_first_vector_to_an_index_that_had_none():
    index = build_index([ItemText("A", "Gimbal calibration wizard")])
    index = with_item(index, ItemText("B", "Flight log", "", vector(1, 0, 0)))
    query = ItemText("Q", "Something else entirely", "", vector(1, 0, 0))

    assert similar_items(index, query, limit=1)[0].key == "B"


def test_words_the_index_never_saw_count_for_nothing_until_it_is_rebuilt():
    index = with_item(build_index(BACKLOG), ItemText("DRN-5", "Obstacle avoidance"))

    assert similar_items(index, ItemText("DRN-9", "Obstacle avoidance"))[0].score == 0.0


def test_without_item_forgets_the_item():
    index = without_item(build_index(BACKLOG), "DRN-1")
    query = ItemText("DRN-9", "Longer flight time", "", vector(1, 0, 0))

    assert "DRN-1" not in [match.key for match in similar_items(index, query, limit=10)]


def test_an_empty_index_finds_nothing():
    assert similar_items(build_index([]), ItemText("Q", "Longer flight time")) == []


def test_items_of_only_stop_words_build_an_index_that_still_answers():
    index = build_index([ItemText("A", "the of and"), ItemText("B", "for the")])

    assert [round(m.score, 6) for m in similar_items(index, ItemText("Q", "the"))] == [0.0, 0.0]


def test_a_key_indexed_twice_is_refused():
    with pytest.raises(ValueError, match="once"):
        build_index([ItemText("A", "one"), ItemText("A", "two")])


def test_vectors_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="one length"):
        build_index([ItemText("A", "one", "", vector(1, 0)), ItemText("B", "two", "", vector(1))])


def test_weights_that_are_all_zero_are_refused():
    with pytest.raises(ValueError, match="not all zero"):
        SimilarityWeights(words=0, text_meaning=0, title_meaning=0)


def test_item_text_puts_the_title_first_on_its_own_line():
    assert item_text("  Longer   flight time ", " Bigger battery \n") == (
        "Longer flight time\nBigger battery"
    )


def test_item_text_of_an_item_without_description_is_its_title():
    assert item_text("Longer flight time", "   ") == "Longer flight time"
