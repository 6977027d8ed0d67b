"""A metric's last move and distance to target, judged in its own direction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tandem.core.metric_movement import Trend, movement


def test_churn_going_down_is_better_and_shows_what_is_left_to_the_target() -> None:
    moved = movement(latest=2.6, previous=3.1, target=2.0, up_is_good=False)
    assert moved.trend is Trend.BETTER
    assert round(moved.change or 0, 6) == -0.5
    assert round(moved.to_target or 0, 6) == 0.6
    assert moved.target_met is False


def test_conversion_past_its_target_has_met_it() -> None:
    moved = movement(latest=4.2, previous=4.4, target=4.0, up_is_good=True)
    assert (moved.trend, moved.to_target, moved.target_met) == (Trend.WORSE, 0.0, True)


def test_a_first_measurement_has_no_move_and_no_target_means_no_distance() -> None:
    moved = movement(latest=10, previous=None, target=None, up_is_good=True)
    assert (moved.trend, moved.change, moved.to_target, moved.target_met) == (
        Trend.FIRST,
        None,
        None,
        None,
    )


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(latest=values, previous=values, target=values)
def test_turning_the_direction_round_swaps_better_and_worse(
    latest: float, previous: float, target: float
) -> None:
    up = movement(latest=latest, previous=previous, target=target, up_is_good=True)
    down = movement(latest=latest, previous=previous, target=target, up_is_good=False)
    swapped = {Trend.BETTER: Trend.WORSE, Trend.WORSE: Trend.BETTER, Trend.FLAT: Trend.FLAT}
    assert down.trend is swapped[up.trend]
    assert up.to_target is not None
    assert down.to_target is not None
    assert up.to_target >= 0
    assert down.to_target >= 0
    # Only on the target itself are both directions satisfied.
    assert (up.to_target == 0 and down.to_target == 0) == (latest == target)
