import itertools
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tandem.core.forecast import (
    BOOTSTRAP,
    CALIBRATED,
    History,
    VelocityModel,
    forecast_fan,
    forecast_how_much,
    forecast_interval,
    forecast_when,
    sprints_to_dates,
)

LUMPY = History((2.0, 10.0, 10.0, 10.0))
TEAM = History((5.0, 8.0, 3.0, 0.0, 13.0, 8.0, 5.0, 8.0, 2.0, 7.0))
FEW_TRIALS = 300
HISTORY_OF_ONE_EARLY_WIN = History((0.0, 0.0, 0.0, 1.0))

seeds = st.integers(min_value=0, max_value=2**32 - 1)
# Whole points keep every running total exact, so "when" and "how much" can be
# compared exactly, without floating-point noise.
whole_point_histories = (
    st.lists(st.integers(min_value=0, max_value=13), min_size=1, max_size=12)
    .filter(any)
    .map(lambda points: History(tuple(float(point) for point in points)))
)
# At least one point whenever a sprint delivers anything, so every simulated
# future finishes long before the generous max_sprints the properties use.
any_histories = (
    st.lists(st.one_of(st.just(0.0), st.floats(min_value=1, max_value=50)), min_size=1, max_size=12)
    .filter(any)
    .map(lambda points: History(tuple(points)))
)


def test_a_constant_history_gives_the_exact_answer_at_every_confidence_level() -> None:
    forecast = forecast_when(History((5.0, 5.0, 5.0)), 20, seed=1, model=BOOTSTRAP)
    assert forecast.percentiles == {50: 4, 85: 4, 95: 4}
    assert forecast.distribution == (0, 0, 0, 0, forecast.trials)


def test_a_constant_history_delivers_the_exact_amount_at_every_confidence_level() -> None:
    forecast = forecast_how_much(History((5.0, 5.0, 5.0)), 4, seed=1, model=BOOTSTRAP)
    assert forecast.percentiles == {50: 20.0, 85: 20.0, 95: 20.0}


@pytest.mark.parametrize("remaining", [0.0, -3.0])
def test_no_remaining_work_needs_no_sprints(remaining: float) -> None:
    forecast = forecast_when(TEAM, remaining, trials=100, seed=1)
    assert forecast.percentiles == {50: 0, 85: 0, 95: 0}
    assert forecast.distribution == (100,)


def test_when_levels_read_how_often_the_work_was_done_in_time() -> None:
    # A 10 comes up 3 times in 4: done in 1 sprint 75% of the time, in 2 sprints
    # 93.75% of the time (1 - 1/16) and in 3 sprints 98.4% of the time.
    forecast = forecast_when(LUMPY, 10, seed=7, model=BOOTSTRAP)
    assert forecast.percentiles == {50: 1, 85: 2, 95: 3}


def test_how_much_levels_are_amounts_reached_in_at_least_that_share_of_trials() -> None:
    # Two sprints give 20 (56%), 12 (37.5%) or 4 (6.25%): 12 or more in 93.75%.
    forecast = forecast_how_much(LUMPY, 2, seed=7, model=BOOTSTRAP)
    assert forecast.percentiles == {50: 20.0, 85: 12.0, 95: 4.0}


def test_how_much_at_85_percent_is_the_15th_percentile_not_the_85th() -> None:
    forecast = forecast_how_much(LUMPY, 1, seed=7, model=BOOTSTRAP, percentiles=(15, 85))
    assert forecast.percentiles == {15: 10.0, 85: 2.0}


def test_the_distribution_counts_every_finished_trial_once() -> None:
    forecast = forecast_when(TEAM, 60, trials=2_000, seed=3)
    assert sum(forecast.distribution) == 2_000
    assert forecast.unfinished == 0
    assert forecast.distribution[forecast.percentiles[95]] > 0


def test_each_confidence_level_is_the_first_sprint_count_that_many_trials_finish_by() -> None:
    forecast = forecast_when(TEAM, 60, trials=2_000, seed=3)
    done_by = list(itertools.accumulate(forecast.distribution))
    assert all(
        done_by[sprints] >= level * 20 > done_by[sprints - 1]
        for level, sprints in forecast.percentiles.items()
    )


