import itertools
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import OptimizeResult

from tandem.core import sprint_plan
from tandem.core.sprint_plan import (
    Candidate,
    PlanComparison,
    SprintPlan,
    compare,
    plan_greedy,
    plan_optimal,
)

Planner = Callable[..., SprintPlan]
PLANNERS = [plan_greedy, plan_optimal]

POINT_SCALE = (0, 1, 2, 3, 5, 8, 13)
OUTSIDE_IDS = (100, 101, 102)
"""Work that is not a candidate: a blocker among these is either done or not."""

whole_values = st.integers(min_value=0, max_value=20).map(float)
fractional_values = st.sampled_from((0.0, 0.1, 0.2, 0.3, 0.7, 1.25, 3.3, 12.5))


@dataclass(frozen=True)
class Backlog:
    candidates: tuple[Candidate, ...]
    capacity: int
    already_done: frozenset[int]


@st.composite
def backlogs(
    draw: st.DrawFn, max_items: int = 8, values: st.SearchStrategy[float] = whole_values
) -> Backlog:
    """Random ready items; each may wait on earlier-drawn items, so there is no cycle."""
    size = draw(st.integers(min_value=0, max_value=max_items))
    ranks = draw(st.permutations(range(size)))
    candidates = [
        Candidate(
            id=index,
            points=draw(st.sampled_from(POINT_SCALE)),
            value=draw(values),
            rank=ranks[index],
            blocked_by=tuple(
                draw(
                    st.lists(
                        st.sampled_from((*range(index), *OUTSIDE_IDS)), max_size=2, unique=True
                    )
                )
            ),
        )
        for index in range(size)
    ]
    return Backlog(
        candidates=tuple(draw(st.permutations(candidates))),
        capacity=draw(st.integers(min_value=0, max_value=30)),
        already_done=frozenset(draw(st.sets(st.sampled_from(OUTSIDE_IDS)))),
    )


def run(planner: Planner, backlog: Backlog) -> SprintPlan:
    return planner(backlog.candidates, backlog.capacity, already_done=backlog.already_done)


def chosen_items(plan: SprintPlan, backlog: Backlog) -> list[Candidate]:
    by_id = {candidate.id: candidate for candidate in backlog.candidates}
    return [by_id[item_id] for item_id in plan.chosen]


def allowed(items: Iterable[Candidate], backlog: Backlog) -> bool:
    chosen = list(items)
    ready = {item.id for item in chosen} | backlog.already_done
    fits = sum(item.points for item in chosen) <= backlog.capacity
    return fits and all(set(item.blocked_by) <= ready for item in chosen)


def every_allowed_plan(backlog: Backlog) -> list[tuple[Candidate, ...]]:
    """Brute force: every subset of the candidates that the rules allow."""
    subsets = itertools.chain.from_iterable(
        itertools.combinations(backlog.candidates, size)
        for size in range(len(backlog.candidates) + 1)
    )
    return [subset for subset in subsets if allowed(subset, backlog)]


def most_valuable_plans(backlog: Backlog) -> list[tuple[Candidate, ...]]:
    plans = every_allowed_plan(backlog)
    best = max(value_of(plan) for plan in plans)
    return [plan for plan in plans if value_of(plan) == best]


def value_of(items: Iterable[Candidate]) -> float:
    return math.fsum(item.value for item in items)


def rank_weight(item_ids: Iterable[int], backlog: Backlog) -> int:
    """n for the top candidate down to 1 for the last, summed over the plan."""
    ordered = sorted(backlog.candidates, key=lambda item: item.rank)
    weight = {item.id: len(ordered) - position for position, item in enumerate(ordered)}
    return sum(weight[item_id] for item_id in item_ids)


def c(
    item_id: int,
    points: int,
    value: float,
    rank: int | None = None,
    *,
    blocked_by: tuple[int, ...] = (),
) -> Candidate:
    """Build a candidate tersely; its rank defaults to its id."""
    return Candidate(
        id=item_id,
        points=points,
        value=value,
        rank=item_id if rank is None else rank,
        blocked_by=blocked_by,
    )


@pytest.mark.parametrize("planner", PLANNERS)
@given(backlog=backlogs())
def test_a_plan_never_exceeds_capacity(planner: Planner, backlog: Backlog) -> None:
    plan = run(planner, backlog)
    assert plan.points == sum(item.points for item in chosen_items(plan, backlog))
    assert plan.points <= backlog.capacity


@pytest.mark.parametrize("planner", PLANNERS)
@given(backlog=backlogs())
def test_a_plan_never_holds_an_item_without_its_blockers(
    planner: Planner, backlog: Backlog
) -> None:
    plan = run(planner, backlog)
    ready = set(plan.chosen) | backlog.already_done
    assert all(set(item.blocked_by) <= ready for item in chosen_items(plan, backlog))


