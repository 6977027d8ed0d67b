from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.estimates import (
    COLD_START_ITEMS,
    MEDIAN_ONLY,
    EstimatedItem,
    learn,
    lower_median,
    snap_to_scale,
    suggest,
    team_scale,
)
from tandem.core.similar_items import ItemText

FIBONACCI = (1.0, 2.0, 3.0, 5.0, 8.0, 13.0)
WORDS = ("export", "csv", "login", "map", "gimbal", "battery", "migrate", "typo", "report")
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
vectors = st.one_of(st.none(), st.lists(st.floats(-1, 1), min_size=3, max_size=3).map(np.array))


@st.composite
def histories(draw, min_size=COLD_START_ITEMS, max_size=COLD_START_ITEMS + 15):
    size = draw(st.integers(min_size, max_size))
    return [
        EstimatedItem(
            f"K-{number}",
            draw(texts),
            draw(texts),
            draw(st.sampled_from(FIBONACCI)),
            draw(vectors),
        )
        for number in range(size)
    ]


queries = st.builds(ItemText, key=st.just("NEW-1"), title=texts, description=texts,
                    text_vector=vectors)  # fmt: skip
# Each example learns a model (a handful of fits); fewer examples keep the file fast.
few_examples = settings(max_examples=15, deadline=None)


