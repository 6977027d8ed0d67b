"""Sprint planning: time the optimizer against the greedy baseline.

Each scenario plans 20 seeded random backlogs (run ``i`` uses seed
``--seed + i``): points from the Fibonacci scale, integer values 1–100, about
one item in ten blocked by one other candidate, backlog ranks shuffled
independently of value.  Prints p50/p95 wall time per planner and the value
the optimizer gains over greedy, on average and as a share of greedy's value.

    python benchmarks/sprint_plan_bench.py
    python benchmarks/sprint_plan_bench.py --runs 50 --seed 7
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tandem.core.sprint_plan import Candidate, SprintPlan, plan_greedy, plan_optimal

FIBONACCI_POINTS = (1, 2, 3, 5, 8, 13)
BLOCKED_SHARE = 0.10
SCENARIOS = ((50, 40), (200, 40), (1_000, 40), (1_000, 200))

Planner = Callable[[list[Candidate], int], SprintPlan]


@dataclass(frozen=True)
class Timing:
    plan: SprintPlan
    ms: float


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="random backlogs per scenario")
    parser.add_argument("--seed", type=int, default=20_260_101)
    return parser.parse_args()


def random_backlog(size: int, rng: np.random.Generator) -> list[Candidate]:
    """Blockers point to earlier-drawn items only, so dependencies never cycle."""
    points = rng.choice(FIBONACCI_POINTS, size=size)
    values = rng.integers(1, 101, size=size)
    ranks = rng.permutation(size)
    blocked = rng.random(size) < BLOCKED_SHARE
    return [
        Candidate(
            id=index,
            points=int(points[index]),
            value=float(values[index]),
            rank=int(ranks[index]),
            blocked_by=(int(rng.integers(index)),) if blocked[index] and index else (),
        )
        for index in range(size)
    ]


def timed(planner: Planner, backlog: list[Candidate], capacity: int) -> Timing:
    start = time.perf_counter()
    plan = planner(backlog, capacity)
    return Timing(plan, (time.perf_counter() - start) * 1000)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_scenario(size: int, capacity: int, runs: int, seed: int) -> str:
    optimal: list[Timing] = []
    greedy: list[Timing] = []
    for run in range(runs):
        backlog = random_backlog(size, np.random.default_rng(seed + run))
        optimal.append(timed(plan_optimal, backlog, capacity))
        greedy.append(timed(plan_greedy, backlog, capacity))
    gains = [o.plan.value - g.plan.value for o, g in zip(optimal, greedy, strict=True)]
    shares = [gain / g.plan.value for gain, g in zip(gains, greedy, strict=True)]
    optimal_ms = [t.ms for t in optimal]
    greedy_ms = [t.ms for t in greedy]
    return (
        f"| {size:>5} | {capacity:>3} "
        f"| {percentile(optimal_ms, 0.5):8.2f} | {percentile(optimal_ms, 0.95):8.2f} "
        f"| {percentile(greedy_ms, 0.5):6.2f} | {percentile(greedy_ms, 0.95):6.2f} "
        f"| {statistics.fmean(gains):6.1f} | {statistics.fmean(shares):6.1%} "
        f"| {sum(gain > 0 for gain in gains):>2}/{runs} |"
    )


def main() -> None:
    args = parse_args()
    timed(plan_optimal, random_backlog(50, np.random.default_rng(args.seed)), 40)  # warm-up
    print(f"{args.runs} seeded backlogs per row (seeds {args.seed}…{args.seed + args.runs - 1})")
    print(
        "| items | cap | optimal p50 ms | optimal p95 ms | greedy p50 ms | greedy p95 ms "
        "| avg value gained | avg gain vs greedy | runs with a gain |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, capacity in SCENARIOS:
        print(run_scenario(size, capacity, args.runs, args.seed), flush=True)


if __name__ == "__main__":
    main()
