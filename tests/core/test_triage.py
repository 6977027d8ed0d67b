import json
import math
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.triage import (
    Example,
    FeedbackKind,
    Suggestion,
    TriageModel,
    features,
    suggest,
    train,
)

TRIAGED = [
    Example("The app crashes when I open it", "bug"),
    Example("Crash on startup after the update", "bug"),
    Example("It freezes and crashes when I open a photo", "bug"),
    Example("Login is broken, error every time", "bug"),
    Example("Please add dark mode", "feature"),
    Example("Would love an export to CSV, please add it", "feature"),
    Example("Please add a widget for the home screen", "feature"),
    Example("The settings menu is confusing and hard to find", "usability"),
    Example("Too many taps to share a photo, the layout is cluttered", "usability"),
    Example("Great app, love it", "praise"),
    Example("Love this app, five stars", "praise"),
    Example("Best app ever, great work", "praise"),
    Example("How do I change my password?", "question"),
    Example("Is there a way to sync with my laptop?", "question"),
]

WORDS = ("crash", "open", "app", "please", "add", "dark", "mode", "love", "great", "how", "menu")
texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
examples = st.lists(
    st.builds(Example, text=texts, kind=st.sampled_from(list(FeedbackKind))),
    min_size=1,
    max_size=25,
)


@pytest.fixture(scope="module")
def model() -> TriageModel:
    return train(TRIAGED)


def test_a_crash_report_is_suggested_as_a_bug(model: TriageModel) -> None:
    assert suggest(model, "crash when I open the app").kind == FeedbackKind.BUG


def test_a_request_is_suggested_as_a_feature(model: TriageModel) -> None:
    assert suggest(model, "please add dark mode").kind == FeedbackKind.FEATURE


def test_praise_and_questions_are_recognised(model: TriageModel) -> None:
    assert [suggest(model, text).kind for text in ("great app", "how do I export?")] == [
        FeedbackKind.PRAISE,
        FeedbackKind.QUESTION,
    ]


def test_features_are_unigrams_then_bigrams_ignoring_case_and_apostrophes() -> None:
    assert features("Doesn't LOAD") == ["doesnt", "load", "doesnt load"]


def test_the_confidence_is_the_probability_of_the_suggested_kind(model: TriageModel) -> None:
    suggestion = suggest(model, "crash when I open the app")
    assert (suggestion.kind, suggestion.confidence) == suggestion.ranked[0]


@given(examples, texts)
def test_probabilities_sum_to_one_and_are_sorted(training: list[Example], text: str) -> None:
    ranked = suggest(train(training), text).ranked
    probabilities = [probability for _, probability in ranked]
    assert math.isclose(sum(probabilities), 1.0)
    assert probabilities == sorted(probabilities, reverse=True)


@given(examples)
def test_only_kinds_seen_in_training_are_ranked(training: list[Example]) -> None:
    ranked_kinds = {kind for kind, _ in suggest(train(training), "app").ranked}
    assert ranked_kinds == {example.kind for example in training}


@given(examples, texts)
def test_a_model_survives_a_json_round_trip_unchanged(training: list[Example], text: str) -> None:
    model = train(training)
    stored = json.loads(json.dumps(model.to_dict()))
    restored = TriageModel.from_dict(stored)
    assert restored.to_dict() == model.to_dict()
    assert suggest(restored, text) == suggest(model, text)


@given(examples, st.randoms(use_true_random=False), texts)
def test_training_does_not_depend_on_the_order_of_examples(
    training: list[Example], rng: random.Random, text: str
) -> None:
    shuffled = rng.sample(training, len(training))
    assert train(shuffled).to_dict() == train(training).to_dict()
    assert suggest(train(shuffled), text) == suggest(train(training), text)


def test_empty_text_gives_the_prior(model: TriageModel) -> None:
    ranked = dict(suggest(model, "").ranked)
    counts = {kind: sum(e.kind == kind for e in TRIAGED) for kind in ranked}
    assert ranked == pytest.approx({kind: n / len(TRIAGED) for kind, n in counts.items()})


def test_text_of_unseen_words_gives_the_prior(model: TriageModel) -> None:
    assert suggest(model, "zyzzyva quux") == suggest(model, "")


def test_min_count_keeps_exactly_the_features_seen_that_often() -> None:
    totals = Counter(term for example in TRIAGED for term in features(example.text))
    vocabulary = train(TRIAGED, min_count=3).vocabulary
    assert set(vocabulary) == {term for term, count in totals.items() if count >= 3}
    assert "please add" in vocabulary