def vector(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def two_kinds_of_work(count: int = 60) -> list[EstimatedItem[str]]:
    """Big migrations and small typo fixes, alternating, told apart by words and meaning."""
    steps = "Move every row, keep both in sync, then switch reads over. "
    migrations = {
        number: EstimatedItem(
            f"K-{number}",
            f"Migrate the {number} table to the new store",
            steps * (1 + number % 3),
            13.0,
            vector(1, 0, 0),
        )
        for number in range(1, count, 2)
    }
    typos = {
        number: EstimatedItem(f"K-{number}", f"Fix typo on page {number}", "", 1.0, vector(0, 1, 0))
        for number in range(0, count, 2)
    }
    everything = migrations | typos
    return [everything[number] for number in range(count)]


@few_examples
@given(histories(), queries)
def test_suggested_points_are_always_a_value_of_the_team_scale(history, query):
    model = learn(history)

    suggestion = suggest(model, query)

    assert suggestion is not None
    assert suggestion.points in model.scale


@few_examples
@given(histories(min_size=1), queries)
def test_confidence_lies_between_zero_and_one(history, query):
    suggestion = suggest(learn(history), query)

    assert suggestion is not None
    assert 0.0 <= suggestion.confidence <= 1.0


@few_examples
@given(histories())
def test_similar_items_never_include_the_item_itself(history):
    model = learn(history)
    item = history[3]

    suggestion = suggest(model, ItemText(item.key, item.title, item.description, item.text_vector))

    assert suggestion is not None
    assert item.key not in [entry.key for entry in suggestion.similar]


@few_examples
@given(histories(), queries)
def test_similar_items_come_most_similar_first(history, query):
    suggestion = suggest(learn(history), query)

    assert suggestion is not None
    found = [entry.similarity for entry in suggestion.similar]
    assert found == sorted(found, reverse=True)


@few_examples
@given(histories(min_size=1, max_size=COLD_START_ITEMS - 1), queries)
def test_below_the_cold_start_size_the_suggestion_is_the_team_median(history, query):
    suggestion = suggest(learn(history), query)

    assert suggestion is not None
    assert (suggestion.cold_start, suggestion.points) == (
        True,
        lower_median([item.points for item in history]),
    )


def test_cold_start_says_so_in_its_reason():
    history = two_kinds_of_work(10)

    suggestion = suggest(learn(history), ItemText("NEW-1", "Fix typo on the login page"))

    assert suggestion is not None
    assert "Only 10 estimated items" in suggestion.reason


def test_no_estimated_item_gives_no_suggestion():
    assert suggest(learn([]), ItemText("NEW-1", "Anything")) is None


def test_a_big_kind_of_work_gets_the_big_estimate():
    model = learn(two_kinds_of_work())
    migration = ItemText("NEW-1", "Migrate the orders table to the new store",
                         "Move every row, keep both in sync.", vector(1, 0, 0))  # fmt: skip

    suggestion = suggest(model, migration)

    assert suggestion is not None
    assert (suggestion.points, suggestion.cold_start) == (13.0, False)


def test_a_small_kind_of_work_gets_the_small_estimate():
    model = learn(two_kinds_of_work())

    suggestion = suggest(model, ItemText("NEW-1", "Fix typo on page 7", "", vector(0, 1, 0)))

    assert suggestion is not None
    assert suggestion.points == 1.0


def test_clear_agreement_gives_high_confidence():
    model = learn(two_kinds_of_work())

    suggestion = suggest(model, ItemText("NEW-1", "Fix typo on page 7", "", vector(0, 1, 0)))

    assert suggestion is not None
    assert suggestion.confidence > 0.8


def test_the_similar_items_shown_are_the_closest_kind_with_their_points():
    model = learn(two_kinds_of_work())

    suggestion = suggest(model, ItemText("NEW-1", "Fix typo on page 7", "", vector(0, 1, 0)))

    assert suggestion is not None
    assert {entry.points for entry in suggestion.similar} == {1.0}


def test_the_reason_names_the_similar_items():
    model = learn(two_kinds_of_work())

    suggestion = suggest(model, ItemText("NEW-1", "Fix typo on page 7", "", vector(0, 1, 0)))

    assert suggestion is not None
    assert suggestion.similar[0].key in suggestion.reason


def test_median_only_settings_suggest_the_median_whatever_the_item():
    model = learn(two_kinds_of_work(), settings=MEDIAN_ONLY)
    migration = ItemText("NEW-1", "Migrate the orders table", "", vector(1, 0, 0))

    suggestion = suggest(model, migration)

    assert suggestion is not None
    assert suggestion.points == lower_median([1.0, 13.0])


def test_the_holdout_errors_are_reported_for_the_chosen_settings_and_the_median():
    model = learn(two_kinds_of_work())

    assert model.holdout_error is not None
    assert model.holdout_median_error is not None
    assert model.holdout_error < model.holdout_median_error


def test_creation_dates_decide_which_items_are_the_recent_holdout():
    history = two_kinds_of_work()
    start = datetime(2024, 1, 1)
    # Given newest first, with dates that say so: the result must match oldest first.
    dated = [
        replace(item, created=start + timedelta(days=number)) for number, item in enumerate(history)
    ]

    reordered = learn(list(reversed(dated)))

    assert reordered.index.keys == learn(history).index.keys


def test_a_holdout_of_the_whole_history_is_refused():
    with pytest.raises(ValueError, match="holdout"):
        learn(two_kinds_of_work(), holdout=60)


def test_an_estimate_of_zero_is_refused():
    history = [*two_kinds_of_work(), EstimatedItem("K-0b", "Nothing", "", 0.0)]

    with pytest.raises(ValueError, match="positive"):
        learn(history)


def test_team_scale_keeps_the_values_the_team_uses_and_drops_one_offs():
    points = [1, 2, 3, 5, 8] * 30 + [9]

    assert team_scale(points) == (1.0, 2.0, 3.0, 5.0, 8.0)


def test_team_scale_of_a_few_items_keeps_every_value():
    assert team_scale([1, 3, 40]) == (1.0, 3.0, 40.0)


def test_snap_to_scale_takes_the_nearest_value():
    assert snap_to_scale(6.4, FIBONACCI) == 5.0


def test_snap_to_scale_takes_the_lower_value_on_a_tie():
    assert snap_to_scale(4.0, FIBONACCI) == 3.0


def test_snap_to_an_empty_scale_is_refused():
    with pytest.raises(ValueError, match="empty"):
        snap_to_scale(3.0, ())


def test_lower_median_of_an_even_count_is_the_lower_middle_estimate():
    assert lower_median([1, 3, 5, 8]) == 3.0
