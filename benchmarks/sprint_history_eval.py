"""Check the Monte Carlo forecast against real sprint history.

Replays each board's sprints in order: at every sprint after a warm-up, the
sprints so far are the History, and the central 85% interval of
``forecast_interval`` for the next k = 1, 3, 5 sprints is compared with what
the board really delivered. A well-calibrated forecast holds the real total
about 85% of the time (80-90% is the target); the mean width says how useful
that is. Variants compared on the same forecasts: the plain bootstrap and the
calibrated model (``tandem.core.forecast.CALIBRATED``: level uncertainty and
drift) over every past sprint, and the calibrated model over only the last N.

The data is the public Jira sprint dataset of Choetkiertikul et al.
(``{repository}_iteration_0.csv.gz``: one row per board and sprint). It is
read in place and never copied into the repository:

    python benchmarks/sprint_history_eval.py ../shared/data/sprints
    python benchmarks/sprint_history_eval.py DATA --windows 5 10 20 --trials 10000

The data has no sprint dates, so sprints are ordered by sprint id, which Jira
hands out in creation order. Delivered velocity is the committed points at the
sprint start (start + added - removed) plus ``vel_diff`` (delivered minus
committed), which is never negative on this data.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from tandem.core.forecast import BOOTSTRAP, CALIBRATED, History, VelocityModel, forecast_interval

COVERAGE = 0.85
NUMERIC_COLUMNS = 16  # every column after the free-text sprint name


@dataclass(frozen=True)
class Sprint:
    board: str
    sprint_id: int
    days: float
    issues: float
    velocity: float


@dataclass(frozen=True)
class Check:
    repository: str
    history: str
    horizon: int
    low: float
    high: float
    actual: float


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path, help="folder with *_iteration_0.csv.gz")
    parser.add_argument("--warmup", type=int, default=5, help="past sprints before a forecast")
    parser.add_argument("--horizons", type=int, nargs="+", default=[1, 3, 5])
    parser.add_argument("--windows", type=int, nargs="+", default=[10], help="last-N variants")
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


def read_sprints(path: Path, skipped: Counter[str]) -> list[Sprint]:
    """Read one repository's iteration file, counting what is left out and why.

    Sprint names hold unquoted commas ("Drive, Drift'n Dronin"), so columns
    are taken from both ends of the row and the name is whatever is between.
    """
    sprints = []
    with gzip.open(path, "rt", newline="", encoding="utf-8", errors="replace") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        numeric_names = header[-NUMERIC_COLUMNS:]
        for row in rows:
            try:
                board, sprint_id = row[0], int(row[1])
                values = dict(zip(numeric_names, map(float, row[-NUMERIC_COLUMNS:]), strict=True))
            except (IndexError, ValueError):
                skipped["malformed rows"] += 1
                continue
            committed = values["vel_starttime"] + values["vel_added"] - values["vel_removed"]
            sprints.append(
                Sprint(
                    board=board,
                    sprint_id=sprint_id,
                    days=values["planday"],
                    issues=values["no_issue_starttime"] + values["no_issue_added"],
                    velocity=committed + values["vel_diff"],
                )
            )
    return sprints


def board_histories(sprints: list[Sprint], skipped: Counter[str]) -> dict[str, list[float]]:
    """Group usable sprints per board, in sprint-id order.

    Several boards can show the same sprints; a board whose sprints and
    velocities repeat an earlier board's would count the same team twice.
    """
    by_board: dict[str, list[Sprint]] = defaultdict(list)
    for sprint in sprints:
        by_board[sprint.board].append(sprint)
    histories: dict[str, list[float]] = {}
    seen: set[tuple[tuple[int, float], ...]] = set()
    for board, rows in by_board.items():
        rows.sort(key=lambda sprint: sprint.sprint_id)
        fingerprint = tuple((sprint.sprint_id, sprint.velocity) for sprint in rows)
        if fingerprint in seen:
            skipped["sprints on duplicate boards"] += len(rows)
            skipped["duplicate boards"] += 1
            continue
        seen.add(fingerprint)
        usable = []
        for sprint in rows:
            if sprint.days <= 0:
                skipped["zero-duration sprints"] += 1
            elif sprint.issues == 0:
                skipped["empty sprints (no issue at all)"] += 1
            elif sprint.velocity < 0:
                skipped["negative velocity"] += 1
            else:
                usable.append(sprint.velocity)
        histories[board] = usable
    return histories


def replay(
    repository: str, velocities: list[float], args: argparse.Namespace, skipped: Counter[str]
) -> list[Check]:
    """Forecast every stretch of the board's sprints whose outcome is known.

    A point in time where any variant's history delivered nothing at all is
    skipped for every variant, so the variants are compared on the same
    forecasts.
    """
    everything = len(velocities)
    variants: dict[str, tuple[int, VelocityModel]] = {
        "bootstrap, all past sprints": (everything, BOOTSTRAP),
        "calibrated, all past sprints": (everything, CALIBRATED),
    }
    variants.update({f"calibrated, last {window}": (window, CALIBRATED) for window in args.windows})
    checks: list[Check] = []
    for now in range(args.warmup, len(velocities)):
        pasts = {
            name: (velocities[max(0, now - window) : now], model)
            for name, (window, model) in variants.items()
        }
        if not all(any(past) for past, _ in pasts.values()):
            skipped["points in time with an all-zero history"] += 1
            continue
        for name, (past, model) in pasts.items():
            history = History(tuple(past))
            for horizon in args.horizons:
                if now + horizon > len(velocities):
                    continue
                low, high = forecast_interval(
                    history,
                    horizon,
                    coverage=COVERAGE,
                    trials=args.trials,
                    seed=args.seed + len(checks),
                    model=model,
                )
                actual = sum(velocities[now : now + horizon])
                checks.append(Check(repository, name, horizon, low, high, actual))
    return checks


def summary_row(label: str, history: str, checks: list[Check]) -> str:
    count = len(checks)
    if count == 0:
        return f"| {label} | {history} | 0 | - | - | - | - | - |"
    inside = sum(check.low <= check.actual <= check.high for check in checks)
    below = sum(check.actual < check.low for check in checks)
    above = sum(check.actual > check.high for check in checks)
    width = sum(check.high - check.low for check in checks) / count
    delivered = sum(check.actual for check in checks) / count
    return (
        f"| {label} | {history} | {count:,} | {inside / count:.1%} | {below / count:.1%}"
        f" | {above / count:.1%} | {width:.1f} | {delivered:.1f} |"
    )


def report(checks: list[Check], args: argparse.Namespace, data: list[str]) -> str:
    histories = list(dict.fromkeys(check.history for check in checks))
    repositories = list(dict.fromkeys(check.repository for check in checks))
    groups = [
        *((name, [c for c in checks if c.repository == name]) for name in repositories),
        ("**overall**", checks),
    ]
    by_repository = [
        summary_row(label, history, [c for c in group if c.history == history])
        for label, group in groups
        for history in histories
    ]
    by_horizon = [
        summary_row(
            f"next {horizon}",
            history,
            [c for c in checks if c.history == history and c.horizon == horizon],
        )
        for horizon in args.horizons
        for history in histories
    ]
    columns = (
        " | history | forecasts | inside 85% interval | below | above"
        " | mean width (points) | mean actual (points) |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    return "\n".join(
        [
            "# Forecast calibration on real sprint history",
            "",
            f"Central {COVERAGE:.0%} interval of `forecast_interval` ({args.trials:,} trials),"
            f" warm-up {args.warmup} sprints, horizons {args.horizons} sprints,"
            f" seed {args.seed}. Target: the real total inside the interval 80-90% of the time.",
            "",
            "## Data",
            "",
            *data,
            "",
            "## By repository",
            "",
            "| repository" + columns,
            *by_repository,
            "",
            "## By horizon (all repositories)",
            "",
            "| horizon" + columns,
            *by_horizon,
            "",
        ]
    )


def main() -> int:
    args = parse_args()
    if args.data is None or not args.data.is_dir():
        where = "no data folder given" if args.data is None else f"{args.data} not found"
        print(f"{where}; skipping the sprint-history evaluation (see --help).")
        return 0
    files = sorted(args.data.glob("*_iteration_0.csv.gz"))
    if not files:
        print(f"no *_iteration_0.csv.gz in {args.data}; skipping the sprint-history evaluation.")
        return 0

    checks: list[Check] = []
    data = [
        "| repository | rows | boards kept | sprints kept | boards with a forecast | skipped |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for path in files:
        repository = path.name.removesuffix("_iteration_0.csv.gz")
        skipped: Counter[str] = Counter()
        sprints = read_sprints(path, skipped)
        boards = board_histories(sprints, skipped)
        for velocities in boards.values():
            checks.extend(replay(repository, velocities, args, skipped))
        kept = sum(len(velocities) for velocities in boards.values())
        forecastable = sum(len(velocities) > args.warmup for velocities in boards.values())
        reasons = "; ".join(f"{reason}: {count}" for reason, count in sorted(skipped.items()))
        data.append(
            f"| {repository} | {len(sprints) + skipped['malformed rows']:,} | {len(boards)}"
            f" | {kept:,} | {forecastable} | {reasons or 'none'} |"
        )

    markdown = report(checks, args, data)
    print(markdown)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "sprint_history.md"
    target.write_text(markdown, encoding="utf-8")
    print(f"written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
