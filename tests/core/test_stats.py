from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.stats import (
    Arm,
    NpsPeriod,
    Verdict,
    csat,
    nps,
    nps_trend,
    two_proportion_test,
)

nps_answers = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300)
csat_answers = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=300)
arms = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda exposures: st.builds(
        Arm, st.just(exposures), st.integers(min_value=0, max_value=exposures)
    )
)
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99])


def test_nps_of_an_even_split_is_zero_with_a_hand_computed_interval() -> None:
    # Promoters 10, 10, 9; passives 8, 7; detractors 6, 0, 3: 3/8 − 3/8 = 0.
    # Adjusted Wald: n = 8 + 3 = 11, p = d = 3.75 / 11, so the centre is 0 and the
    # variance is (7.5 / 11) / 11; 1.96 × √7.5 / 11 = 0.48797 → ±48.8.
    result = nps([10, 10, 9, 8, 7, 6, 0, 3])
    assert (result.promoters, result.passives, result.detractors, result.n) == (3, 2, 3, 8)
    assert result.score == 0.0
    assert result.low == pytest.approx(-48.797, abs=1e-3)
    assert result.high == pytest.approx(48.797, abs=1e-3)


def test_nps_counts_9_as_promoter_7_and_8_as_passive_and_6_as_detractor() -> None:
    # 2 promoters and 1 detractor of 5: 40% − 20% = 20.
    result = nps([9, 8, 7, 6, 10])
    assert (result.promoters, result.passives, result.detractors) == (2, 2, 1)
    assert result.score == 20.0


def test_nps_of_only_promoters_is_100_with_an_interval_that_still_admits_doubt() -> None:
    # n = 20 + 3, p = 20.75 / 23, d = 0.75 / 23: centre 86.96, half-width 1.96 ×
    # √((0.93478 − 0.86957²) / 23) = 17.27, so 69.68 to 104.2, clipped to 100.
    result = nps([10] * 20)
    assert result.score == 100.0
    assert result.low == pytest.approx(69.68, abs=0.01)
    assert result.high == 100.0


def test_a_single_answer_keeps_its_own_score_inside_the_interval() -> None:
    result = nps([0])
    assert result.score == -100.0
    assert result.low == -100.0
    assert result.high == pytest.approx(48.50, abs=0.01)


def test_a_higher_confidence_gives_a_wider_nps_interval() -> None:
    answers = [10, 9, 9, 8, 7, 3, 10, 6, 9, 2]
    narrow = nps(answers, confidence=0.8)
    wide = nps(answers, confidence=0.99)
    assert wide.low < narrow.low <= narrow.high < wide.high


def test_nps_accepts_numpy_integers_from_a_query() -> None:
    assert nps(list(np.array([10, 0, 8], dtype=np.int64))).score == 0.0


@given(nps_answers)
def test_nps_is_always_on_the_minus_100_to_100_scale_and_inside_its_interval(
    answers: list[int],
) -> None:
    result = nps(answers)
    assert -100.0 <= result.low <= result.score <= result.high <= 100.0
    assert result.promoters + result.passives + result.detractors == result.n == len(answers)


@given(nps_answers, st.sampled_from([9, 10]))
def test_adding_a_promoter_never_lowers_nps(answers: list[int], promoter: int) -> None:
    assert nps([*answers, promoter]).score >= nps(answers).score


@given(nps_answers, st.integers(min_value=0, max_value=6))
def test_adding_a_detractor_never_raises_nps(answers: list[int], detractor: int) -> None:
    assert nps([*answers, detractor]).score <= nps(answers).score


@given(st.lists(st.tuples(st.text(max_size=10), nps_answers), max_size=6))
def test_nps_trend_keeps_each_period_label_and_order(
    periods: list[tuple[str, list[int]]],
) -> None:
    expected = tuple(NpsPeriod(label, nps(answers)) for label, answers in periods)
    assert nps_trend(periods) == expected


def test_nps_trend_names_the_period_without_answers() -> None:
    with pytest.raises(ValueError, match="'2025-02' has no answers"):
        nps_trend([("2025-01", [10, 3]), ("2025-02", [])])


def test_csat_summarises_mean_share_satisfied_and_distribution() -> None:
    # 5 + 4 + 4 + 3 + 1 = 17 over 5 answers = 3.4; three of five answered 4 or 5.
    result = csat([5, 4, 4, 3, 1])
    assert result.n == 5
    assert result.mean == pytest.approx(3.4)
    assert result.satisfied_share == pytest.approx(0.6)
    assert result.distribution == (1, 0, 1, 2, 1)


@given(csat_answers)
def test_csat_distribution_counts_every_answer_once(answers: list[int]) -> None:
    result = csat(answers)
    assert sum(result.distribution) == result.n == len(answers)
    assert 1 <= result.mean <= 5
    assert 0 <= result.satisfied_share <= 1