@pytest.mark.parametrize("planner", PLANNERS)
@given(backlog=backlogs())
def test_a_plan_lists_each_item_once_in_backlog_order_with_its_total_value(
    planner: Planner, backlog: Backlog
) -> None:
    plan = run(planner, backlog)
    items = chosen_items(plan, backlog)
    assert [item.rank for item in items] == sorted({item.rank for item in items})
    assert plan.value == value_of(items)


@pytest.mark.parametrize("planner", PLANNERS)
@given(backlog=backlogs(), order=st.randoms(use_true_random=False))
def test_a_plan_does_not_depend_on_the_order_candidates_are_given_in(
    planner: Planner, backlog: Backlog, order: random.Random
) -> None:
    shuffled = order.sample(backlog.candidates, k=len(backlog.candidates))
    assert run(planner, backlog) == planner(
        shuffled, backlog.capacity, already_done=backlog.already_done
    )


@given(backlog=backlogs())
def test_the_optimizer_is_worth_at_least_as_much_as_greedy(backlog: Backlog) -> None:
    comparison = compare(backlog.candidates, backlog.capacity, already_done=backlog.already_done)
    assert comparison.optimal.method == "optimal"
    assert comparison.greedy == run(plan_greedy, backlog)
    assert comparison.value_gained == comparison.optimal.value - comparison.greedy.value
    assert comparison.value_gained >= 0


@given(backlog=backlogs(max_items=12))
def test_the_optimizer_finds_the_brute_force_maximum_on_small_backlogs(
    backlog: Backlog,
) -> None:
    best = max(value_of(plan) for plan in every_allowed_plan(backlog))
    assert run(plan_optimal, backlog).value == best


@given(backlog=backlogs(max_items=10, values=fractional_values))
def test_the_optimizer_finds_the_brute_force_maximum_with_fractional_values(
    backlog: Backlog,
) -> None:
    best = max(value_of(plan) for plan in every_allowed_plan(backlog))
    assert run(plan_optimal, backlog).value == pytest.approx(best, rel=1e-9, abs=1e-12)


@given(backlog=backlogs(max_items=10))
def test_among_plans_of_equal_value_the_optimizer_takes_the_highest_ranked_items(
    backlog: Backlog,
) -> None:
    highest = max(
        rank_weight((item.id for item in plan), backlog) for plan in most_valuable_plans(backlog)
    )
    assert rank_weight(run(plan_optimal, backlog).chosen, backlog) == highest


def test_identical_items_are_taken_from_the_top_of_the_backlog() -> None:
    twins = [c(1, 5, 8.0, 40), c(2, 5, 8.0, 10), c(3, 5, 8.0, 30), c(4, 5, 8.0, 20)]
    assert plan_optimal(twins, 10).chosen == (2, 4)
    assert plan_greedy(twins, 10).chosen == (2, 4)


def test_higher_ranked_items_beat_an_equally_valuable_lower_ranked_one() -> None:
    candidates = [c(1, 5, 10.0, 3), c(2, 3, 6.0, 1), c(3, 2, 4.0, 2)]
    assert plan_optimal(candidates, 5).chosen == (2, 3)


def test_spare_capacity_goes_to_the_highest_items_even_when_worth_nothing() -> None:
    candidates = [c(1, 3, 0.0), c(2, 3, 0.0), c(3, 5, 9.0)]
    assert plan_optimal(candidates, 8).chosen == (1, 3)


def test_greedy_leaves_value_behind_when_a_dense_item_wastes_capacity() -> None:
    candidates = [c(1, 6, 12.0), c(2, 6, 12.0), c(3, 5, 9.0), c(4, 5, 9.0)]
    comparison = compare(candidates, 10)
    assert comparison == PlanComparison(
        optimal=SprintPlan(chosen=(3, 4), points=10, value=18.0, method="optimal"),
        greedy=SprintPlan(chosen=(1,), points=6, value=12.0, method="greedy"),
        value_gained=6.0,
    )


def test_greedy_walks_items_by_value_per_point_then_by_rank() -> None:
    candidates = [c(1, 5, 5.0), c(2, 2, 4.0, 9), c(3, 1, 2.0, 5), c(4, 3, 9.0)]
    assert plan_greedy(candidates, 6).chosen == (4, 3, 2)
    assert plan_greedy(candidates, 5).chosen == (4, 3)


def test_greedy_skips_an_item_whose_blocker_comes_later_in_its_walk() -> None:
    candidates = [c(1, 1, 10.0, blocked_by=(2,)), c(2, 5, 5.0)]
    assert plan_greedy(candidates, 6).chosen == (2,)
    assert plan_optimal(candidates, 6).chosen == (1, 2)


@pytest.mark.parametrize("planner", PLANNERS)
@given(backlog=backlogs())
def test_items_blocked_by_unfinished_work_outside_the_candidates_are_never_chosen(
    planner: Planner, backlog: Backlog
) -> None:
    missing = set(OUTSIDE_IDS) - backlog.already_done
    plan = run(planner, backlog)
    assert all(not missing & set(item.blocked_by) for item in chosen_items(plan, backlog))


