import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.forecast import VelocityModel
from tandem.core.forecast_fit import (
    CANDIDATES,
    FittedModel,
    PastCheck,
    Prior,
    default_prior,
    fit_from_checks,
    fit_velocity_model,
    past_checks,
    prior_from_checks,
)

NARROW = VelocityModel(level_uncertainty=True, drift=0.0)
WIDE = VelocityModel(level_uncertainty=True, drift=0.6)
TWO = (NARROW, WIDE)


def prior(coverage: tuple[float, float], weight: float) -> Prior:
    return Prior(
        candidates=TWO,
        horizons=(1,),
        coverage=(coverage,),
        width=(1.0, 2.0),
        weight=weight,
    )


def checks(narrow_hits: int, wide_hits: int, total: int) -> list[PastCheck]:
    return [
        PastCheck(start=5 + i, horizon=1, hits=(i < narrow_hits, i < wide_hits), widths=(1.0, 2.0))
        for i in range(total)
    ]


def test_with_no_history_the_prior_decides() -> None:
    fitted = fit_from_checks([], prior((0.70, 0.86), weight=10))
    assert fitted == FittedModel(model=WIDE, checks=0, coverage=(pytest.approx(0.86),))


def test_a_board_whose_narrow_forecasts_held_gets_the_narrow_setting() -> None:
    own = checks(narrow_hits=85, wide_hits=100, total=100)
    assert fit_from_checks(own, prior((0.70, 0.86), weight=10)).model == NARROW


def test_a_heavy_prior_outweighs_a_short_history() -> None:
    own = checks(narrow_hits=9, wide_hits=10, total=10)
    assert fit_from_checks(own, prior((0.50, 0.85), weight=1000)).model == WIDE


def test_equally_close_candidates_go_to_the_sharper() -> None:
    assert fit_from_checks([], prior((0.85, 0.85), weight=5)).model == NARROW


def test_past_checks_only_use_sprints_before_each_forecast() -> None:
    steady = [10.0] * 8
    found = past_checks(steady, seed=1, candidates=TWO, horizons=(1, 3), trials=200)
    assert [(c.start, c.horizon) for c in found] == [(5, 1), (5, 3), (6, 1), (7, 1)]
    assert all(all(c.hits) for c in found)


def test_an_all_zero_history_makes_no_forecast() -> None:
    assert past_checks([0.0] * 7 + [5.0], seed=1, candidates=TWO, trials=100) == ()


def test_a_board_that_suddenly_doubles_is_given_the_wider_setting() -> None:
    history = [10.0, 11.0, 9.0, 10.0, 10.0, 10.0, 20.0, 21.0, 19.0, 22.0, 20.0, 21.0, 40.0, 38.0]
    fitted = fit_velocity_model(history, prior=prior((0.85, 0.85), weight=1), seed=3, trials=300)
    assert fitted.model == WIDE


def test_a_prior_pools_hits_per_horizon() -> None:
    pooled = prior_from_checks(checks(1, 2, 4), weight=7, candidates=TWO, horizons=(1,))
    assert pooled.coverage == ((0.25, 0.5),)
    assert pooled.width == (1.0, 2.0)
    assert pooled.weight == 7


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans()), max_size=30),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0.5, max_value=100),
)
def test_the_fit_always_picks_one_of_the_candidates(
    hits: list[tuple[bool, bool]], narrow: float, wide: float, weight: float
) -> None:
    own = [PastCheck(5 + i, 1, pair, (1.0, 2.0)) for i, pair in enumerate(hits)]
    fitted = fit_from_checks(own, prior((narrow, wide), weight))
    assert fitted.model in TWO
    assert fitted.checks == len(hits)
    assert 0 <= fitted.coverage[0] <= 1


def test_the_shipped_prior_covers_every_candidate_and_horizon() -> None:
    shipped = default_prior()
    assert shipped.candidates == CANDIDATES
    assert shipped.horizons == (1, 3, 5)
    assert all(0 < value <= 1 for row in shipped.coverage for value in row)


def test_a_board_without_history_gets_the_shipped_priors_choice() -> None:
    assert fit_velocity_model([12.0, 9.0], seed=1).model in CANDIDATES


def test_updating_checks_after_new_sprints_equals_replaying_everything() -> None:
    history = [10.0, 12.0, 8.0, 11.0, 9.0, 14.0, 10.0, 13.0, 7.0, 12.0, 11.0]
    before = past_checks(history[:8], seed=4, candidates=TWO, trials=200)
    updated = past_checks(history, seed=4, candidates=TWO, trials=200, previous=before)
    assert updated == past_checks(history, seed=4, candidates=TWO, trials=200)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=20), min_size=6, max_size=14),
    st.integers(min_value=1, max_value=6),
)
def test_checks_kept_and_updated_never_differ_from_a_full_replay(
    velocities: list[int], closed_since: int
) -> None:
    history = [float(v) for v in velocities]
    cut = max(0, len(history) - closed_since)
    before = past_checks(history[:cut], seed=9, candidates=TWO, trials=50)
    assert past_checks(history, seed=9, candidates=TWO, trials=50, previous=before) == past_checks(
        history, seed=9, candidates=TWO, trials=50
    )
