"""Fit the forecast's settings to a board's own closed sprints.

How much a team's pace wanders, and whether it is still growing, differs from
team to team: one setting for everyone is too wide for steady teams and too
narrow for erratic ones (and, picked on someone else's history, is that
history's habit, not the team's).  Instead the board's own past is replayed:
at every closed sprint after a warm-up, the sprints before it forecast the
next 1, 3 and 5 sprints with each candidate setting, and the real totals show
which candidates' 85% intervals really held the outcome 85% of the time.

A young board has few such checks, so its own record is blended with a
prior: the coverage each candidate reached across many boards, counted as
``weight`` checks of its own.  The fit takes the candidate whose blended
coverage comes closest to the target at every horizon and, among equally
close ones, the sharpest (narrowest intervals): calibrated first, then as
precise as the history allows.  As the board's history grows its own record
outweighs the prior.

Call :func:`fit_velocity_model` when a sprint closes and keep the result on
the board; every forecast after that passes its ``model``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from .forecast import History, VelocityModel, simulated_running_totals

DRIFTS: tuple[float, ...] = tuple(round(0.1 * step, 1) for step in range(11))  # 0 to 1
HALF_LIVES: tuple[float, ...] = (0.0, 8.0, 4.0)
MEDIAN_DRIFTS: tuple[float, ...] = tuple(round(0.1 * step, 1) for step in range(1, 7))  # to 0.6
CANDIDATES: tuple[VelocityModel, ...] = tuple(
    VelocityModel(level_uncertainty=True, drift=drift, persistence=0.9, half_life=half_life)
    for half_life in HALF_LIVES
    for drift in DRIFTS
) + tuple(
    VelocityModel(
        level_uncertainty=True, drift=drift, persistence=0.9, half_life=half_life, keep_mean=False
    )
    for half_life in HALF_LIVES
    for drift in MEDIAN_DRIFTS
)
DEFAULT_HORIZONS: tuple[int, ...] = (1, 3, 5)
DEFAULT_COVERAGE = 0.85
DEFAULT_WARMUP = 5
FIT_TRIALS = 2_000
# Candidates whose summed squared miss is within this of the best count as tied
# (one percentage point off at one horizon).
_TIE = 0.01**2
# A fit replays at most this many of the latest sprints, so its cost stays bounded.
MAX_REPLAYED = 60


@dataclass(frozen=True)
class PastCheck:
    """One forecast the board could have made, checked for every candidate.

    ``start`` is how many closed sprints the forecast knew; ``hits[i]`` says
    whether the real total of the next ``horizon`` sprints fell inside the
    interval forecast with candidate ``i``, and ``widths[i]`` is that
    interval's width in units of the history's mean sprint.
    """

    start: int
    horizon: int
    hits: tuple[bool, ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Prior:
    """What many boards' histories say before a board has its own.

    ``coverage[h][i]`` is how often candidate ``i``'s interval held the
    outcome ``horizons[h]`` sprints ahead across those boards, ``width[i]``
    its mean width; ``weight`` is how many of the board's own checks (per
    horizon) that is worth.
    """

    candidates: tuple[VelocityModel, ...]
    horizons: tuple[int, ...]
    coverage: tuple[tuple[float, ...], ...]
    width: tuple[float, ...]
    weight: float

    def __post_init__(self) -> None:
        size = len(self.candidates)
        if not size or len(self.width) != size or len(self.coverage) != len(self.horizons):
            msg = "a prior needs one coverage per horizon and candidate, and one width each"
            raise ValueError(msg)
        if any(len(row) != size for row in self.coverage):
            msg = "a prior needs one coverage per horizon and candidate"
            raise ValueError(msg)
        if self.weight < 0:
            msg = f"weight must not be negative, got {self.weight}"
            raise ValueError(msg)


@dataclass(frozen=True)
class FittedModel:
    """The setting chosen for a board, and the evidence behind it.

    ``coverage`` is the blended coverage per horizon (in the prior's order)
    the chosen setting reached; ``checks`` counts the board's own checks.
    """

    model: VelocityModel
    checks: int
    coverage: tuple[float, ...]


def past_checks(
    samples: Sequence[float],
    *,
    seed: int,
    candidates: Sequence[VelocityModel] = CANDIDATES,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    coverage: float = DEFAULT_COVERAGE,
    warmup: int = DEFAULT_WARMUP,
    trials: int = FIT_TRIALS,
    first_start: int = 0,
    previous: Sequence[PastCheck] = (),
) -> tuple[PastCheck, ...]:
    """Replay the board's closed sprints (oldest first) and check every candidate.

    Forecasts start after ``max(warmup, first_start)`` sprints; one whose
    history delivered nothing at all is skipped (no pace, no forecast).
    Each start has its own seed, so a check never changes as sprints are
    added: a caller may keep the checks and only add the new ones.

    ``previous`` are the checks made (with the same arguments) before the
    newest sprints closed.  Only starts whose outcomes were not all known yet
    are replayed: a board that keeps its checks pays for a handful of
    forecasts per closed sprint instead of its whole history, and gets the
    same checks as a full replay.
    """
    if not 0 < coverage < 1:
        msg = f"coverage must be between 0 and 1 (exclusive), got {coverage!r}"
        raise ValueError(msg)
    reached: dict[int, set[int]] = {}
    for check in previous:
        reached.setdefault(check.start, set()).add(check.horizon)
    unfinished = [start for start, found in reached.items() if found != set(horizons)]
    first = max(first_start, min(unfinished) if unfinished else max(reached, default=-1) + 1)
    need = max(math.ceil(round((1 - (1 - coverage) / 2) * trials, 6)), 1)
    checks = [check for check in previous if check.start < first]
    for start in range(max(warmup, first, 1), len(samples)):
        past = tuple(samples[:start])
        reach = [k for k in horizons if start + k <= len(samples)]
        if not any(past) or not reach:
            continue
        unit = float(np.mean(past))
        actual = {k: float(sum(samples[start : start + k])) for k in reach}
        hits: dict[int, list[bool]] = {k: [] for k in reach}
        widths: dict[int, list[float]] = {k: [] for k in reach}
        for model in candidates:
            running = simulated_running_totals(
                History(past), max(reach), trials=trials, seed=seed + start, model=model
            )
            ordered = np.sort(running, axis=1)
            for k in reach:
                low, high = ordered[k - 1, trials - need], ordered[k - 1, need - 1]
                hits[k].append(bool(low <= actual[k] <= high))
                widths[k].append(float(high - low) / (unit * k))
        checks += [PastCheck(start, k, tuple(hits[k]), tuple(widths[k])) for k in reach]
    return tuple(checks)


def prior_from_checks(
    checks: Sequence[PastCheck],
    *,
    weight: float,
    candidates: Sequence[VelocityModel] = CANDIDATES,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
) -> Prior:
    """Pool many boards' checks into a prior (every board's checks count alike)."""
    hits, counts = _tally(checks, len(candidates), horizons)
    if not counts.all():
        msg = "a prior needs checks at every horizon"
        raise ValueError(msg)
    coverage = hits / counts[:, None]
    width = np.mean([check.widths for check in checks], axis=0)
    return Prior(
        candidates=tuple(candidates),
        horizons=tuple(horizons),
        coverage=tuple(tuple(float(value) for value in row) for row in coverage),
        width=tuple(float(value) for value in width),
        weight=weight,
    )


def fit_from_checks(
    checks: Sequence[PastCheck], prior: Prior, *, target: float = DEFAULT_COVERAGE
) -> FittedModel:
    """Pick the candidate whose blended coverage comes closest to the target at every horizon.

    Blended coverage is ``(own hits + weight × prior coverage) / (own checks +
    weight)`` per horizon; "closest" sums the squared misses over the
    horizons.  Among candidates as close as makes no difference, the sharpest
    (narrowest mean interval, the board's own blended with the prior's)
    wins.
    """
    hits, counts = _tally(checks, len(prior.candidates), prior.horizons)
    weight = prior.weight
    blended = (hits + weight * np.asarray(prior.coverage)) / (counts[:, None] + weight)
    own_width = np.zeros(len(prior.candidates))
    if checks:
        own_width = np.mean([check.widths for check in checks], axis=0)
    width = (len(checks) * own_width + weight * np.asarray(prior.width)) / (len(checks) + weight)
    # Squared misses of the target, summed over horizons; within a hair of the
    # best, the sharpest candidate wins (coverage estimates are not that exact).
    miss = ((blended - target) ** 2).sum(axis=0)
    close = np.flatnonzero(miss <= miss.min() + _TIE)
    chosen = int(close[np.argmin(width[close])])
    return FittedModel(
        model=prior.candidates[chosen],
        checks=len(checks),
        coverage=tuple(float(value) for value in blended[:, chosen]),
    )


@lru_cache(maxsize=1)
def default_prior() -> Prior:
    """The prior shipped with Tandem (``forecast_prior``), measured on public Jira boards."""
    from . import forecast_prior as shipped

    if len(CANDIDATES) != shipped.CANDIDATE_COUNT:
        msg = "forecast_prior.py was written for other candidates; regenerate it"
        raise RuntimeError(msg)
    return Prior(
        candidates=CANDIDATES,
        horizons=tuple(shipped.HORIZONS),
        coverage=shipped.COVERAGE,
        width=shipped.WIDTH,
        weight=shipped.WEIGHT,
    )


def fit_velocity_model(
    samples: Sequence[float],
    *,
    prior: Prior | None = None,
    seed: int,
    target: float = DEFAULT_COVERAGE,
    trials: int = FIT_TRIALS,
) -> FittedModel:
    """Fit the forecast's setting to a board's closed sprints (oldest first).

    Replays at most the latest :data:`MAX_REPLAYED` sprints.  With too short a
    history to check anything, the prior alone decides; without a ``prior``
    the shipped :func:`default_prior` is used.  Replaying 60 sprints costs
    about 11 s of CPU, so run it when a sprint closes, not per forecast; a
    board that keeps its checks can pass them to :func:`past_checks` and
    :func:`fit_from_checks` instead and pay well under a second per sprint.
    """
    prior = prior or default_prior()
    checks = past_checks(
        samples,
        seed=seed,
        candidates=prior.candidates,
        horizons=prior.horizons,
        coverage=target,
        trials=trials,
        first_start=max(0, len(samples) - MAX_REPLAYED),
    )
    return fit_from_checks(checks, prior, target=target)


def _tally(
    checks: Sequence[PastCheck], size: int, horizons: Sequence[int]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Hits per horizon and candidate, and checks per horizon."""
    row = {horizon: index for index, horizon in enumerate(horizons)}
    hits = np.zeros((len(horizons), size))
    counts = np.zeros(len(horizons))
    for check in checks:
        if len(check.hits) != size:
            msg = "checks and prior must be made over the same candidates"
            raise ValueError(msg)
        if check.horizon in row:
            hits[row[check.horizon]] += check.hits
            counts[row[check.horizon]] += 1
    return hits, counts
