"""Sprint planning: propose the sprint content worth the most within capacity.

The Product Owner picks a prioritization score (RICE, WSJF, value…); each ready
item carries its estimate, its value under that score, its backlog rank and the
items that must be done before it.  Two planners read the same input:

* :func:`plan_greedy` is the baseline a person would follow: walk down the
  items by value per point and take whatever still fits.  It is fast and easy
  to explain, but a big item taken early can waste the capacity left behind.
* :func:`plan_optimal` solves the 0/1 knapsack with precedence constraints
  exactly, as a mixed-integer program for HiGHS (``scipy.optimize.milp``).

:func:`compare` runs both, so the planning screen can show how much value the
optimizer adds over the plan a person would have made by hand.

Equal value is broken by backlog rank, so the proposal respects the order the
Product Owner curated.  The optimizer does this with a second, lexicographic
solve rather than a tiny epsilon on the objective: prioritization scores are
arbitrary floats (RICE easily reaches millions with fractions), so the
smallest real difference between two plans' values has no useful lower bound,
and an epsilon small enough never to outweigh it would sink below HiGHS's
tolerances (1e-6 on the objective gap, 1e-7 on feasibility).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

GREEDY = "greedy"
OPTIMAL = "optimal"

MAX_SOLVER_NODES = 10_000
"""Branch-and-bound nodes HiGHS may explore per solve before the planner falls back.

Sprint-sized programs solve at the root node (see the benchmark); the limit
only keeps a pathological backlog from holding a request for minutes.
"""

EQUAL_VALUE_TOLERANCE = 1e-9
"""Plans whose values differ by less than this share of the best value tie.

