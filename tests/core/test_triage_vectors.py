import numpy as np
import pytest

from tandem.core.triage import Example
from tandem.core.triage_logistic import train_logistic
from tandem.core.triage_vectors import (
    Message,
    VectorModel,
    kinds_found,
    rating_features,
    suggest_kind,
    suggest_vectors,
    train_vectors,
)

# Hand-made "embeddings": bug reports point one way, praise another.
BUG = np.array([1.0, 0.0, 0.0, 0.0])
PRAISE = np.array([0.0, 1.0, 0.0, 0.0])
FEATURE = np.array([0.0, 0.0, 1.0, 0.0])


def unit(vector: np.ndarray, noise: float) -> np.ndarray:
    moved = vector + noise * np.array([0.0, 0.0, 0.0, 1.0])
    return moved / np.linalg.norm(moved)


def training() -> tuple[list[Message], list[frozenset[str]]]:
    messages, labels = [], []
    for n in range(12):
        messages.append(Message(f"it stopped {n}", unit(BUG, n / 20), rating=1))
        labels.append(frozenset({"bug"}))
        messages.append(Message(f"lovely {n}", unit(PRAISE, n / 20), rating=5))
        labels.append(frozenset({"praise"}))
        messages.append(Message(f"please add {n}", unit(FEATURE, n / 20), rating=3))
        labels.append(frozenset({"feature"}))
    messages.append(Message("crashes, and please add export", unit(BUG + FEATURE, 0), rating=2))
    labels.append(frozenset({"bug", "feature"}))
    return messages, labels


def test_a_message_near_the_bug_reports_is_suggested_as_a_bug() -> None:
    model = train_vectors(*training())
    suggestion = suggest_vectors(model, Message("never seen words", unit(BUG, 0.1), rating=None))
    assert suggestion.kind == "bug"
    assert suggestion.ranked[0] == ("bug", suggestion.confidence)


def test_the_rating_moves_an_undecided_message() -> None:
    model = train_vectors(*training())
    halfway = unit(BUG + PRAISE, 0)
    one_star = model.probabilities(Message("hmm", halfway, rating=1))
    five_stars = model.probabilities(Message("hmm", halfway, rating=5))
    bug = model.kinds.index("bug")
    assert one_star[bug] > five_stars[bug]


def test_a_review_can_be_found_to_be_two_kinds() -> None:
    model = train_vectors(*training())
    found = kinds_found(model, Message("x", unit(BUG + FEATURE, 0), rating=2), threshold=0.3)
    assert set(found) >= {"bug", "feature"}


def test_the_model_survives_a_round_trip_through_json() -> None:
    model = train_vectors(*training())
    again = VectorModel.from_dict(model.to_dict(digits=12))
    probe = Message("it stopped again", unit(BUG, 0.2), rating=2)
    assert np.allclose(again.probabilities(probe), model.probabilities(probe))


def test_without_an_embedding_the_word_model_answers() -> None:
    lexical = train_logistic(
        [Example("app crashes", "bug"), Example("love it", "praise")] * 3, min_count=1
    )
    vectors = train_vectors(*training())
    assert suggest_kind("app crashes", lexical=lexical, vector_model=vectors).kind == "bug"
    assert (
        suggest_kind(
            "app crashes", lexical=lexical, vector_model=vectors, vector=unit(PRAISE, 0)
        ).kind
        == "praise"
    )


def test_a_missing_or_odd_rating_sets_the_no_rating_feature() -> None:
    assert rating_features(None).tolist() == [0, 0, 0, 0, 0, 1]
    assert rating_features(7).tolist() == [0, 0, 0, 0, 0, 1]
    assert rating_features(4).tolist() == [0, 0, 0, 1, 0, 0]


def test_embeddings_of_different_lengths_are_refused() -> None:
    messages, labels = training()
    messages[0] = Message("short", np.ones(3))
    with pytest.raises(ValueError, match="same length"):
        train_vectors(messages, labels)
