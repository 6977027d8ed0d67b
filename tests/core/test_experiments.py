"""Reading an experiment: relative-lift intervals, several variants, verdicts in words."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tandem.core.experiments import NamedArm, compare_variants, relative_lift_interval
from tandem.core.stats import Arm, Verdict


def test_the_lift_interval_matches_katz_computed_by_hand() -> None:
    # ratio 0.13 / 0.10 = 1.3; var(log ratio) = 1/130 − 1/1000 + 1/100 − 1/1000 = 0.0156923,
    # SE 0.125269; ±1.959964 × SE = ±0.245522 around ln 1.3 = 0.262364:
    # exp(0.016842) − 1 = 0.01698 and exp(0.507886) − 1 = 0.66178.
    low, high = relative_lift_interval(Arm(1000, 100), Arm(1000, 130)) or (0, 0)
    assert low == pytest.approx(0.01698, abs=1e-5)
    assert high == pytest.approx(0.66178, abs=1e-5)


def test_an_arm_without_conversions_has_no_lift_interval() -> None:
    assert relative_lift_interval(Arm(1000, 0), Arm(1000, 5)) is None
    assert relative_lift_interval(Arm(1000, 5), Arm(1000, 0)) is None


def test_the_textbook_win_is_told_as_a_win_with_its_numbers() -> None:
    (comparison,) = compare_variants(
        [NamedArm("Control", Arm(1000, 200)), NamedArm("New checkout", Arm(1000, 250))]
    )
    assert comparison.result.verdict is Verdict.WIN
    assert comparison.confidence == 0.95
    assert comparison.summary == (
        "Win: New checkout converts better than Control (25.00% against 20.00%, a lift of "
        "+25.0%; p = 0.007). Chance alone would rarely produce a difference this large "
        "(p < 0.05)."
    )


def test_an_inconclusive_test_says_how_many_exposures_it_would_need() -> None:
    (comparison,) = compare_variants(
        [NamedArm("Control", Arm(500, 100)), NamedArm("B", Arm(400, 90))]
    )
    assert comparison.result.verdict is Verdict.INCONCLUSIVE
    assert comparison.exposures == 400
    needed = comparison.result.needed_per_arm
    assert needed is not None
    assert needed > 400
    assert f"needs about {needed:,} exposures per variant; the smaller arm has 400" in (
        comparison.summary
    )


def test_equal_rates_say_there_is_nothing_to_detect() -> None:
    (comparison,) = compare_variants([NamedArm("A", Arm(100, 10)), NamedArm("B", Arm(200, 20))])
    assert "converted at the same rate" in comparison.summary


def test_three_variants_are_each_judged_at_a_bonferroni_corrected_level() -> None:
    # p = 0.035 wins alone at 95%, but not among two variants judged at 97.5% each.
    alone = compare_variants([NamedArm("C", Arm(1000, 100)), NamedArm("B", Arm(1000, 130))])
    shared = compare_variants(
        [
            NamedArm("C", Arm(1000, 100)),
            NamedArm("B", Arm(1000, 130)),
            NamedArm("D", Arm(1000, 101)),
        ]
    )
    assert alone[0].result.verdict is Verdict.WIN
    assert [c.confidence for c in shared] == [0.975, 0.975]
    assert shared[0].result.verdict is Verdict.INCONCLUSIVE
    assert "(p < 0.025)" not in shared[0].summary


def test_an_experiment_needs_a_variant_besides_the_control() -> None:
    with pytest.raises(ValueError, match="at least one variant"):
        compare_variants([NamedArm("Control", Arm(10, 1))])


arms = st.integers(min_value=1, max_value=50_000).flatmap(
    lambda n: st.builds(Arm, st.just(n), st.integers(min_value=0, max_value=n))
)


@given(control=arms, variant=arms)
def test_the_lift_interval_holds_the_observed_lift(control: Arm, variant: Arm) -> None:
    interval = relative_lift_interval(control, variant)
    assume(interval is not None)
    assert interval is not None
    lift = variant.rate / control.rate - 1
    assert interval[0] <= lift + 1e-9
    assert lift - 1e-9 <= interval[1]
    assert interval[0] >= -1


@given(control=arms, variant=arms)
def test_swapping_arms_inverts_the_ratio_interval(control: Arm, variant: Arm) -> None:
    forward = relative_lift_interval(control, variant)
    backward = relative_lift_interval(variant, control)
    assume(forward is not None and backward is not None)
    assert forward is not None
    assert backward is not None
    assert math.isclose(1 + forward[0], 1 / (1 + backward[1]), rel_tol=1e-9)
    assert math.isclose(1 + forward[1], 1 / (1 + backward[0]), rel_tol=1e-9)


@given(control=arms, variant=arms)
def test_every_comparison_has_a_probability_and_a_verdict_in_words(
    control: Arm, variant: Arm
) -> None:
    (comparison,) = compare_variants([NamedArm("A", control), NamedArm("B", variant)])
    assert 0 <= comparison.result.p_value <= 1
    assert comparison.result.ci_low <= comparison.result.diff <= comparison.result.ci_high
    assert comparison.summary.startswith(comparison.result.verdict.value.capitalize())


@given(control=arms, variant=arms)
def test_swapping_the_variants_negates_the_difference(control: Arm, variant: Arm) -> None:
    (forward,) = compare_variants([NamedArm("A", control), NamedArm("B", variant)])
    (backward,) = compare_variants([NamedArm("B", variant), NamedArm("A", control)])
    assert backward.result.diff == pytest.approx(-forward.result.diff)
    assert backward.result.p_value == pytest.approx(forward.result.p_value)