Sums of floats differ in their last bits depending on the order they are
added (0.1 + 0.2 != 0.3), so exact equality would let rounding noise, not the
backlog, decide between plans the Product Owner would call equally valuable.
"""


@dataclass(frozen=True)
class Candidate:
    """A ready backlog item the sprint could hold.

    ``rank`` is the backlog position (lower is higher in the backlog; equal
    ranks fall back to id order); ``blocked_by`` holds the ids of items that
    must be done first.
    """

    id: int
    points: int
    value: float
    rank: int
    blocked_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class SprintPlan:
    """The proposed sprint content, listed in backlog order."""

    chosen: tuple[int, ...]
    points: int
    value: float
    method: str


@dataclass(frozen=True)
class PlanComparison:
    optimal: SprintPlan
    greedy: SprintPlan
    value_gained: float


def plan_greedy(
    candidates: Sequence[Candidate],
    capacity: int,
    *,
    already_done: frozenset[int] = frozenset(),
) -> SprintPlan:
    """Plan the sprint the way a person going down a sorted list would.

    Items are visited once, by value per point (highest first; zero-point
    items first of all since they cost nothing), then by backlog rank, then by
    id.  An item is taken when its points fit in the capacity still free and
    each of its blockers is already done or was taken earlier in this walk.
    There is no look-ahead or backtracking: an item whose blocker comes later
    in the walk is skipped even if the blocker is taken afterwards.

    Raises ``ValueError`` on invalid input (see :func:`plan_optimal`).
    """
    _validate(candidates, capacity, already_done)
    chosen: list[Candidate] = []
    taken: set[int] = set()
    free = capacity
    for candidate in sorted(candidates, key=_density_order):
        if candidate.points <= free and _unblocked(candidate, taken, already_done):
            chosen.append(candidate)
            taken.add(candidate.id)
            free -= candidate.points
    return _plan(chosen, GREEDY)


def plan_optimal(
    candidates: Sequence[Candidate],
    capacity: int,
    *,
    already_done: frozenset[int] = frozenset(),
) -> SprintPlan:
    """Plan the sprint of greatest total value, solved exactly with HiGHS.

    Maximize the sum of values of the chosen items such that their points fit
    in ``capacity`` and every chosen item's blockers are done or chosen too.
    A blocker that is neither a candidate nor in ``already_done`` makes the
    item ineligible.  Zero-point items cost no capacity.

    Among plans of equal value (within :data:`EQUAL_VALUE_TOLERANCE`), the one
    whose items sit highest in the backlog wins: a second solve keeps the
    value at its maximum and maximizes the rank weight, the sum over chosen
    items of ``n - position`` (position 0 is the top of the backlog, ``n`` the
    number of candidates).  So an item is never left out for a lower-ranked
    one that is worth the same and costs the same, and capacity the value
    cannot use still goes to the highest items that fit.

    Each solver answer is rounded to 0/1 and checked in Python, so a plan
    never breaks capacity or precedence.  Should the rank solve fail or break
    a rule, the value solve's plan stands (ties then fall where HiGHS left
    them); should the value solve fail, the greedy plan is returned, and its
    ``method`` says so.

    Raises ``ValueError`` when ``capacity`` is negative, an id repeats, points
    or a value is negative, a value is not finite, a candidate is in
    ``already_done``, or the blockers form a cycle.
    """
    _validate(candidates, capacity, already_done)
    by_id = {candidate.id: candidate for candidate in candidates}
    plannable = _plannable(candidates, capacity, already_done)
    if not plannable:
        return _plan([], OPTIMAL)
    weights = _rank_weights(candidates)
    problem = _Problem.build(plannable, capacity, already_done)
    best_value = problem.solve(np.array([c.value for c in plannable]))
    if best_value is None or not _feasible(best_value, by_id, capacity, already_done):
        return plan_greedy(candidates, capacity, already_done=already_done)
    by_value = _plan(best_value, OPTIMAL)
    floor = by_value.value - EQUAL_VALUE_TOLERANCE * max(1.0, abs(by_value.value))
    best_rank = problem.solve(
        np.array([float(weights[c.id]) for c in plannable]), value_at_least=floor
    )
    if best_rank is None or not _feasible(best_rank, by_id, capacity, already_done):
        return by_value
    by_rank = _plan(best_rank, OPTIMAL)
    return by_rank if by_rank.value >= floor else by_value


def compare(
    candidates: Sequence[Candidate],
    capacity: int,
    *,
    already_done: frozenset[int] = frozenset(),
) -> PlanComparison:
    """Show what the optimizer adds over the plan a person would make by hand."""
    optimal = plan_optimal(candidates, capacity, already_done=already_done)
    greedy = plan_greedy(candidates, capacity, already_done=already_done)
    return PlanComparison(optimal=optimal, greedy=greedy, value_gained=optimal.value - greedy.value)


@dataclass(frozen=True)
class _Problem:
    """The knapsack's constraints, shared by the value solve and the rank solve."""

    items: tuple[Candidate, ...]
    constraints: LinearConstraint

    @classmethod
    def build(
        cls, items: Sequence[Candidate], capacity: int, already_done: frozenset[int]
    ) -> _Problem:
        """Row 0 is capacity; each further row is ``x[item] - x[blocker] <= 0``."""
        column = {item.id: index for index, item in enumerate(items)}
        rows = [0] * len(items)
        cols = list(range(len(items)))
        data = [float(item.points) for item in items]
        row_count = 1
        for item in items:
            for blocker in sorted(set(item.blocked_by) - already_done):
                rows += [row_count, row_count]
                cols += [column[item.id], column[blocker]]
                data += [1.0, -1.0]
                row_count += 1
        matrix = csr_array((data, (rows, cols)), shape=(row_count, len(items)))
        upper = np.zeros(matrix.shape[0])
        upper[0] = capacity
        return cls(tuple(items), LinearConstraint(matrix, -np.inf, upper))

    def solve(
        self, objective: np.ndarray, *, value_at_least: float | None = None
    ) -> list[Candidate] | None:
        """Maximize ``objective`` over 0/1 choices; ``None`` without a proven optimum.

        ``mip_rel_gap=0`` asks for a proven optimum: HiGHS's default stops
        within 0.01%, which on a large backlog is more than one item's value.
        Presolve is off because on these programs it costs far more than it
        saves (1,000 items: ~380 ms with it, ~15 ms without; both solve at
        the root node).  The node limit, unlike a time limit, bounds the work
        without making the answer depend on how busy the machine is.
        """
        constraints = [self.constraints]
        if value_at_least is not None:
            values = np.array([[item.value for item in self.items]])
            constraints.append(LinearConstraint(values, value_at_least, np.inf))
        result = milp(
            -objective,
            constraints=constraints,
            integrality=np.ones(len(self.items)),
            bounds=Bounds(0, 1),
            options={"mip_rel_gap": 0.0, "presolve": False, "node_limit": MAX_SOLVER_NODES},
        )
        if result.x is None or result.status != 0:
            return None
        return [item for item, x in zip(self.items, result.x, strict=True) if x > 0.5]


