"""The simulated futures behind a forecast, and the model of how they vary.

:mod:`tandem.core.forecast` asks these futures for a few sprints at a time; the
draws are laid out so that every way of cutting the simulation into steps gives
each trial the same future.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class VelocityModel:
    """How the simulated futures vary beyond replaying past sprints.

    ``level_uncertainty`` gives each trial its own average (the mean of a
    resample of the history, relative to the history's mean).  ``drift`` is
    the standard deviation of one sprint's change of a trial's level, in log
    terms; ``persistence`` is how much of the change carries into the next
    sprint (an AR(1) process), so the spread grows with the horizon but
    levels off instead of driving the level to nothing over a long forecast.
    The level is centred so the expected velocity stays the history's.

    ``half_life`` (in sprints; 0 for none) makes recent sprints likelier to be
    replayed: a sprint ``half_life`` sprints older counts half as much, so a
    team that has grown (or shrunk) is forecast from its recent pace rather
    than from its whole past.  It reads the history oldest first.

    ``keep_mean`` centres the drift so the expected velocity stays the
    history's; without it the drift is centred on the median instead, so a
    wide drift spreads the forecast both ways rather than pulling its middle
    down (the mean then rises with the spread: room for a team that grows).
    """

    level_uncertainty: bool = False
    drift: float = 0.0
    persistence: float = 0.9
    half_life: float = 0.0
    keep_mean: bool = True

    def __post_init__(self) -> None:
        if not (math.isfinite(self.drift) and 0 <= self.drift <= 1):
            msg = f"drift must be between 0 and 1, got {self.drift!r}"
            raise ValueError(msg)
        if not (math.isfinite(self.persistence) and 0 <= self.persistence < 1):
            msg = f"persistence must be at least 0 and below 1, got {self.persistence!r}"
            raise ValueError(msg)
        if not (math.isfinite(self.half_life) and self.half_life >= 0):
            msg = f"half_life must be zero or positive, got {self.half_life!r}"
            raise ValueError(msg)


class Futures:
    """The simulated futures of one forecast, handed out a few sprints at a time.

    Draws are sprint-major (sprint 1 for every trial before sprint 2) and the
    level's randomness has a stream of its own, so however a forecast cuts the
    simulation into steps, trial ``i`` sees the same futures: that is what
    keeps "when" and "how much" mutually consistent for one seed.
    """

    def __init__(
        self, samples: NDArray[np.float64], model: VelocityModel, seed: int, trials: int
    ) -> None:
        self.samples = samples
        self.model = model
        self.trials = trials
        self.picks = np.random.default_rng(seed)
        level_stream = np.random.default_rng([seed, 1])
        self.level_draws = level_stream
        self.level = np.ones(trials)
        self.cumulative: NDArray[np.float64] | None = None
        mean = float(samples.mean())
        if model.half_life > 0 and samples.size > 1:
            age = np.arange(samples.size - 1, -1, -1, dtype=np.float64)
            weights = 0.5 ** (age / model.half_life)
            self.cumulative = np.cumsum(weights / weights.sum())
            self.cumulative[-1] = 1.0
            mean = float(samples @ (weights / weights.sum()))
        if model.level_uncertainty and samples.size > 1:
            size = samples.size
            resampled = samples[self._pick(level_stream, (trials, size))]
            # The history's own mean counts as one more resampled sprint, so a
            # resample of only empty sprints cannot leave a trial that never finishes.
            self.level = (resampled.sum(axis=1) + mean) / ((size + 1) * mean)
        self.log_average = np.log(self.level).astype(np.float32)
        self.log_level = np.zeros(trials, dtype=np.float32)
        self.log_variance = 0.0

    def _pick(self, stream: np.random.Generator, shape: tuple[int, int]) -> NDArray[np.intp]:
        """Positions of past sprints to replay: uniform, or weighted towards recent ones."""
        if self.cumulative is None:
            return stream.integers(0, self.samples.size, size=shape)
        return np.searchsorted(self.cumulative, stream.random(shape), side="right")

    def next_sprints(self, sprints: int) -> NDArray[np.float64]:
        """Return ``sprints`` rows (one per sprint) of each trial's delivered work."""
        outcomes = self.samples[self._pick(self.picks, (sprints, self.trials))]
        drift, keep = self.model.drift, self.model.persistence
        if drift > 0:
            # Uniform shocks with the same spread: five times cheaper to draw than
            # normal ones, and a level built from many of them is close to normal anyway.
            shocks = self.level_draws.random(size=(sprints, self.trials), dtype=np.float32)
            shocks -= np.float32(0.5)
            shocks *= np.float32(2 * math.sqrt(3) * drift)
            for sprint in range(sprints):
                self.log_level = keep * self.log_level + shocks[sprint]
                self.log_variance = keep * keep * self.log_variance + drift * drift
                # Centred on the log scale, exp(x - var/2) has expectation 1: the
                # drift spreads the level without raising it. The trial's own
                # average joins in the same exponent, saving a pass over the rows.
                shocks[sprint] = self.log_level + self.log_average
                if self.model.keep_mean:
                    shocks[sprint] -= np.float32(self.log_variance / 2)
            outcomes *= np.exp(shocks)
        elif self.model.level_uncertainty:
            outcomes *= self.level
        return outcomes