def test_a_binary_model_can_use_its_own_kinds() -> None:
    binary = [Example(e.text, "bug" if e.kind == "bug" else "other") for e in TRIAGED]
    model = train(binary, kinds=("bug", "other"))
    assert suggest(model, "it crashes").kind == "bug"


def test_suggestion_is_a_plain_value(model: TriageModel) -> None:
    assert suggest(model, "love it") == suggest(model, "love it")
    assert isinstance(suggest(model, "love it"), Suggestion)


def test_training_without_examples_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one example"):
        train([])


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'complaint'"):
        train([Example("too slow", "complaint")])


def test_min_count_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="min_count"):
        train(TRIAGED, min_count=0)


@pytest.mark.parametrize("smoothing", [0.0, -1.0, math.nan])
def test_smoothing_must_be_positive(smoothing: float) -> None:
    with pytest.raises(ValueError, match="smoothing"):
        train(TRIAGED, smoothing=smoothing)


@given(examples, texts)
def test_smaller_smoothing_still_gives_a_distribution(training: list[Example], text: str) -> None:
    ranked = suggest(train(training, smoothing=0.1), text).ranked
    assert math.isclose(sum(probability for _, probability in ranked), 1.0)


def test_a_stored_model_with_mismatched_shapes_is_refused(model: TriageModel) -> None:
    stored = model.to_dict() | {"log_priors": [0.0]}
    with pytest.raises(ValueError, match="shapes"):
        TriageModel.from_dict(stored)


def test_counts_survive_a_round_trip_and_give_the_same_model() -> None:
    from tandem.core.triage import Counts, count, model_from_counts

    examples = [
        Example("the app crashes on start", "bug"),
        Example("please add dark mode", "feature"),
        Example("crashes again after update", "bug"),
    ]
    counts = count(examples)
    again = Counts.from_dict(counts.to_dict())

    assert model_from_counts(again).to_dict() == train(examples).to_dict()


def test_complement_nb_suggests_the_kind_whose_words_a_message_shares() -> None:
    examples = [
        Example("the app crashes on start", "bug"),
        Example("crash when saving a photo", "bug"),
        Example("please add dark mode", "feature"),
        Example("add an export to pdf please", "feature"),
        Example("love it great app", "praise"),
    ]
    model = train(examples, complement=True)

    assert suggest(model, "it crashes when I save").kind == "bug"
    assert suggest(model, "please add export").kind == "feature"


LOGISTIC_EXAMPLES = [
    Example("the app crashes on start", "bug"),
    Example("crash when saving a photo", "bug"),
    Example("it crashes after the update", "bug"),
    Example("please add dark mode", "feature"),
    Example("add an export to pdf please", "feature"),
    Example("please add a widget", "feature"),
    Example("love it great app", "praise"),
    Example("great app love the camera", "praise"),
]


def test_logistic_regression_suggests_the_kind_whose_words_a_message_shares() -> None:
    from tandem.core.triage_logistic import train_logistic

    model = train_logistic(LOGISTIC_EXAMPLES, min_count=1)

    assert suggest(model, "it crashes when I save").kind == "bug"
    assert suggest(model, "please add export").kind == "feature"
    assert suggest(model, "great camera").kind == "praise"
    assert sum(p for _, p in suggest(model, "anything").ranked) == pytest.approx(1.0)


def test_a_logistic_model_survives_a_round_trip_and_ignores_example_order() -> None:
    from tandem.core.triage_logistic import LinearModel, train_logistic

    model = train_logistic(LOGISTIC_EXAMPLES, min_count=1)
    shuffled = train_logistic(list(reversed(LOGISTIC_EXAMPLES)), min_count=1)
    again = LinearModel.from_dict(model.to_dict(digits=12))

    assert model.to_dict(digits=6) == shuffled.to_dict(digits=6)
    restored, original = suggest(again, "crashes"), suggest(model, "crashes")
    assert [kind for kind, _ in restored.ranked] == [kind for kind, _ in original.ranked]
    assert restored.confidence == pytest.approx(original.confidence)


def test_a_message_of_unknown_words_falls_back_on_the_biases() -> None:
    from tandem.core.triage_logistic import train_logistic

    model = train_logistic(LOGISTIC_EXAMPLES, min_count=1)
    assert suggest(model, "zzz qqq").ranked == suggest(model, "").ranked
