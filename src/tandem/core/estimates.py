"""Suggest a story-point estimate from the product's own estimated items.

Estimates are judged by absolute error, and the value that minimises absolute
error is a median, so the model predicts a conditional median: an L1
(quantile) regression, scikit-learn's ``QuantileRegressor``, of log points on
three features of an item:

* what its neighbours were: the similarity-weighted mean log points of its
  ``k`` most similar estimated items, by the blended words-and-meaning score of
  :mod:`tandem.core.similar_items` (the same index that finds duplicates);
* how long its description is, and how long its title is (log characters):
  bigger work tends to take more words to describe.

The regression's L1 penalty, and ``k``, are chosen on the team's most recent
estimated items (fit on the earlier ones, score on the later), among settings
that include plain "the team's median": a team whose texts say little about
size gets its median, which published studies found hard to beat. The
prediction is snapped to the team's own scale, the values it actually uses.

``confidence`` is a calibrated probability that the team's final estimate is
exactly the suggested value: how often, on the team's own history (each item
left out in turn), a suggestion was exactly right when its neighbours agreed
with it as much as this item's do (isotonic regression on that agreement).

Below ``COLD_START_ITEMS`` estimated items nothing is learnt: the suggestion is
the team's median, flagged as a cold start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

import numpy as np
import numpy.typing as npt
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import QuantileRegressor

from tandem.core import similar_items
from tandem.core.similar_items import ItemText, SimilarityIndex, SimilarityWeights, Vector

K = TypeVar("K", bound=Hashable)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

COLD_START_ITEMS = 30
HOLDOUT_SHARE = 0.25
NEIGHBOUR_CHOICES = (10, 20, 40)
PENALTY_CHOICES = (0.0, 0.01, 0.1)
SHOWN_NEIGHBOURS = 5
# A value the team used for fewer than this share of items is an outlier, not its scale.
SCALE_MIN_SHARE = 0.01


@dataclass(frozen=True)
class EstimatedItem(Generic[K]):
    key: K
    title: str
    description: str
    points: float
    text_vector: Vector | None = field(default=None, compare=False)
    title_vector: Vector | None = field(default=None, compare=False)
    created: datetime | None = None


@dataclass(frozen=True)
class EstimateSettings:
    """``penalty`` None means "the team's median", whatever the item says."""

    neighbours: int = 20
    penalty: float | None = 0.01


MEDIAN_ONLY = EstimateSettings(neighbours=NEIGHBOUR_CHOICES[0], penalty=None)


@dataclass(frozen=True)
class SimilarEstimate(Generic[K]):
    key: K
    points: float
    similarity: float


@dataclass(frozen=True)
class EstimateSuggestion(Generic[K]):
    points: float
    confidence: float
    similar: tuple[SimilarEstimate[K], ...]
    cold_start: bool
    reason: str


@dataclass(frozen=True, eq=False)
class EstimateModel(Generic[K]):
    """What :func:`suggest` needs; arrays make equality ambiguous, so compare by identity.

    ``holdout_error`` and ``holdout_median_error`` are the mean absolute errors
    of the chosen settings and of the median on the held-out recent items.
    """

    index: SimilarityIndex[K]
    points: FloatArray
    scale: tuple[float, ...]
    median: float
    settings: EstimateSettings
    cold_start: bool
    coefficients: FloatArray = field(default_factory=lambda: np.zeros(0))
    feature_centre: FloatArray = field(default_factory=lambda: np.zeros(0))
    feature_spread: FloatArray = field(default_factory=lambda: np.ones(0))
    calibration: tuple[FloatArray, FloatArray] = field(
        default_factory=lambda: (np.zeros(0), np.zeros(0))
    )
    holdout_error: float | None = None
    holdout_median_error: float | None = None


def team_scale(points: Sequence[float]) -> tuple[float, ...]:
    """The values the team uses, ascending, leaving out rare one-offs (its median stays)."""
    if not points:
        return ()
    counts = Counter(float(value) for value in points)
    minimum = max(2.0, SCALE_MIN_SHARE * len(points))
    kept = {value for value, count in counts.items() if count >= minimum}
    kept.add(lower_median(points))
    return tuple(sorted(kept if len(kept) >= 3 else counts))


def snap_to_scale(value: float, scale: Sequence[float]) -> float:
    """The scale value nearest to ``value`` (the lower one on a tie)."""
    if not scale:
        msg = "an empty scale has no value to snap to"
        raise ValueError(msg)
    return float(min(scale, key=lambda step: (abs(step - value), step)))


def lower_median(points: Sequence[float]) -> float:
    """The median, taking the lower middle value of an even count so it is a real estimate."""
    ordered = sorted(float(value) for value in points)
    return ordered[(len(ordered) - 1) // 2]


def learn(
    history: Sequence[EstimatedItem[K]],
    *,
    holdout: int | None = None,
    settings: EstimateSettings | None = None,
    weights: SimilarityWeights = similar_items.DEFAULT_WEIGHTS,
) -> EstimateModel[K]:
    """Learn how this team estimates, from its estimated items.

    Items are taken oldest first: by ``created`` when every item has one, else
    in the order given. Unless ``settings`` are given, they are chosen on the ``holdout`` most
    recent items (default a quarter of the history): each candidate is fitted
    on the items before them and scored by mean absolute error; ties go to the
    simpler setting. The model is then fitted on the whole history.
    """
    if any(item.points <= 0 for item in history):
        msg = "estimates must be positive"
        raise ValueError(msg)
    created = [item.created for item in history]
    if history and all(moment is not None for moment in created):
        order = sorted(range(len(history)), key=lambda number: cast(datetime, created[number]))
        history = [history[number] for number in order]
    points = [item.points for item in history]
    index = similar_items.build_index([_as_text(item) for item in history], weights=weights)
    if len(history) < COLD_START_ITEMS:
        return EstimateModel(
            index=index,
            points=np.array(points, dtype=np.float64),
            scale=team_scale(points),
            median=lower_median(points) if points else 0.0,
            settings=MEDIAN_ONLY,
            cold_start=True,
        )
    held = holdout if holdout is not None else max(1, round(HOLDOUT_SHARE * len(history)))
    if not 0 < held < len(history):
        msg = f"holdout must leave items on both sides, got {held} of {len(history)}"
        raise ValueError(msg)
    errors: tuple[float | None, float | None] = (None, None)
    if settings is None:
        settings, errors = _choose_settings(history[:-held], history[-held:], weights)
    model = _fit(history, index, settings, _leave_one_out_neighbours(index, settings.neighbours))
    return replace(model, holdout_error=errors[0], holdout_median_error=errors[1])


def suggest(
    model: EstimateModel[K], item: ItemText[K], *, shown: int = SHOWN_NEIGHBOURS
) -> EstimateSuggestion[K] | None:
    """A suggested estimate for ``item``, or None when no item has an estimate yet."""
    if not model.scale:
        return None
    similarity = similar_items.scores(model.index, item)
    own = [row for row, key in enumerate(model.index.keys) if key == item.key]
    similarity[own] = -np.inf
    reach = max(model.settings.neighbours, shown)
    nearest = _nearest(similarity[np.newaxis, :], reach)[0]
    nearest = nearest[np.isfinite(similarity[nearest])]
    similar = tuple(
        SimilarEstimate(model.index.keys[row], float(model.points[row]), float(similarity[row]))
        for row in nearest[:shown]
    )
    if model.cold_start:
        share = float(np.mean(model.points == model.median))
        reason = (
            f"Only {len(model.points)} estimated items so far, too few to learn from:"
            f" {_points_text(model.median)} is the team's median."
        )
        return EstimateSuggestion(model.median, share, similar, True, reason)
    neighbours = nearest[: model.settings.neighbours]
    weights = np.clip(similarity[neighbours], 1e-6, None)
    lengths = _lengths([item.description], [item.title])
    features = _features(np.log(model.points[neighbours])[np.newaxis, :], weights[np.newaxis, :])
    points = _predict(model, np.column_stack([features, lengths]))[0]
    agreement = _agreement(model.points[neighbours][np.newaxis, :], weights[np.newaxis, :], points)
    confidence = float(np.interp(agreement[0], *model.calibration))
    return EstimateSuggestion(points, confidence, similar, False, _reason(model, points, similar))


def _choose_settings(
    earlier: Sequence[EstimatedItem[K]],
    later: Sequence[EstimatedItem[K]],
    weights: SimilarityWeights,
) -> tuple[EstimateSettings, tuple[float, float]]:
    index = similar_items.build_index([_as_text(item) for item in earlier], weights=weights)
    similarity = np.array([similar_items.scores(index, _as_text(item)) for item in later])
    widest = min(max(NEIGHBOUR_CHOICES), len(earlier) - 1)
    nearest = _nearest(similarity, widest)
    truth = np.array([item.points for item in later], dtype=np.float64)
    candidates = [MEDIAN_ONLY] + [
        EstimateSettings(neighbours, penalty)
        for penalty in sorted(PENALTY_CHOICES, reverse=True)
        for neighbours in NEIGHBOUR_CHOICES
        if neighbours <= widest
    ]
    lengths = _lengths([item.description for item in later], [item.title for item in later])
    earlier_nearest, earlier_weights = _leave_one_out_neighbours(index, widest)
    scored = []
    for candidate in candidates:
        count = candidate.neighbours
        neighbours = (earlier_nearest[:, :count], earlier_weights[:, :count])
        model = _fit(earlier, index, candidate, neighbours)
        columns = nearest[:, : candidate.neighbours]
        near_weights = np.clip(np.take_along_axis(similarity, columns, 1), 1e-6, None)
        features = _features(np.log(model.points[columns]), near_weights)
        error = float(
            np.mean(np.abs(_predict(model, np.column_stack([features, lengths])) - truth))
        )
        scored.append((round(error, 9), candidate))
    best_error, best = min(scored, key=lambda pair: pair[0])  # min keeps the first (simplest) tie
    return best, (best_error, scored[0][0])


def _fit(
    history: Sequence[EstimatedItem[K]],
    index: SimilarityIndex[K],
    settings: EstimateSettings,
    neighbours: tuple[IntArray, FloatArray],
) -> EstimateModel[K]:
    """Fit the regression and the confidence calibration on each item's other items."""
    points = np.array([item.points for item in history], dtype=np.float64)
    model = EstimateModel(
        index=index,
        points=points,
        scale=team_scale(list(points)),
        median=lower_median(list(points)),
        settings=settings,
        cold_start=False,
    )
    nearest, near_weights = neighbours
    features = np.column_stack(
        [
            _features(np.log(points[nearest]), near_weights),
            _lengths([item.description for item in history], [item.title for item in history]),
        ]
    )
    if settings.penalty is not None:
        centre, spread = features.mean(axis=0), features.std(axis=0)
        spread[spread == 0] = 1.0
        regression = cast(
            Any, QuantileRegressor(quantile=0.5, alpha=settings.penalty, solver="highs")
        )
        regression.fit((features - centre) / spread, np.log(points))
        coefficients = np.concatenate([[regression.intercept_], regression.coef_])
        model = replace(
            model, coefficients=coefficients, feature_centre=centre, feature_spread=spread
        )
    suggested = _predict(model, features)
    agreement = _agreement(points[nearest], near_weights, suggested)
    isotonic = cast(Any, IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip"))
    isotonic.fit(agreement, (suggested == points).astype(np.float64))
    calibration = (
        np.asarray(isotonic.X_thresholds_, dtype=np.float64),
        np.asarray(isotonic.y_thresholds_, dtype=np.float64),
    )
    return replace(model, calibration=calibration)


def _predict(model: EstimateModel[Any], features: FloatArray) -> FloatArray:
    if model.settings.penalty is None:
        return np.full(features.shape[0], model.median)
    scaled = (features - model.feature_centre) / model.feature_spread
    logs = model.coefficients[0] + scaled @ model.coefficients[1:]
    scale = np.array(model.scale)
    if len(scale) == 1:
        return np.full(features.shape[0], scale[0])
    wanted = np.exp(logs)
    # The nearest value of the scale, the lower one on a tie.
    upper = np.clip(np.searchsorted(scale, wanted), 1, len(scale) - 1)
    low, high = scale[upper - 1], scale[upper]
    snapped: FloatArray = np.where(wanted - low <= high - wanted, low, high)
    return snapped


def _leave_one_out_neighbours(
    index: SimilarityIndex[Any], count: int
) -> tuple[IntArray, FloatArray]:
    """Each indexed item's ``count`` most similar other items, in blocks to bound memory."""
    size = len(index.keys)
    count = min(count, size - 1)
    nearest = np.zeros((size, count), dtype=np.intp)
    near_weights = np.zeros((size, count))
    for start in range(0, size, 512):
        rows = np.arange(start, min(start + 512, size))
        similarity = similar_items.pairwise_scores(index, rows)
        similarity[np.arange(len(rows)), rows] = -np.inf
        block = _nearest(similarity, count)
        nearest[rows] = block
        near_weights[rows] = np.clip(np.take_along_axis(similarity, block, 1), 1e-6, None)
    return nearest, near_weights


def _nearest(similarity: FloatArray, count: int) -> IntArray:
    """Column indices of each row's ``count`` highest scores, best first, ties by column."""
    count = min(count, similarity.shape[1])
    if count == 0:
        return np.zeros((similarity.shape[0], 0), dtype=np.intp)
    order: IntArray = np.argsort(-similarity, axis=1, kind="stable")[:, :count]
    return order


def _features(neighbour_logs: FloatArray, near_weights: FloatArray) -> FloatArray:
    """Similarity-weighted mean log points of the neighbours (0 without neighbours)."""
    total = near_weights.sum(axis=1)
    weighted = (near_weights * neighbour_logs).sum(axis=1)
    result: FloatArray = np.divide(weighted, total, out=np.zeros(len(total)), where=total > 0)
    return result


def _lengths(descriptions: Sequence[str], titles: Sequence[str]) -> FloatArray:
    return np.array(
        [
            [np.log1p(len(d.strip())), np.log1p(len(t.strip()))]
            for d, t in zip(descriptions, titles, strict=True)
        ],
        dtype=np.float64,
    ).reshape(len(titles), 2)


def _agreement(
    neighbour_points: FloatArray, near_weights: FloatArray, suggested: FloatArray | float
) -> FloatArray:
    """The similarity-weighted share of each item's neighbours estimated at its suggestion."""
    target = np.asarray(suggested, dtype=np.float64).reshape(-1, 1)
    total = near_weights.sum(axis=1)
    agreeing = (near_weights * (neighbour_points == target)).sum(axis=1)
    result: FloatArray = np.divide(agreeing, total, out=np.zeros(len(total)), where=total > 0)
    return result


def _reason(
    model: EstimateModel[Any], points: float, similar: Sequence[SimilarEstimate[Any]]
) -> str:
    median = f"the team's median is {_points_text(model.median)}"
    if not similar:
        return f"No similar estimated item; {median}."
    estimates = ", ".join(f"{entry.key} {_points_text(entry.points)}" for entry in similar)
    if model.settings.penalty is None:
        return (
            f"This team's items say little about their size, so this is its median."
            f" Most similar: {estimates}."
        )
    return f"Most similar estimated items: {estimates}; {median}."


def _points_text(points: float) -> str:
    whole = f"{points:g}"
    return f"{whole} point" if whole == "1" else f"{whole} points"


def _as_text(item: EstimatedItem[K]) -> ItemText[K]:
    return ItemText(item.key, item.title, item.description, item.text_vector, item.title_vector)
