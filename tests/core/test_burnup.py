import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from tandem.core.burnup import ScopeEntry, burnup, burnup_days

START = dt.date(2025, 1, 1)
days_in = st.integers(min_value=0, max_value=120).map(lambda n: START + dt.timedelta(days=n))
entries = st.lists(
    st.builds(
        ScopeEntry,
        points=st.integers(min_value=0, max_value=21).map(float),
        added_on=days_in,
        done_on=st.none() | days_in,
    ),
    max_size=30,
)


@given(entries, st.integers(min_value=0, max_value=150))
def test_done_never_exceeds_scope_and_neither_line_falls(work: list[ScopeEntry], span: int) -> None:
    chart = burnup(work, burnup_days(START, START + dt.timedelta(days=span)))
    assert all(done <= scope for done, scope in zip(chart.done, chart.scope, strict=True))
    assert all(a <= b for a, b in itertools.pairwise(chart.scope))
    assert all(a <= b for a, b in itertools.pairwise(chart.done))


@given(st.integers(min_value=0, max_value=2_000), st.integers(min_value=2, max_value=80))
def test_burnup_days_run_from_start_to_end_within_the_point_budget(
    span: int, max_points: int
) -> None:
    end = START + dt.timedelta(days=span)
    days = burnup_days(START, end, max_points=max_points)
    assert (days[0], days[-1]) == (START, end)
    assert len(days) <= max_points + 1
    assert list(days) == sorted(set(days))


def test_work_done_before_it_joined_the_scope_counts_from_the_day_it_joined() -> None:
    late = ScopeEntry(points=5, added_on=START + dt.timedelta(days=3), done_on=START)
    chart = burnup([late], burnup_days(START, START + dt.timedelta(days=4)))
    assert chart.scope == (0, 0, 0, 5, 5)
    assert chart.done == (0, 0, 0, 5, 5)