@pytest.mark.parametrize("planner", PLANNERS)
def test_an_item_waiting_on_unfinished_work_blocks_its_own_dependents(planner: Planner) -> None:
    candidates = [c(1, 1, 50.0, blocked_by=(999,)), c(2, 1, 50.0, blocked_by=(1,)), c(3, 1, 1.0)]
    assert planner(candidates, 10).chosen == (3,)


@pytest.mark.parametrize("planner", PLANNERS)
def test_work_already_done_unblocks_its_dependents(planner: Planner) -> None:
    candidates = [c(1, 1, 50.0, blocked_by=(999,)), c(2, 1, 50.0, blocked_by=(1,)), c(3, 1, 1.0)]
    plan = planner(candidates, 10, already_done=frozenset({999}))
    assert plan.chosen == (1, 2, 3)


@pytest.mark.parametrize("planner", PLANNERS)
def test_zero_point_items_are_planned_even_without_capacity(planner: Planner) -> None:
    candidates = [c(1, 0, 3.0), c(2, 1, 9.0), c(3, 0, 0.5, blocked_by=(1,))]
    plan = planner(candidates, 0)
    assert (plan.chosen, plan.points, plan.value) == ((1, 3), 0, 3.5)


@pytest.mark.parametrize("planner", PLANNERS)
@pytest.mark.parametrize("capacity", [0, 13])
def test_an_empty_backlog_gives_an_empty_plan(planner: Planner, capacity: int) -> None:
    plan = planner([], capacity)
    assert (plan.chosen, plan.points, plan.value) == ((), 0, 0.0)


@pytest.mark.parametrize("planner", PLANNERS)
def test_items_bigger_than_the_sprint_are_left_out(planner: Planner) -> None:
    assert planner([c(1, 13, 100.0), c(2, 3, 1.0)], 8).chosen == (2,)


@pytest.mark.parametrize("planner", PLANNERS)
@pytest.mark.parametrize(
    ("candidates", "capacity", "already_done", "message"),
    [
        ([c(1, 3, 1.0)], -1, frozenset(), "Capacity must not be negative"),
        ([c(1, -3, 1.0)], 10, frozenset(), "negative points"),
        ([c(1, 3, -1.0)], 10, frozenset(), "finite, non-negative value"),
        ([c(1, 3, math.nan)], 10, frozenset(), "finite, non-negative value"),
        ([c(1, 3, math.inf)], 10, frozenset(), "finite, non-negative value"),
        ([c(1, 3, 1.0), c(1, 5, 2.0)], 10, frozenset(), "appears more than once"),
        ([c(1, 3, 1.0)], 10, frozenset({1}), "already done"),
        (
            [c(1, 3, 1.0, blocked_by=(1,))],
            10,
            frozenset(),
            r"\[1\] are blocked by a dependency cycle",
        ),
        (
            [c(1, 3, 1.0, blocked_by=(3,)), c(2, 1, 1.0), c(3, 3, 1.0, blocked_by=(1,))],
            10,
            frozenset(),
            r"\[1, 3\] are blocked by a dependency cycle",
        ),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(
    planner: Planner,
    candidates: list[Candidate],
    capacity: int,
    already_done: frozenset[int],
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        planner(candidates, capacity, already_done=already_done)


def fake_milp(*answers: OptimizeResult) -> Callable[..., OptimizeResult]:
    """Stand in for HiGHS at the edge of the system, answering each solve in turn."""
    queue = list(answers)

    def solve(objective: np.ndarray, **_: Any) -> OptimizeResult:
        return queue.pop(0)

    return solve


CROWDED = [c(1, 5, 8.0), c(2, 5, 7.0), c(3, 5, 6.0, blocked_by=(1,))]
EVERYTHING = OptimizeResult(x=np.ones(3), status=0)
GAVE_UP = OptimizeResult(x=None, status=1)
VALUE_ONLY = OptimizeResult(x=np.array([1.0, 1.0, 0.0]), status=0)


@pytest.mark.parametrize("answer", [EVERYTHING, GAVE_UP])
def test_the_greedy_plan_stands_in_when_the_solver_fails_or_breaks_the_rules(
    monkeypatch: pytest.MonkeyPatch, answer: OptimizeResult
) -> None:
    monkeypatch.setattr(sprint_plan, "milp", fake_milp(answer))
    assert plan_optimal(CROWDED, 10) == plan_greedy(CROWDED, 10)


@pytest.mark.parametrize("answer", [EVERYTHING, GAVE_UP])
def test_the_value_solve_stands_when_the_rank_solve_fails_or_breaks_the_rules(
    monkeypatch: pytest.MonkeyPatch, answer: OptimizeResult
) -> None:
    monkeypatch.setattr(sprint_plan, "milp", fake_milp(VALUE_ONLY, answer))
    assert plan_optimal(CROWDED, 10) == SprintPlan(
        chosen=(1, 2), points=10, value=15.0, method="optimal"
    )
