"""Survey scores and A/B test verdicts, with their uncertainty.

A Product Manager reads these numbers to decide, so each one comes with how
far it can be trusted: an NPS of 40 from 12 answers and one from 1,200 answers
are different news, and a conversion "lift" is only a win when chance alone
would rarely produce it.

Everything here is closed-form (normal approximations), so results are exact
functions of the counts: no simulation, no seed, the same answer every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from numbers import Integral

from scipy.stats import norm

NPS_CONFIDENCE = 0.95
EXPERIMENT_POWER = 0.80

# Rocks (2016), "Interval Estimation for the 'Net Promoter Score'", The American
# Statistician 70(4): of six methods, an adjusted Wald interval that adds 3
# pseudo-answers (3/4 promoter, 3/4 detractor, 1.5 passive) covered best.
_NPS_PSEUDO_ANSWERS = 3.0
_NPS_PSEUDO_PROMOTERS = 0.75
_NPS_PSEUDO_DETRACTORS = 0.75


@dataclass(frozen=True)
class NpsResult:
    """A Net Promoter Score on the usual −100..100 scale, with its interval.

    ``low``..``high`` is a 95% confidence interval for the score of everyone
    who could have answered, not just those who did.
    """

    promoters: int
    passives: int
    detractors: int
    n: int
    score: float
    low: float
    high: float


@dataclass(frozen=True)
class NpsPeriod:
    """The NPS of one period of a trend, e.g. ``"2025-Q1"``."""

    label: str
    result: NpsResult


@dataclass(frozen=True)
class CsatResult:
    """Customer satisfaction on a 1–5 scale.

    ``satisfied_share`` is the fraction (0..1) who answered 4 or 5, the usual
    headline CSAT; ``distribution[i]`` counts the answers of ``i + 1``.
    """

    n: int
    mean: float
    satisfied_share: float
    distribution: tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Arm:
    """One arm of an experiment: how many saw it and how many of those converted."""

    exposures: int
    conversions: int

    def __post_init__(self) -> None:
        if self.exposures <= 0:
            msg = f"an arm needs at least one exposure, got {self.exposures}"
            raise ValueError(msg)
        if not 0 <= self.conversions <= self.exposures:
            msg = (
                f"conversions must be between 0 and exposures ({self.exposures}),"
                f" got {self.conversions}"
            )
            raise ValueError(msg)

    @property
    def rate(self) -> float:
        return self.conversions / self.exposures


class Verdict(StrEnum):
    WIN = "win"
    LOSS = "loss"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class ExperimentResult:
    """How a variant's conversion rate compares with the control's.

    ``diff`` is the absolute difference (variant − control) and ``ci_low``..
    ``ci_high`` its confidence interval; ``lift`` is the relative change
    (``diff / rate_control``), ``None`` when the control never converted.
    ``needed_per_arm`` is the exposures per arm that would detect a difference
    this large with 80% power, ``None`` when there is no difference to detect.
    """

    rate_control: float
    rate_variant: float
    lift: float | None
    diff: float
    ci_low: float
    ci_high: float
    p_value: float
    verdict: Verdict
    needed_per_arm: int | None


def nps(scores: Sequence[int], *, confidence: float = NPS_CONFIDENCE) -> NpsResult:
    """Compute the Net Promoter Score of 0–10 answers, with a confidence interval.

    Promoters answer 9–10, detractors 0–6; the score is % promoters −
    % detractors.  The interval is Rocks' adjusted Wald: add 3/4 of a promoter,
    3/4 of a detractor and 3 answers in all, then use the variance of a
    difference of two trinomial shares, (p + d − (p − d)²) / n, with a normal
    approximation.  The plain Wald interval collapses to a single point when
    every answer is a promoter, which is common in small B2B surveys; the
    pseudo-answers keep it honest there.  The bounds are clipped to −100..100,
    and widened to hold the observed score, which the shrinkage towards zero
    would otherwise leave out for a single answer.
    """
    _check_confidence(confidence)
    _check_scores(scores, low=0, high=10)
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    n = len(scores)
    # Integer numerator, one rounding: more promoters can never lower the score.
    score = 100 * (promoters - detractors) / n

    adjusted_n = n + _NPS_PSEUDO_ANSWERS
    promoter_share = (promoters + _NPS_PSEUDO_PROMOTERS) / adjusted_n
    detractor_share = (detractors + _NPS_PSEUDO_DETRACTORS) / adjusted_n
    centre = promoter_share - detractor_share
    variance = (promoter_share + detractor_share - centre**2) / adjusted_n
    half_width = _two_sided_z(confidence) * math.sqrt(variance)
    low = max(-100.0, min(score, 100 * (centre - half_width)))
    high = min(100.0, max(score, 100 * (centre + half_width)))
    return NpsResult(
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        n=n,
        score=score,
        low=low,
        high=high,
    )


def nps_trend(
    periods: Sequence[tuple[str, Sequence[int]]], *, confidence: float = NPS_CONFIDENCE
) -> tuple[NpsPeriod, ...]:
    """Compute the NPS of each labelled period, in the order given.

    Each period keeps its own interval, so a chart can show whether a move
    between periods is larger than their noise.  A period without answers has
    no score; it raises ``ValueError`` naming the period rather than plotting a
    made-up zero, so leave quiet periods out (or show them as gaps).
    """
    trend = []
    for label, scores in periods:
        if not scores:
            msg = f"period {label!r} has no answers, so it has no NPS"
            raise ValueError(msg)
        trend.append(NpsPeriod(label=label, result=nps(scores, confidence=confidence)))
    return tuple(trend)


def csat(scores: Sequence[int]) -> CsatResult:
    """Summarise 1–5 satisfaction answers: mean, share satisfied (4–5), and counts.

    The share satisfied is the headline because a mean of 3.5 can hide a
    split audience; the distribution is there to show that split.
    """
    _check_scores(scores, low=1, high=5)
    counts = [0] * 5
    for score in scores:
        counts[int(score) - 1] += 1
    n = len(scores)
    return CsatResult(
        n=n,
        mean=sum(int(score) for score in scores) / n,
        satisfied_share=(counts[3] + counts[4]) / n,
        distribution=(counts[0], counts[1], counts[2], counts[3], counts[4]),
    )


def two_proportion_test(
    control: Arm, variant: Arm, *, confidence: float = 0.95
) -> ExperimentResult:
    """Compare the conversion rates of two arms of an A/B test.

    The p-value is the two-sided pooled z-test: under "no difference" both arms
    share one rate, so its standard error pools them.  The interval of the
    difference is the unpooled Wald interval, because once a difference is
    assumed each arm has its own rate; the two can disagree at the edge of
    significance, and the verdict follows the p-value.  ``needed_per_arm`` is
    the classic (Fleiss, no continuity correction) sample size to detect the
    observed rates at ``confidence`` with 80% power: a planning figure, and
    reading it off observed rates is optimistic when the test is inconclusive.
    """
    _check_confidence(confidence)
    rate_control = control.rate
    rate_variant = variant.rate
    diff = rate_variant - rate_control

    pooled = (control.conversions + variant.conversions) / (control.exposures + variant.exposures)
    inverse_sizes = 1 / control.exposures + 1 / variant.exposures
    pooled_se = math.sqrt(pooled * (1 - pooled) * inverse_sizes)
    # A pooled rate of 0 or 1 means both arms converted alike: no difference at all.
    p_value = 1.0 if pooled_se == 0 else float(2 * norm.sf(abs(diff) / pooled_se))

    unpooled_se = math.sqrt(
        rate_control * (1 - rate_control) / control.exposures
        + rate_variant * (1 - rate_variant) / variant.exposures
    )
    half_width = _two_sided_z(confidence) * unpooled_se

    significant = p_value < 1 - confidence
    if significant and diff > 0:
        verdict = Verdict.WIN
    elif significant and diff < 0:
        verdict = Verdict.LOSS
    else:
        verdict = Verdict.INCONCLUSIVE

    return ExperimentResult(
        rate_control=rate_control,
        rate_variant=rate_variant,
        lift=diff / rate_control if rate_control > 0 else None,
        diff=diff,
        ci_low=max(-1.0, diff - half_width),
        ci_high=min(1.0, diff + half_width),
        p_value=p_value,
        verdict=verdict,
        needed_per_arm=_needed_per_arm(rate_control, rate_variant, confidence),
    )


def _needed_per_arm(rate_control: float, rate_variant: float, confidence: float) -> int | None:
    diff = rate_variant - rate_control
    if diff == 0:
        return None
    mean_rate = (rate_control + rate_variant) / 2
    under_null = _two_sided_z(confidence) * math.sqrt(2 * mean_rate * (1 - mean_rate))
    under_alternative = float(norm.ppf(EXPERIMENT_POWER)) * math.sqrt(
        rate_control * (1 - rate_control) + rate_variant * (1 - rate_variant)
    )
    return math.ceil((under_null + under_alternative) ** 2 / diff**2)


def _two_sided_z(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - confidence) / 2))


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        msg = f"confidence must be between 0 and 1 (exclusive), got {confidence!r}"
        raise ValueError(msg)


def _check_scores(scores: Sequence[int], *, low: int, high: int) -> None:
    if not scores:
        msg = "no answers, so there is no score"
        raise ValueError(msg)
    # Integral rather than int so that NumPy integers from a query pass too.
    invalid = [
        score
        for score in scores
        if isinstance(score, bool) or not isinstance(score, Integral) or not low <= score <= high
    ]
    if invalid:
        msg = f"answers must be whole numbers from {low} to {high}, got {invalid[:5]!r}"
        raise ValueError(msg)