def test_the_textbook_two_proportion_example_is_a_significant_win() -> None:
    # Pooled rate 450 / 2000 = 0.225; SE = √(0.225 × 0.775 × (1/1000 + 1/1000))
    # = 0.018675, so z = 0.05 / 0.018675 = 2.677 and p = 2 × (1 − Φ(2.677)) = 0.0074.
    # Unpooled SE √(0.2 × 0.8 / 1000 + 0.25 × 0.75 / 1000) = 0.018641: CI ±0.0365.
    result = two_proportion_test(Arm(1000, 200), Arm(1000, 250))
    assert result.rate_control == 0.2
    assert result.rate_variant == 0.25
    assert result.diff == pytest.approx(0.05)
    assert result.lift == pytest.approx(0.25)
    assert result.p_value == pytest.approx(0.0074, abs=1e-4)
    assert result.ci_low == pytest.approx(0.0135, abs=1e-4)
    assert result.ci_high == pytest.approx(0.0865, abs=1e-4)
    assert result.verdict is Verdict.WIN


def test_the_textbook_example_needs_about_1100_per_arm_for_80_percent_power() -> None:
    # (1.95996 × √(2 × 0.225 × 0.775) + 0.84162 × √(0.2 × 0.8 + 0.25 × 0.75))² / 0.05²
    # = (1.15746 + 0.49613)² / 0.0025 = 1093.7, rounded up.
    assert two_proportion_test(Arm(1000, 200), Arm(1000, 250)).needed_per_arm == 1094


def test_a_worse_variant_is_a_loss() -> None:
    assert two_proportion_test(Arm(1000, 250), Arm(1000, 200)).verdict is Verdict.LOSS


def test_the_same_difference_is_inconclusive_at_a_stricter_confidence() -> None:
    # p = 0.0074 clears 1 − 0.99 but not 1 − 0.999.
    control, variant = Arm(1000, 200), Arm(1000, 250)
    assert two_proportion_test(control, variant, confidence=0.99).verdict is Verdict.WIN
    assert two_proportion_test(control, variant, confidence=0.999).verdict is Verdict.INCONCLUSIVE


def test_arms_without_any_conversion_have_no_difference_and_no_lift() -> None:
    result = two_proportion_test(Arm(500, 0), Arm(400, 0))
    assert result.diff == 0.0
    assert result.p_value == 1.0
    assert result.lift is None
    assert result.needed_per_arm is None
    assert result.verdict is Verdict.INCONCLUSIVE


@given(arms, arms)
def test_swapping_the_arms_flips_the_difference_and_keeps_the_p_value(
    control: Arm, variant: Arm
) -> None:
    forward = two_proportion_test(control, variant)
    backward = two_proportion_test(variant, control)
    assert backward.diff == -forward.diff
    assert backward.p_value == forward.p_value
    assert (backward.ci_low, backward.ci_high) == (-forward.ci_high, -forward.ci_low)
    assert backward.needed_per_arm == forward.needed_per_arm


@given(arms, arms, confidences)
def test_the_interval_holds_the_difference_and_the_p_value_is_a_probability(
    control: Arm, variant: Arm, confidence: float
) -> None:
    result = two_proportion_test(control, variant, confidence=confidence)
    assert -1.0 <= result.ci_low <= result.diff <= result.ci_high <= 1.0
    assert 0.0 <= result.p_value <= 1.0


@given(arms, arms, confidences)
def test_the_verdict_follows_the_p_value_in_the_direction_of_the_difference(
    control: Arm, variant: Arm, confidence: float
) -> None:
    result = two_proportion_test(control, variant, confidence=confidence)
    significant = result.p_value < 1 - confidence
    assert (result.verdict is Verdict.WIN) == (significant and result.diff > 0)
    assert (result.verdict is Verdict.LOSS) == (significant and result.diff < 0)


@given(arms, arms)
def test_a_sample_size_is_given_exactly_when_there_is_a_difference(
    control: Arm, variant: Arm
) -> None:
    needed = two_proportion_test(control, variant).needed_per_arm
    assert (needed is None) == (control.rate == variant.rate)
    assert needed is None or needed >= 1


@pytest.mark.parametrize(
    ("compute", "problem"),
    [
        pytest.param(lambda: nps([]), "no answers", id="nps without answers"),
        pytest.param(lambda: nps([10, 11]), r"0 to 10, got \[11\]", id="nps above 10"),
        pytest.param(lambda: nps([-1, 5]), r"0 to 10, got \[-1\]", id="nps below 0"),
        pytest.param(lambda: nps([9.5]), "whole numbers", id="nps fraction"),
        pytest.param(lambda: nps([True]), "whole numbers", id="nps boolean"),
        pytest.param(lambda: nps([7], confidence=1.0), "confidence", id="nps at 100%"),
        pytest.param(lambda: csat([]), "no answers", id="csat without answers"),
        pytest.param(lambda: csat([0, 3]), r"1 to 5, got \[0\]", id="csat of 0"),
        pytest.param(lambda: csat([6]), r"1 to 5, got \[6\]", id="csat of 6"),
        pytest.param(lambda: Arm(0, 0), "at least one exposure", id="arm unseen"),
        pytest.param(lambda: Arm(10, 11), "between 0 and exposures", id="too many conversions"),
        pytest.param(lambda: Arm(10, -1), "between 0 and exposures", id="negative conversions"),
        pytest.param(
            lambda: two_proportion_test(Arm(10, 1), Arm(10, 2), confidence=95),
            "confidence must be between 0 and 1",
            id="confidence as a percentage",
        ),
    ],
)
def test_bad_input_is_rejected_naming_the_problem(
    compute: Callable[[], object], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        compute()