def test_trials_still_running_after_max_sprints_are_counted_as_unfinished() -> None:
    # Half the sprints deliver nothing: 1 trial in 8 has not delivered after 3 sprints.
    forecast = forecast_when(
        History((0.0, 10.0)), 10, seed=5, model=BOOTSTRAP, max_sprints=3, percentiles=(50, 85)
    )
    assert 1_000 < forecast.unfinished < 1_500
    assert sum(forecast.distribution) + forecast.unfinished == forecast.trials


def test_a_confidence_level_beyond_max_sprints_raises() -> None:
    with pytest.raises(ValueError, match="max_sprints=3"):
        forecast_when(History((0.0, 10.0)), 10, seed=5, model=BOOTSTRAP, max_sprints=3)


def test_the_same_seed_gives_the_same_forecast() -> None:
    assert forecast_when(TEAM, 120, seed=11) == forecast_when(TEAM, 120, seed=11)
    assert forecast_how_much(TEAM, 6, seed=11) == forecast_how_much(TEAM, 6, seed=11)
    assert forecast_interval(TEAM, 6, seed=11) == forecast_interval(TEAM, 6, seed=11)


def test_another_seed_gives_other_simulated_futures() -> None:
    assert forecast_when(TEAM, 120, seed=11) != forecast_when(TEAM, 120, seed=12)
    assert forecast_how_much(TEAM, 6, trials=25, seed=11) != forecast_how_much(
        TEAM, 6, trials=25, seed=12
    )


def test_ten_thousand_trials_make_the_answer_almost_independent_of_the_seed() -> None:
    answers = [forecast_when(TEAM, 120, seed=seed).percentiles for seed in range(5)]
    assert all(abs(answer[85] - answers[0][85]) <= 1 for answer in answers)


@given(any_histories, st.floats(min_value=0.1, max_value=100), seeds)
def test_higher_confidence_never_needs_fewer_sprints(
    history: History, remaining: float, seed: int
) -> None:
    levels = forecast_when(
        history, remaining, trials=FEW_TRIALS, seed=seed, max_sprints=5_000
    ).percentiles
    assert levels[50] <= levels[85] <= levels[95]


@given(any_histories, st.integers(min_value=0, max_value=30), seeds)
def test_higher_confidence_never_promises_more_work(
    history: History, sprints: int, seed: int
) -> None:
    levels = forecast_how_much(history, sprints, trials=FEW_TRIALS, seed=seed).percentiles
    assert levels[95] <= levels[85] <= levels[50]


@given(
    any_histories,
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100),
    seeds,
    st.just(BOOTSTRAP),
)
@example(HISTORY_OF_ONE_EARLY_WIN, 0.0, 10.0, 0, CALIBRATED)
def test_more_remaining_work_never_needs_fewer_sprints(
    history: History, some_work: float, more_work: float, seed: int, model: VelocityModel
) -> None:
    smaller = forecast_when(
        history, some_work, trials=FEW_TRIALS, seed=seed, max_sprints=5_000, model=model
    )
    larger = forecast_when(
        history, some_work + more_work, trials=FEW_TRIALS, seed=seed, max_sprints=5_000, model=model
    )
    assert all(larger.percentiles[level] >= smaller.percentiles[level] for level in (50, 85, 95))


@given(any_histories, st.integers(min_value=0, max_value=200), seeds)
def test_more_sprints_never_deliver_less(history: History, sprints: int, seed: int) -> None:
    fewer = forecast_how_much(history, sprints, trials=FEW_TRIALS, seed=seed)
    more = forecast_how_much(history, sprints + 1, trials=FEW_TRIALS, seed=seed)
    assert all(more.percentiles[level] >= fewer.percentiles[level] for level in (50, 85, 95))


@given(
    whole_point_histories,
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=40),
    st.sampled_from([50, 85, 95]),
    seeds,
)
def test_when_and_how_much_agree_on_the_same_simulated_futures(
    history: History, remaining: int, sprints: int, level: int, seed: int
) -> None:
    when = forecast_when(
        history,
        remaining,
        trials=FEW_TRIALS,
        seed=seed,
        model=BOOTSTRAP,
        percentiles=(level,),
        max_sprints=5_000,
    )
    how_much = forecast_how_much(
        history, sprints, trials=FEW_TRIALS, seed=seed, model=BOOTSTRAP, percentiles=(level,)
    )
    assert (when.percentiles[level] <= sprints) == (how_much.percentiles[level] >= remaining)


