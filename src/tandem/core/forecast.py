"""Monte Carlo delivery forecasts from a team's own sprint history.

A Product Owner asks two questions: "when will these N points be done?" and
"how much will be done by that date?".  Both are answered by replaying the
team's past sprints: each simulated future sprint delivers what one randomly
chosen past sprint delivered (a bootstrap, sampling with replacement).

Bootstrapping from the team's own history assumes no distribution.  Real
velocity is skewed, lumpy and often has zero sprints (holidays, a release
freeze, stories without estimates), and a normal or Poisson model would smooth
that away.  The price is that the forecast never imagines a sprint better or
worse than one the team already had, so a short history gives a forecast that
is too confident (benchmarks/README.md has the measured calibration).

Answers are *confidence levels*, not averages: "85% → 12 sprints" means the
work was done within 12 sprints in at least 85% of the simulated futures.

The plain bootstrap is too sure of itself beyond the next sprint: replayed on
real Jira boards, its 85% interval held the real total of the next 5 sprints
only 70% of the time, and most misses were teams doing better than ever
before.  Two things it ignores: the team's average is only known from a few
sprints (so each trial first draws its own average, as the mean of a
resample of the history), and a team's level drifts from sprint to sprint
(so each trial's level wanders, sprint by sprint, around that average).
:data:`CALIBRATED` holds the settings measured on that history
(benchmarks/README.md); :data:`BOOTSTRAP` is the plain bootstrap.

Each future sprint is drawn for all trials at once, sprint by sprint, and
summed as a trials × sprints matrix of running totals.  With the same seed,
both forecasts therefore replay the very same futures: more work never needs
fewer sprints, more sprints never deliver less, and "when" and "how much"
agree with each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from .forecast_futures import Futures
from .forecast_futures import VelocityModel as VelocityModel  # part of this module's interface

DEFAULT_TRIALS = 10_000
DEFAULT_CONFIDENCE_LEVELS: tuple[int, ...] = (50, 85, 95)
DEFAULT_MAX_SPRINTS = 520

# Caps the sprints simulated per step: about 30 MB at most for 10,000 trials.
_MAX_SPRINTS_PER_STEP = 128
# The first step covers the expected sprint count plus this much slack, so most
# trials finish in one step and only slow ones need another.
_FIRST_STEP_SLACK = 1.5


BOOTSTRAP = VelocityModel()
# Measured on real Jira sprints (benchmarks/sprint_history_eval.py): the 85%
# interval holds the real outcome 80-90% of the time at 1, 3 and 5 sprints.
CALIBRATED = VelocityModel(level_uncertainty=True, drift=0.3, persistence=0.9)


@dataclass(frozen=True)
class History:
    """Per-sprint velocity (points) or throughput (items) of past sprints, oldest first.

    The plain bootstrap ignores the order; a model with a ``half_life`` reads it.
    """

    samples: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.samples:
            msg = "history must hold at least one past sprint"
            raise ValueError(msg)
        if not all(math.isfinite(sample) for sample in self.samples):
            msg = f"history samples must be finite numbers, got {self.samples!r}"
            raise ValueError(msg)
        if any(sample < 0 for sample in self.samples):
            msg = f"history samples must not be negative, got {self.samples!r}"
            raise ValueError(msg)
        if not any(self.samples):
            msg = "history samples are all zero, so no amount of sprints finishes any work"
            raise ValueError(msg)


@dataclass(frozen=True)
class WhenForecast:
    """How many sprints the remaining work needs, at several confidence levels.

    ``percentiles[85] == 12`` means: done within 12 sprints in at least 85% of
    trials.  ``distribution[s]`` counts the trials done after exactly ``s``
    sprints, ready for a histogram; ``unfinished`` trials were still not done
    after ``max_sprints`` and are in no bar.
    """

    trials: int
    percentiles: dict[int, int]
    distribution: tuple[int, ...]
    unfinished: int = 0


@dataclass(frozen=True)
class FanForecast:
    """Cumulative work after each of the next sprints, at several confidence levels.

    ``bands[s][85]`` is the amount reached after ``s + 1`` sprints in at least 85%
    of trials; read as one line per level they draw a fan chart.  Levels above
    50 promise less, levels below 50 (e.g. 5) show the optimistic edge.
    """

    trials: int
    levels: tuple[int, ...]
    bands: tuple[dict[int, float], ...]


@dataclass(frozen=True)
class HowMuchForecast:
    """How much work a number of sprints delivers, at several confidence levels.

    Keys are confidence levels, so ``percentiles[85]`` is the amount reached in
    at least 85% of trials: the 15th percentile of simulated totals.  Higher
    confidence therefore promises less: ``percentiles[95] <= percentiles[85]
    <= percentiles[50]``.
    """

    trials: int
    percentiles: dict[int, float]


def forecast_when(
    history: History,
    remaining: float,
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int,
    percentiles: Sequence[int] = DEFAULT_CONFIDENCE_LEVELS,
    max_sprints: int = DEFAULT_MAX_SPRINTS,
    model: VelocityModel = CALIBRATED,
) -> WhenForecast:
    """Forecast how many sprints it takes to finish ``remaining`` work.

    Each trial replays past sprints drawn with replacement until its running
    total reaches ``remaining``.  Simulation stops after ``max_sprints`` (ten
    years of one-week sprints by default) so a history of mostly empty sprints
    cannot run forever; a confidence level that only those unfinished trials
    could answer raises ``ValueError`` rather than inventing a date.
    """
    _check_trials(trials)
    _check_levels(percentiles)
    if not math.isfinite(remaining):
        msg = f"remaining work must be a finite number, got {remaining!r}"
        raise ValueError(msg)
    if max_sprints < 1:
        msg = f"max_sprints must be at least 1, got {max_sprints}"
        raise ValueError(msg)
    if remaining <= 0:
        return WhenForecast(
            trials=trials,
            percentiles=dict.fromkeys(percentiles, 0),
            distribution=(trials,),
        )

    samples = np.asarray(history.samples, dtype=np.float64)
    futures = Futures(samples, model, seed, trials)
    sprints_needed = np.full(trials, max_sprints + 1, dtype=np.int64)
    delivered = np.zeros(trials)
    pending = np.arange(trials)
    expected = remaining / float(samples.mean())
    step = math.ceil(min(expected * _FIRST_STEP_SLACK + 1, _MAX_SPRINTS_PER_STEP))
    for first_sprint, length in _steps(max_sprints, step):
        # Every trial runs on (finished ones too): cheaper than picking out the pending.
        running = _running_totals(futures.next_sprints(length))
        running += delivered
        # Running totals never fall, so the sprints still short of the goal are
        # exactly the ones before the first sprint that reaches it.
        sprints_short = np.count_nonzero(running[:, pending] < remaining, axis=0)
        done = sprints_short < length
        sprints_needed[pending[done]] = first_sprint + sprints_short[done] + 1
        delivered = running[-1]
        pending = pending[~done]
        if pending.size == 0:
            break

    ordered = np.sort(sprints_needed)
    levels = {level: int(_at_confidence(ordered, level / 100)) for level in percentiles}
    beyond = {level: sprints for level, sprints in levels.items() if sprints > max_sprints}
    if beyond:
        msg = (
            f"remaining work of {remaining:g} is not done within max_sprints={max_sprints}"
            f" in {pending.size} of {trials} trials, so confidence levels {sorted(beyond)}"
            f" have no answer; the history averages only {samples.mean():g} per sprint"
        )
        raise ValueError(msg)
    finished = sprints_needed[sprints_needed <= max_sprints]
    return WhenForecast(
        trials=trials,
        percentiles=levels,
        distribution=tuple(int(count) for count in np.bincount(finished)),
        unfinished=int(pending.size),
    )


def forecast_how_much(
    history: History,
    sprints: int,
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int,
    percentiles: Sequence[int] = DEFAULT_CONFIDENCE_LEVELS,
    model: VelocityModel = CALIBRATED,
) -> HowMuchForecast:
    """Forecast how much work ``sprints`` more sprints deliver.

    A date promise must hold in most futures, so a level is read from the low
    end: the 85% amount is reached or beaten in at least 85% of trials.
    """
    _check_levels(percentiles)
    totals = _simulated_totals(history, sprints, trials=trials, seed=seed, model=model)
    best_first = np.sort(totals)[::-1]
    return HowMuchForecast(
        trials=trials,
        percentiles={
            level: float(_at_confidence(best_first, level / 100)) for level in percentiles
        },
    )


def forecast_interval(
    history: History,
    sprints: int,
    *,
    coverage: float = 0.85,
    trials: int = DEFAULT_TRIALS,
    seed: int,
    model: VelocityModel = CALIBRATED,
) -> tuple[float, float]:
    """Return the central range that holds ``coverage`` of simulated totals.

    The one-sided levels of :func:`forecast_how_much` answer a promise; this
    two-sided range (7.5th to 92.5th percentile at 85%) is what to check a
    forecast against afterwards: the real total should land inside it about
    ``coverage`` of the time.  Both ends are inclusive.
    """
    if not 0 < coverage < 1:
        msg = f"coverage must be between 0 and 1 (exclusive), got {coverage!r}"
        raise ValueError(msg)
    ordered = np.sort(_simulated_totals(history, sprints, trials=trials, seed=seed, model=model))
    one_side = 1 - (1 - coverage) / 2
    return float(_at_confidence(ordered[::-1], one_side)), float(_at_confidence(ordered, one_side))


def forecast_fan(
    history: History,
    sprints: int,
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int,
    levels: Sequence[int] = (5, 50, 85, 95),
    model: VelocityModel = CALIBRATED,
) -> FanForecast:
    """Forecast the cumulative work after each of the next ``sprints`` sprints.

    The same futures as :func:`forecast_how_much` with the same seed, so the
    fan's last band equals its answer for ``sprints``.
    """
    _check_trials(trials)
    _check_levels(levels)
    if not 1 <= sprints <= DEFAULT_MAX_SPRINTS:
        msg = f"sprints must be between 1 and {DEFAULT_MAX_SPRINTS}, got {sprints}"
        raise ValueError(msg)
    futures = Futures(np.asarray(history.samples, dtype=np.float64), model, seed, trials)
    running = _running_totals(futures.next_sprints(sprints))  # sprints × trials
    # The level's value sits at a known rank, so a partition finds it without a full sort.
    rank = {level: trials - _trials_needed(trials, level / 100) for level in levels}
    ranked = np.partition(running, sorted(set(rank.values())), axis=1)
    bands = tuple({level: float(row[rank[level]]) for level in levels} for row in ranked)
    return FanForecast(trials=trials, levels=tuple(levels), bands=bands)


def simulated_running_totals(
    history: History,
    sprints: int,
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int,
    model: VelocityModel = CALIBRATED,
) -> NDArray[np.float64]:
    """The raw futures: work done after each of the next ``sprints`` sprints (sprints × trials).

    The same futures every other forecast here reads for the same seed, for
    callers that need several horizons of one simulation (checking a model
    against history does).
    """
    _check_trials(trials)
    if not 1 <= sprints <= DEFAULT_MAX_SPRINTS:
        msg = f"sprints must be between 1 and {DEFAULT_MAX_SPRINTS}, got {sprints}"
        raise ValueError(msg)
    futures = Futures(np.asarray(history.samples, dtype=np.float64), model, seed, trials)
    return _running_totals(futures.next_sprints(sprints))


def sprints_to_dates(start: date, sprint_length_days: int, sprints: int) -> date:
    """Turn a sprint count into the date those sprints are over.

    ``start`` is the first day of the next sprint; the result is the first day
    after the last needed sprint, i.e. when a review can show the work.
    Calendars, holidays and sprint-length changes are the caller's business,
    which keeps this pure and trivially predictable.
    """
    if sprint_length_days < 1:
        msg = f"sprint_length_days must be at least 1, got {sprint_length_days}"
        raise ValueError(msg)
    if sprints < 0:
        msg = f"sprints must not be negative, got {sprints}"
        raise ValueError(msg)
    return start + timedelta(days=sprint_length_days * sprints)


def _simulated_totals(
    history: History, sprints: int, *, trials: int, seed: int, model: VelocityModel
) -> NDArray[np.float64]:
    _check_trials(trials)
    if sprints < 0:
        msg = f"sprints must not be negative, got {sprints}"
        raise ValueError(msg)
    futures = Futures(np.asarray(history.samples, dtype=np.float64), model, seed, trials)
    totals = np.zeros(trials)
    for _, length in _steps(sprints, _MAX_SPRINTS_PER_STEP):
        totals += futures.next_sprints(length).sum(axis=0)
    return totals


def _running_totals(outcomes: NDArray[np.float64]) -> NDArray[np.float64]:
    """Turn rows of per-sprint outcomes into running totals, in place.

    Adding row by row is several times faster than ``np.cumsum`` along the
    first axis, and adds in the same order, so the totals are the same.
    """
    for sprint in range(1, outcomes.shape[0]):
        outcomes[sprint] += outcomes[sprint - 1]
    return outcomes


def _steps(total: int, step: int) -> Iterator[tuple[int, int]]:
    """Yield (first sprint, sprint count) steps that cover ``total`` sprints."""
    for first in range(0, total, step):
        yield first, min(step, total - first)


def _at_confidence(best_first: NDArray[np.generic], level: float) -> np.generic:
    """Return the value that at least ``level`` of the trials reach or beat.

    ``best_first`` is sorted from the best outcome (fewest sprints, most work)
    to the worst.  The tiny rounding keeps 0.85 * 10,000 at exactly 8,500.
    """
    value: np.generic = best_first[_trials_needed(best_first.size, level) - 1]
    return value


def _trials_needed(trials: int, level: float) -> int:
    """How many trials must reach a value for it to hold at ``level`` (at least one)."""
    return max(math.ceil(round(level * trials, 6)), 1)


def _check_trials(trials: int) -> None:
    if trials < 1:
        msg = f"trials must be at least 1, got {trials}"
        raise ValueError(msg)


def _check_levels(levels: Sequence[int]) -> None:
    invalid = [level for level in levels if not 1 <= level <= 100]
    if invalid:
        msg = f"confidence levels (percentiles) must be between 1 and 100, got {invalid}"
        raise ValueError(msg)
