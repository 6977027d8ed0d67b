"""Burndown, velocity and cumulative flow arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.sprint_charts import (
    Availability,
    ScopeEntry,
    StatusChange,
    burndown,
    cumulative_flow,
    sprint_days,
    team_capacity,
    velocity,
    working_days,
)

START = dt.date(2026, 3, 2)
END = dt.date(2026, 3, 13)


def test_the_ideal_line_runs_from_the_commitment_to_zero() -> None:
    chart = burndown(
        [ScopeEntry(10, START)], starts_on=START, ends_on=END, today=END, committed_points=10
    )
    assert chart.ideal[0] == 10
    assert chart.ideal[-1] == 0
    assert len(chart.days) == 12


def test_remaining_drops_on_the_day_work_is_done() -> None:
    entries = [ScopeEntry(5, START, done_on=START + dt.timedelta(days=2)), ScopeEntry(3, START)]
    chart = burndown(entries, starts_on=START, ends_on=END, today=END, committed_points=8)
    assert chart.remaining[:4] == (8, 8, 3, 3)


def test_days_still_to_come_have_no_value() -> None:
    chart = burndown(
        [ScopeEntry(5, START)],
        starts_on=START,
        ends_on=END,
        today=START + dt.timedelta(days=1),
        committed_points=5,
    )
    assert chart.remaining[2:] == (None,) * 10


def test_scope_added_and_removed_shows_as_changes() -> None:
    entries = [
        ScopeEntry(5, START),
        ScopeEntry(3, START + dt.timedelta(days=3)),
        ScopeEntry(2, START, removed_on=START + dt.timedelta(days=5)),
    ]
    chart = burndown(entries, starts_on=START, ends_on=END, today=END, committed_points=7)
    assert chart.scope_changes == (
        (START + dt.timedelta(days=3), 3),
        (START + dt.timedelta(days=5), -2),
    )


@given(
    st.lists(
        st.tuples(st.integers(0, 13), st.integers(0, 11), st.one_of(st.none(), st.integers(0, 11))),
        max_size=20,
    )
)
def test_remaining_never_exceeds_scope(raw: list[tuple[int, int, int | None]]) -> None:
    entries = [
        ScopeEntry(
            points,
            START + dt.timedelta(days=added),
            done_on=None if done is None else START + dt.timedelta(days=done),
        )
        for points, added, done in raw
    ]
    chart = burndown(entries, starts_on=START, ends_on=END, today=END, committed_points=0)
    for remaining, scope in zip(chart.remaining, chart.scope, strict=True):
        assert remaining is not None
        assert scope is not None
        assert 0 <= remaining <= scope


def test_velocity_gives_mean_and_range() -> None:
    summary = velocity([20, 24, 28])
    assert (summary.mean, summary.low, summary.high, summary.count) == (24, 20, 28, 3)


def test_velocity_of_no_sprints_is_empty() -> None:
    assert velocity([]).mean is None


def test_a_sprint_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end before"):
        sprint_days(END, START)


@given(
    st.dictionaries(st.integers(1, 30), st.sampled_from(["new", "ready", "done"]), max_size=15),
    st.lists(
        st.tuples(
            st.integers(1, 30), st.integers(0, 11), st.sampled_from(["new", "ready", "done"])
        ),
        max_size=30,
    ),
)
def test_cumulative_flow_counts_every_item_every_day(
    initial: dict[int, str], moves: list[tuple[int, int, str]]
) -> None:
    changes = [
        StatusChange(item, START + dt.timedelta(days=day), status) for item, day, status in moves
    ]
    flow = cumulative_flow(
        initial, changes, days=sprint_days(START, END), statuses=["new", "ready", "done"]
    )
    for index in range(len(flow.days)):
        seen = {c.item_id for c in changes if c.on <= flow.days[index]} | set(initial)
        assert sum(counts[index] for counts in flow.counts.values()) == len(seen)


def test_the_last_move_of_a_day_wins() -> None:
    changes = [StatusChange(1, START, "ready"), StatusChange(1, START, "done")]
    flow = cumulative_flow({1: "new"}, changes, days=[START], statuses=["new", "ready", "done"])
    assert flow.counts == {"new": (0,), "ready": (0,), "done": (1,)}


def test_an_item_counts_only_while_it_is_in_the_sprint() -> None:
    days = sprint_days(START, START + dt.timedelta(days=3))
    present = {1: (START + dt.timedelta(days=1), START + dt.timedelta(days=3))}
    flow = cumulative_flow({1: "ready"}, [], days=days, statuses=["ready"], present=present)
    assert flow.counts == {"ready": (0, 1, 1, 0)}


def test_working_days_skip_weekends() -> None:
    assert working_days(START, END) == 10  # Monday 2 March to Friday 13 March


def test_days_off_scale_a_persons_points() -> None:
    people = [Availability(points=10, days_off=0), Availability(points=10, days_off=5)]
    assert team_capacity(people, 10) == 15


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 15)), max_size=8),
    st.integers(1, 10),
)
def test_team_capacity_never_exceeds_the_full_points(
    people: list[tuple[int, int]], days: int
) -> None:
    capacity = team_capacity([Availability(p, d) for p, d in people], days)
    assert 0 <= capacity <= sum(p for p, _ in people)