def _validate(candidates: Sequence[Candidate], capacity: int, already_done: frozenset[int]) -> None:
    if capacity < 0:
        raise ValueError(f"Capacity must not be negative, got {capacity}.")
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise ValueError(f"Candidate {candidate.id} appears more than once.")
        seen.add(candidate.id)
        _validate_candidate(candidate, already_done)
    _topological_order(candidates)


def _validate_candidate(candidate: Candidate, already_done: frozenset[int]) -> None:
    if candidate.points < 0:
        raise ValueError(f"Candidate {candidate.id} has negative points ({candidate.points}).")
    if not math.isfinite(candidate.value) or candidate.value < 0:
        raise ValueError(
            f"Candidate {candidate.id} needs a finite, non-negative value, got {candidate.value}."
        )
    if candidate.id in already_done:
        raise ValueError(f"Candidate {candidate.id} is already done.")


def _topological_order(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Order candidates so each comes after the candidates blocking it (Kahn).

    A cycle means none of its items can ever be started, which is a data error
    the backlog should have refused, so it is reported rather than planned.
    """
    by_id = {candidate.id: candidate for candidate in candidates}
    waiting_on = {c.id: set(c.blocked_by) & by_id.keys() for c in candidates}
    unblocks: dict[int, list[int]] = {c.id: [] for c in candidates}
    for item_id, blockers in waiting_on.items():
        for blocker in blockers:
            unblocks[blocker].append(item_id)
    ready = deque(item_id for item_id, blockers in waiting_on.items() if not blockers)
    order: list[Candidate] = []
    while ready:
        item_id = ready.popleft()
        order.append(by_id[item_id])
        for dependent in unblocks[item_id]:
            waiting_on[dependent].discard(item_id)
            if not waiting_on[dependent]:
                ready.append(dependent)
    if len(order) < len(candidates):
        stuck = sorted(item_id for item_id, blockers in waiting_on.items() if blockers)
        raise ValueError(f"Candidates {stuck} are blocked by a dependency cycle.")
    return order


def _plannable(
    candidates: Sequence[Candidate], capacity: int, already_done: frozenset[int]
) -> list[Candidate]:
    """Keep, in rank order, the items some plan could hold.

    An item is out when it alone exceeds the capacity, or when a blocker is
    neither done nor itself plannable; dropping these before the solve keeps
    the program small and makes "ineligible" a fact of the input, not of the
    solver.
    """
    plannable: set[int] = set()
    for candidate in _topological_order(candidates):
        fits = candidate.points <= capacity
        if fits and _unblocked(candidate, plannable, already_done):
            plannable.add(candidate.id)
    return [c for c in sorted(candidates, key=_rank_order) if c.id in plannable]


def _rank_weights(candidates: Sequence[Candidate]) -> dict[int, int]:
    """Weigh each item by how high it sits: n for the top item, 1 for the last."""
    ordered = sorted(candidates, key=_rank_order)
    return {c.id: len(ordered) - position for position, c in enumerate(ordered)}


def _feasible(
    chosen: Iterable[Candidate],
    by_id: Mapping[int, Candidate],
    capacity: int,
    already_done: frozenset[int],
) -> bool:
    """Check a solver's answer against the rules, trusting nothing it reports."""
    chosen_ids = {candidate.id for candidate in chosen}
    points = sum(by_id[item_id].points for item_id in chosen_ids)
    return points <= capacity and all(
        _unblocked(by_id[item_id], chosen_ids, already_done) for item_id in chosen_ids
    )


def _unblocked(candidate: Candidate, chosen: Collection[int], already_done: frozenset[int]) -> bool:
    return all(b in chosen or b in already_done for b in candidate.blocked_by)


def _plan(chosen: Iterable[Candidate], method: str) -> SprintPlan:
    ordered = sorted(chosen, key=_rank_order)
    return SprintPlan(
        chosen=tuple(c.id for c in ordered),
        points=sum(c.points for c in ordered),
        value=math.fsum(c.value for c in ordered),
        method=method,
    )


def _rank_order(candidate: Candidate) -> tuple[int, int]:
    return candidate.rank, candidate.id


def _density_order(candidate: Candidate) -> tuple[float, int, int]:
    density = candidate.value / candidate.points if candidate.points else math.inf
    return -density, candidate.rank, candidate.id
