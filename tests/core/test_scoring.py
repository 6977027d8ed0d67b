import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.scoring import (
    IMPACT_LEVELS,
    QUADRANT_MIDPOINT,
    MoSCoW,
    PriorityInputs,
    PriorityScores,
    Quadrant,
    quadrant,
    rice_score,
    score,
    validate_priority_inputs,
    value_effort_ratio,
    wsjf_score,
)

reaches = st.integers(min_value=0, max_value=1_000_000)
impacts = st.sampled_from(IMPACT_LEVELS)
confidences = st.integers(min_value=0, max_value=100)
rice_efforts = st.floats(min_value=0.1, max_value=120, allow_nan=False)
wsjf_parts = st.integers(min_value=1, max_value=21)
one_to_ten = st.integers(min_value=1, max_value=10)


def test_moscow_values_are_the_stored_codes() -> None:
    assert [member.value for member in MoSCoW] == ["must", "should", "could", "wont"]


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (PriorityInputs(reach=1000, impact=2, confidence=80, rice_effort=4), 400.0),
        (PriorityInputs(reach=500, impact=0.5, confidence=50, rice_effort=0.5), 250.0),
        (PriorityInputs(reach=0, impact=3, confidence=100, rice_effort=1), 0.0),
    ],
)
def test_rice_score_matches_hand_computed_values(inputs: PriorityInputs, expected: float) -> None:
    assert rice_score(inputs) == pytest.approx(expected)


@pytest.mark.parametrize(
    "inputs",
    [
        PriorityInputs(),
        PriorityInputs(impact=2, confidence=80, rice_effort=4),
        PriorityInputs(reach=1000, confidence=80, rice_effort=4),
        PriorityInputs(reach=1000, impact=2, rice_effort=4),
        PriorityInputs(reach=1000, impact=2, confidence=80),
        PriorityInputs(reach=1000, impact=2, confidence=80, rice_effort=0),
        PriorityInputs(reach=1000, impact=2, confidence=80, rice_effort=-1),
    ],
)
def test_rice_score_is_unknown_when_a_part_is_missing_or_effort_is_not_positive(
    inputs: PriorityInputs,
) -> None:
    assert rice_score(inputs) is None


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (PriorityInputs(business_value=8, time_criticality=5, risk_reduction=3, job_size=8), 2.0),
        (PriorityInputs(business_value=21, time_criticality=13, risk_reduction=1, job_size=5), 7.0),
        (PriorityInputs(business_value=1, time_criticality=1, risk_reduction=1, job_size=3), 1.0),
    ],
)
def test_wsjf_score_matches_hand_computed_values(inputs: PriorityInputs, expected: float) -> None:
    assert wsjf_score(inputs) == pytest.approx(expected)


@pytest.mark.parametrize(
    "inputs",
    [
        PriorityInputs(),
        PriorityInputs(time_criticality=5, risk_reduction=3, job_size=8),
        PriorityInputs(business_value=8, risk_reduction=3, job_size=8),
        PriorityInputs(business_value=8, time_criticality=5, job_size=8),
        PriorityInputs(business_value=8, time_criticality=5, risk_reduction=3),
        PriorityInputs(business_value=8, time_criticality=5, risk_reduction=3, job_size=0),
    ],
)
def test_wsjf_score_is_unknown_when_a_part_is_missing_or_job_size_is_not_positive(
    inputs: PriorityInputs,
) -> None:
    assert wsjf_score(inputs) is None


def test_value_effort_ratio_divides_value_by_effort() -> None:
    assert value_effort_ratio(PriorityInputs(value=8, effort=2)) == pytest.approx(4.0)


@pytest.mark.parametrize(
    "inputs",
    [PriorityInputs(value=8), PriorityInputs(effort=2), PriorityInputs(value=8, effort=0)],
)
def test_value_effort_ratio_is_unknown_without_a_positive_effort_and_a_value(
    inputs: PriorityInputs,
) -> None:
    assert value_effort_ratio(inputs) is None


@pytest.mark.parametrize(
    ("value", "effort", "expected"),
    [
        (6, 5, Quadrant.QUICK_WIN),
        (10, 1, Quadrant.QUICK_WIN),
        (6, 6, Quadrant.BIG_BET),
        (5, 5, Quadrant.FILL_IN),
        (1, 1, Quadrant.FILL_IN),
        (5, 6, Quadrant.TIME_SINK),
        (1, 10, Quadrant.TIME_SINK),
    ],
)
def test_quadrant_treats_scores_above_the_midpoint_as_high(
    value: int, effort: int, expected: Quadrant
) -> None:
    assert QUADRANT_MIDPOINT == 5
    assert quadrant(value, effort) is expected


def test_quadrants_have_human_labels() -> None:
    assert [member.label for member in Quadrant] == ["Quick win", "Big bet", "Fill-in", "Time sink"]
    assert [member.value for member in Quadrant] == [
        "quick_win",
        "big_bet",
        "fill_in",
        "time_sink",
    ]


def test_score_combines_every_framework() -> None:
    inputs = PriorityInputs(
        value=8,
        effort=2,
        reach=1000,
        impact=2,
        confidence=80,
        rice_effort=4,
        business_value=8,
        time_criticality=5,
        risk_reduction=3,
        job_size=8,
        moscow=MoSCoW.MUST,
    )
    assert score(inputs) == PriorityScores(
        rice=400.0, wsjf=2.0, value_effort=4.0, quadrant=Quadrant.QUICK_WIN
    )