@given(any_histories, st.integers(min_value=0, max_value=30), seeds)
def test_the_central_interval_holds_the_median_and_the_85_percent_promise(
    history: History, sprints: int, seed: int
) -> None:
    low, high = forecast_interval(history, sprints, trials=FEW_TRIALS, seed=seed)
    levels = forecast_how_much(history, sprints, trials=FEW_TRIALS, seed=seed).percentiles
    assert low <= levels[85] <= levels[50] <= high


def test_the_85_percent_interval_runs_from_the_7_5th_to_the_92_5th_percentile() -> None:
    # One sprint gives 2 a quarter of the time: both values are outside a 7.5% tail.
    assert forecast_interval(LUMPY, 1, seed=7, model=BOOTSTRAP) == (2.0, 10.0)
    assert forecast_interval(History((5.0,)), 4, seed=7, model=BOOTSTRAP) == (20.0, 20.0)


def test_sprints_to_dates_adds_whole_sprints_to_the_start() -> None:
    assert sprints_to_dates(date(2025, 1, 6), 14, 3) == date(2025, 2, 17)
    assert sprints_to_dates(date(2025, 1, 6), 14, 0) == date(2025, 1, 6)


@pytest.mark.parametrize(
    ("samples", "problem"),
    [
        ((), "at least one"),
        ((3.0, -1.0), "negative"),
        ((0.0, 0.0), "all zero"),
        ((3.0, float("nan")), "finite"),
        ((3.0, float("inf")), "finite"),
    ],
)
def test_a_bad_history_is_rejected_with_its_problem(
    samples: tuple[float, ...], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        History(samples)


@pytest.mark.parametrize(
    ("forecast", "problem"),
    [
        pytest.param(
            lambda: forecast_when(TEAM, float("nan"), seed=1),
            "remaining work must be a finite number",
            id="remaining is nan",
        ),
        pytest.param(
            lambda: forecast_when(TEAM, 10, trials=0, seed=1),
            "trials must be at least 1",
            id="when without trials",
        ),
        pytest.param(
            lambda: forecast_when(TEAM, 10, seed=1, percentiles=(0, 50)),
            r"between 1 and 100, got \[0\]",
            id="when at 0%",
        ),
        pytest.param(
            lambda: forecast_when(TEAM, 10, seed=1, percentiles=(50, 101)),
            r"between 1 and 100, got \[101\]",
            id="when at 101%",
        ),
        pytest.param(
            lambda: forecast_when(TEAM, 10, seed=1, max_sprints=0),
            "max_sprints must be at least 1",
            id="no sprints allowed",
        ),
        pytest.param(
            lambda: forecast_how_much(TEAM, -1, seed=1),
            "sprints must not be negative",
            id="negative sprints",
        ),
        pytest.param(
            lambda: forecast_how_much(TEAM, 3, trials=0, seed=1),
            "trials must be at least 1",
            id="how much without trials",
        ),
        pytest.param(
            lambda: forecast_how_much(TEAM, 3, seed=1, percentiles=(0,)),
            "between 1 and 100",
            id="how much at 0%",
        ),
    ],
)
def test_a_bad_forecast_request_is_rejected_naming_the_problem(
    forecast: Callable[[], object], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        forecast()


@pytest.mark.parametrize("coverage", [0.0, 1.0, 85.0])
def test_forecast_interval_rejects_a_coverage_outside_zero_to_one(coverage: float) -> None:
    with pytest.raises(ValueError, match="coverage must be between 0 and 1"):
        forecast_interval(TEAM, 3, coverage=coverage, seed=1)


@pytest.mark.parametrize(
    ("sprint_length_days", "sprints", "problem"),
    [(0, 3, "sprint_length_days must be at least 1"), (14, -1, "sprints must not be negative")],
)
def test_sprints_to_dates_rejects_bad_input_naming_it(
    sprint_length_days: int, sprints: int, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        sprints_to_dates(date(2025, 1, 6), sprint_length_days, sprints)


models = st.sampled_from([BOOTSTRAP, CALIBRATED])


@given(any_histories, st.integers(min_value=1, max_value=30), seeds, models)
def test_fan_bands_are_ordered_by_confidence_and_never_fall_from_sprint_to_sprint(
    history: History, sprints: int, seed: int, model: VelocityModel
) -> None:
    fan = forecast_fan(history, sprints, trials=FEW_TRIALS, seed=seed, model=model)
    assert len(fan.bands) == sprints
    for band in fan.bands:
        assert band[95] <= band[85] <= band[50] <= band[5]
    for earlier, later in itertools.pairwise(fan.bands):
        assert all(later[level] >= earlier[level] for level in fan.levels)


@given(any_histories, st.integers(min_value=1, max_value=30), seeds, models)
def test_the_fans_last_band_is_the_how_much_answer(
    history: History, sprints: int, seed: int, model: VelocityModel
) -> None:
    fan = forecast_fan(history, sprints, trials=FEW_TRIALS, seed=seed, model=model)
    how_much = forecast_how_much(history, sprints, trials=FEW_TRIALS, seed=seed, model=model)
    assert fan.bands[-1][85] == pytest.approx(how_much.percentiles[85])
    assert fan.bands[-1][50] == pytest.approx(how_much.percentiles[50])


@given(any_histories, st.floats(min_value=0.1, max_value=30), seeds)
def test_calibrated_when_levels_are_monotone_and_reproducible(
    history: History, remaining: float, seed: int
) -> None:
    first = forecast_when(history, remaining, trials=FEW_TRIALS, seed=seed, max_sprints=5_000)
    again = forecast_when(history, remaining, trials=FEW_TRIALS, seed=seed, max_sprints=5_000)
    assert first == again
    assert first.percentiles[50] <= first.percentiles[85] <= first.percentiles[95]


@given(any_histories, st.floats(min_value=0, max_value=15), st.floats(0, 15), seeds)
def test_more_remaining_work_never_needs_fewer_sprints_in_the_calibrated_model_either(
    history: History, some_work: float, more_work: float, seed: int
) -> None:
    smaller = forecast_when(history, some_work, trials=FEW_TRIALS, seed=seed, max_sprints=5_000)
    larger = forecast_when(
        history, some_work + more_work, trials=FEW_TRIALS, seed=seed, max_sprints=5_000
    )
    assert all(larger.percentiles[level] >= smaller.percentiles[level] for level in (50, 85, 95))


def test_a_history_of_mostly_empty_sprints_still_finishes_in_every_calibrated_trial() -> None:
    forecast = forecast_when(History((0.0, 1.0)), 1, trials=2_000, seed=0, model=CALIBRATED)
    assert forecast.unfinished == 0


def test_the_calibrated_model_widens_long_forecasts_but_keeps_the_average() -> None:
    plain_low, plain_high = forecast_interval(TEAM, 10, seed=3, model=BOOTSTRAP)
    low, high = forecast_interval(TEAM, 10, seed=3, model=CALIBRATED)
    assert high - low > 1.3 * (plain_high - plain_low)
    fan = forecast_fan(TEAM, 10, seed=3, levels=(50,), model=CALIBRATED)
    expected = 10 * sum(TEAM.samples) / len(TEAM.samples)
    # The median sits a little below the mean: a drifting level is skewed upwards.
    assert 0.8 * expected <= fan.bands[-1][50] <= 1.05 * expected


def test_the_calibrated_model_keeps_a_constant_history_close_to_its_pace_for_one_sprint() -> None:
    low, high = forecast_interval(History((5.0, 5.0, 5.0)), 1, seed=1, model=CALIBRATED)
    assert 3.0 <= low <= 5.0 <= high <= 8.0


@pytest.mark.parametrize(
    ("drift", "persistence"), [(-0.1, 0.5), (1.5, 0.5), (0.2, 1.0), (0.2, -0.1)]
)
def test_a_velocity_model_outside_its_range_is_refused(drift: float, persistence: float) -> None:
    with pytest.raises(ValueError, match=r"drift|persistence"):
        VelocityModel(drift=drift, persistence=persistence)
