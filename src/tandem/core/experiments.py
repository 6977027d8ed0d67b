"""Reading an A/B test the way a Product Manager decides on it.

:func:`tandem.core.stats.two_proportion_test` gives the numbers for one pair of
arms; this module compares every variant of an experiment with its control,
adds the interval of the *relative* lift (the figure people quote: "+12%"),
corrects the threshold when several variants are compared at once, and says
what the numbers mean in a sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import norm

from .stats import Arm, ExperimentResult, Verdict, two_proportion_test

EXPERIMENT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class NamedArm:
    name: str
    arm: Arm


@dataclass(frozen=True)
class Comparison:
    """One variant against the control.

    ``lift_low``..``lift_high`` is the interval of the relative lift (``0.12`` is
    +12%); ``None`` when either arm never converted, where a ratio has no
    interval.  ``confidence`` is the level actually used, lower per comparison
    when several variants share one experiment.
    """

    control: str
    variant: str
    result: ExperimentResult
    lift_low: float | None
    lift_high: float | None
    confidence: float
    exposures: int  # the smaller arm's, what the sample-size advice compares with
    summary: str


def relative_lift_interval(
    control: Arm, variant: Arm, *, confidence: float = EXPERIMENT_CONFIDENCE
) -> tuple[float, float] | None:
    """The confidence interval of ``variant.rate / control.rate − 1``.

    Katz's log interval for a ratio of two rates: log(ratio) ± z·√(1/x₁ − 1/n₁ +
    1/x₀ − 1/n₀).  It is symmetric on the log scale, so it always holds the
    observed lift and never goes below −100%.  ``None`` when either arm has no
    conversion: the ratio is then 0 or undefined and the log interval does not
    exist.
    """
    if not 0 < confidence < 1:
        msg = f"confidence must be between 0 and 1 (exclusive), got {confidence!r}"
        raise ValueError(msg)
    if control.conversions == 0 or variant.conversions == 0:
        return None
    log_ratio = math.log(variant.rate / control.rate)
    variance = (
        1 / variant.conversions
        - 1 / variant.exposures
        + 1 / control.conversions
        - 1 / control.exposures
    )
    half_width = float(norm.ppf(1 - (1 - confidence) / 2)) * math.sqrt(max(0.0, variance))
    return math.exp(log_ratio - half_width) - 1, math.exp(log_ratio + half_width) - 1


def compare_variants(
    arms: Sequence[NamedArm], *, confidence: float = EXPERIMENT_CONFIDENCE
) -> tuple[Comparison, ...]:
    """Compare every arm after the first (the control) with the first.

    With more than one variant, each comparison is made at a Bonferroni-corrected
    level (1 − α/k for k variants): testing three variants at 95% each would
    find a "winner" by chance one time in seven.
    """
    if len(arms) < 2:
        msg = "an experiment needs a control and at least one variant"
        raise ValueError(msg)
    control = arms[0]
    variants = arms[1:]
    level = 1 - (1 - confidence) / len(variants)
    comparisons = []
    for variant in variants:
        result = two_proportion_test(control.arm, variant.arm, confidence=level)
        interval = relative_lift_interval(control.arm, variant.arm, confidence=level)
        exposures = min(control.arm.exposures, variant.arm.exposures)
        comparisons.append(
            Comparison(
                control=control.name,
                variant=variant.name,
                result=result,
                lift_low=interval[0] if interval else None,
                lift_high=interval[1] if interval else None,
                confidence=level,
                exposures=exposures,
                summary=verdict_sentence(
                    result,
                    control=control.name,
                    variant=variant.name,
                    exposures=exposures,
                    confidence=level,
                ),
            )
        )
    return tuple(comparisons)


def verdict_sentence(
    result: ExperimentResult, *, control: str, variant: str, exposures: int, confidence: float
) -> str:
    """Say in one or two sentences what the test shows and, when unclear, what it needs."""
    rates = f"{_percent(result.rate_variant)} against {_percent(result.rate_control)}"
    lift = f", a lift of {_signed_percent(result.lift)}" if result.lift is not None else ""
    p_value = _p_value(result.p_value)
    alpha = f"{1 - confidence:.3g}"
    if result.verdict is Verdict.WIN:
        return (
            f"Win: {variant} converts better than {control} ({rates}{lift}; {p_value}). "
            f"Chance alone would rarely produce a difference this large (p < {alpha})."
        )
    if result.verdict is Verdict.LOSS:
        return (
            f"Loss: {variant} converts worse than {control} ({rates}{lift}; {p_value}). "
            f"Chance alone would rarely produce a drop this large (p < {alpha})."
        )
    if result.needed_per_arm is None:
        return (
            f"Inconclusive: {variant} and {control} converted at the same rate ({rates}); "
            "there is no difference to detect."
        )
    return (
        f"Inconclusive: {variant} against {control} ({rates}{lift}; {p_value}) could be chance. "
        f"Detecting a difference this large with 80% power needs about "
        f"{result.needed_per_arm:,} exposures per variant; the smaller arm has {exposures:,}."
    )


def _percent(rate: float) -> str:
    return f"{100 * rate:.2f}%"


def _signed_percent(share: float) -> str:
    return f"{100 * share:+.1f}%"


def _p_value(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