def test_score_of_an_unscored_item_is_all_unknown() -> None:
    assert score(PriorityInputs()) == PriorityScores(
        rice=None, wsjf=None, value_effort=None, quadrant=None
    )


def test_validation_accepts_unknown_and_in_range_inputs() -> None:
    assert validate_priority_inputs(PriorityInputs()) == {}
    assert (
        validate_priority_inputs(
            PriorityInputs(
                value=1,
                effort=10,
                reach=0,
                impact=0.25,
                confidence=100,
                rice_effort=0.5,
                business_value=1,
                time_criticality=21,
                risk_reduction=13,
                job_size=1,
            )
        )
        == {}
    )


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (PriorityInputs(value=0), "value"),
        (PriorityInputs(value=11), "value"),
        (PriorityInputs(effort=0), "effort"),
        (PriorityInputs(reach=-1), "reach"),
        (PriorityInputs(impact=1.5), "impact"),
        (PriorityInputs(impact=0), "impact"),
        (PriorityInputs(confidence=101), "confidence"),
        (PriorityInputs(confidence=-5), "confidence"),
        (PriorityInputs(rice_effort=0), "rice_effort"),
        (PriorityInputs(rice_effort=float("nan")), "rice_effort"),
        (PriorityInputs(business_value=0), "business_value"),
        (PriorityInputs(time_criticality=22), "time_criticality"),
        (PriorityInputs(risk_reduction=0), "risk_reduction"),
        (PriorityInputs(job_size=0), "job_size"),
    ],
)
def test_validation_reports_the_out_of_range_field_with_a_message(
    inputs: PriorityInputs, field: str
) -> None:
    problems = validate_priority_inputs(inputs)
    assert list(problems) == [field]
    assert problems[field].startswith("Must")


def test_validation_reports_every_bad_field_at_once() -> None:
    problems = validate_priority_inputs(PriorityInputs(value=0, effort=99, confidence=150))
    assert set(problems) == {"value", "effort", "confidence"}


@given(reaches, reaches, impacts, confidences, rice_efforts)
def test_rice_never_drops_when_reach_grows(
    reach: int, extra: int, impact: float, confidence: int, effort: float
) -> None:
    smaller = rice_score(
        PriorityInputs(reach=reach, impact=impact, confidence=confidence, rice_effort=effort)
    )
    larger = rice_score(
        PriorityInputs(
            reach=reach + extra, impact=impact, confidence=confidence, rice_effort=effort
        )
    )
    assert smaller is not None
    assert larger is not None
    assert larger >= smaller >= 0


@given(reaches, impacts, confidences, rice_efforts, st.floats(min_value=0.1, max_value=50))
def test_rice_never_grows_when_effort_grows(
    reach: int, impact: float, confidence: int, effort: float, extra: float
) -> None:
    cheaper = rice_score(
        PriorityInputs(reach=reach, impact=impact, confidence=confidence, rice_effort=effort)
    )
    costlier = rice_score(
        PriorityInputs(
            reach=reach, impact=impact, confidence=confidence, rice_effort=effort + extra
        )
    )
    assert cheaper is not None
    assert costlier is not None
    assert costlier <= cheaper


@given(wsjf_parts, wsjf_parts, wsjf_parts, wsjf_parts, st.integers(min_value=1, max_value=20))
def test_wsjf_strictly_decreases_as_job_size_grows(
    value: int, urgency: int, risk: int, job_size: int, growth: int
) -> None:
    def wsjf_for(size: int) -> float | None:
        return wsjf_score(
            PriorityInputs(
                business_value=value, time_criticality=urgency, risk_reduction=risk, job_size=size
            )
        )

    smaller_job, bigger_job = wsjf_for(job_size), wsjf_for(job_size + growth)
    assert smaller_job is not None
    assert bigger_job is not None
    assert bigger_job < smaller_job


@given(one_to_ten, one_to_ten)
def test_score_quadrant_agrees_with_the_value_effort_ratio(value: int, effort: int) -> None:
    scores = score(PriorityInputs(value=value, effort=effort))
    assert scores.value_effort == pytest.approx(value / effort)
    assert scores.quadrant is quadrant(value, effort)
    assert (scores.quadrant is Quadrant.QUICK_WIN) == (value > 5 >= effort)


@given(
    st.builds(
        PriorityInputs,
        value=st.none() | one_to_ten,
        effort=st.none() | one_to_ten,
        reach=st.none() | reaches,
        impact=st.none() | impacts,
        confidence=st.none() | confidences,
        rice_effort=st.none() | rice_efforts,
        business_value=st.none() | wsjf_parts,
        time_criticality=st.none() | wsjf_parts,
        risk_reduction=st.none() | wsjf_parts,
        job_size=st.none() | wsjf_parts,
        moscow=st.none() | st.sampled_from(MoSCoW),
    )
)
def test_valid_inputs_always_score_without_errors(inputs: PriorityInputs) -> None:
    assert validate_priority_inputs(inputs) == {}
    assert isinstance(score(inputs), PriorityScores)
