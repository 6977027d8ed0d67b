"""Check forecasts whose settings are fitted to each board's own history.

Replays the public Jira sprint data (Choetkiertikul et al., IEEE TSE 2017)
board by board, as ``sprint_history_eval.py`` does, and at every sprint after
a warm-up of 5 compares the real total of the next 1, 3 and 5 sprints with
the central 85% interval of three kinds of forecast:

* the calibrated constant (``tandem.core.forecast.CALIBRATED``), whose two
  settings were picked on this same data (so its figures are in-sample);
* one candidate setting for everyone, chosen on the two other repositories
  (leave one repository out);
* the setting fitted per board (``tandem.core.forecast_fit``): at each sprint
  the board's own earlier forecasts, whose outcomes are known by then, are
  checked, blended with a prior from the two other repositories; the prior's
  weight and the fit's target are chosen on those two other repositories
  too, by replaying the same fit there.

Nothing about the repository being scored is used to choose anything for it.

    python benchmarks/forecast_fit_eval.py ../shared/data/sprints

Every candidate's check at every sprint is simulated once (2,000 trials per
forecast) and cached under ``~/.cache/tandem-bench/``; the first run takes
several minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sprint_history_eval import board_histories, read_sprints
from tandem.core.forecast import CALIBRATED
from tandem.core.forecast_fit import (
    CANDIDATES,
    DEFAULT_HORIZONS,
    FIT_TRIALS,
    PastCheck,
    fit_from_checks,
    past_checks,
    prior_from_checks,
)

CACHE = Path.home() / ".cache" / "tandem-bench"
RESULTS = Path(__file__).parent / "results" / "forecast_fit.md"
PRIOR_MODULE = Path(__file__).parent.parent / "src" / "tandem" / "core" / "forecast_prior.py"
WEIGHTS = (3.0, 10.0, 30.0, 100.0)
TARGETS = (0.85, 0.87, 0.89)
GOAL = 0.85
Boards = dict[str, list[tuple[str, tuple[PastCheck, ...]]]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path, help="folder with *_iteration_0.csv.gz")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--write-prior",
        action="store_true",
        help=f"write the prior from all repositories to {PRIOR_MODULE.name}",
    )
    return parser.parse_args()


def all_checks(files: Sequence[Path], seed: int) -> Boards:
    """Every board's checks, per repository (boards with more sprints than the warm-up)."""
    key = repr((CANDIDATES, DEFAULT_HORIZONS, FIT_TRIALS, seed, [f.name for f in files]))
    path = CACHE / f"sprint-checks-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pkl"
    if path.is_file():
        with path.open("rb") as handle:
            cached: Boards = pickle.load(handle)
        return cached
    boards: Boards = {}
    for file in files:
        repository = file.name.removesuffix("_iteration_0.csv.gz")
        skipped: Counter[str] = Counter()
        histories = board_histories(read_sprints(file, skipped), skipped)
        boards[repository] = [
            (board, past_checks(velocities, seed=seed))
            for board, velocities in histories.items()
            if len(velocities) > 5
        ]
        print(f"{repository}: checked", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(boards, handle)
    return boards


Coverage = dict[tuple[str, int], tuple[int, int]]


def fitted_coverage(
    boards: Boards, repositories: Sequence[str], others: Sequence[str], weight: float, target: float
) -> Coverage:
    """Hits and forecasts per (repository, horizon) of the per-board fit, prior from ``others``."""
    prior = prior_from_checks(
        [check for name in others for _, checks in boards[name] for check in checks],
        weight=weight,
    )
    tally: Counter[tuple[str, int, str]] = Counter()
    for name in repositories:
        for _, checks in boards[name]:
            for check in checks:
                known = [past for past in checks if past.start + past.horizon <= check.start]
                chosen = CANDIDATES.index(fit_from_checks(known, prior, target=target).model)
                tally[name, check.horizon, "hits"] += check.hits[chosen]
                tally[name, check.horizon, "all"] += 1
    return {
        (name, horizon): (tally[name, horizon, "hits"], tally[name, horizon, "all"])
        for name in repositories
        for horizon in DEFAULT_HORIZONS
    }


def fixed_coverage(boards: Boards, repositories: Sequence[str], index: int) -> Coverage:
    out: Coverage = {}
    for name in repositories:
        for horizon in DEFAULT_HORIZONS:
            hits = [c.hits[index] for _, cs in boards[name] for c in cs if c.horizon == horizon]
            out[name, horizon] = (sum(hits), len(hits))
    return out


def worst_miss(coverage: Coverage) -> float:
    return max(abs(hits / count - GOAL) for hits, count in coverage.values() if count)


def _rows(values: Sequence[float], indent: int) -> str:
    """Numbers eight to a line, so the written module needs no reformatting."""
    numbers = [f"{value:.4f}," for value in values]
    return "".join(
        "\n" + " " * indent + " ".join(numbers[i : i + 8]) for i in range(0, len(numbers), 8)
    )


def write_prior(boards: Boards, *, weight: float, target: float) -> None:
    """Write the prior a board without history starts from, as a Python module."""
    prior = prior_from_checks(
        [check for name in boards for _, checks in boards[name] for check in checks],
        weight=weight,
    )
    coverage = "\n".join(f"    ({_rows(row, 8)}\n    )," for row in prior.coverage)
    widths = _rows(prior.width, 4)
    PRIOR_MODULE.write_text(
        f'''"""How often each candidate forecast setting's 85% interval held, across many boards.

Written by ``python benchmarks/forecast_fit_eval.py DATA --write-prior`` from the
public Jira sprint data (Choetkiertikul et al., IEEE TSE 2017): the prior that
:func:`tandem.core.forecast_fit.fit_velocity_model` starts a board from, and
that the board's own history outweighs as its sprints close.  Do not edit.
"""

CANDIDATE_COUNT = {len(prior.candidates)}
HORIZONS = {prior.horizons!r}
WEIGHT = {weight!r}
TARGET = {target!r}
# fmt: off
COVERAGE: tuple[tuple[float, ...], ...] = (
{coverage}
)
WIDTH: tuple[float, ...] = ({widths}
)
''',
        encoding="utf-8",
    )


def main() -> int:
    args = parse_args()
    files = (
        sorted(args.data.glob("*_iteration_0.csv.gz")) if args.data and args.data.is_dir() else []
    )
    if not files:
        print(f"No *_iteration_0.csv.gz in {args.data}; skipping the fitted-forecast evaluation.")
        return 0
    boards = all_checks(files, args.seed)
    repositories = sorted(boards)
    calibrated = CANDIDATES.index(CALIBRATED) if CALIBRATED in CANDIDATES else None
    rows: dict[str, Coverage] = {"fitted per board (LORO prior)": {}, "one setting (LORO)": {}}
    if calibrated is not None:
        rows = {
            "calibrated constant (in-sample)": fixed_coverage(boards, repositories, calibrated),
            **rows,
        }
    chosen_lines = []
    for held in repositories:
        others = [name for name in repositories if name != held]
        best = min(
            (worst_miss(fitted_coverage(boards, others, others, w, t)), w, t)
            for w in WEIGHTS
            for t in TARGETS
        )
        _, weight, target = best
        rows["fitted per board (LORO prior)"].update(
            fitted_coverage(boards, [held], others, weight, target)
        )
        misses = [worst_miss(fixed_coverage(boards, others, i)) for i in range(len(CANDIDATES))]
        single = int(np.argmin(misses))
        rows["one setting (LORO)"].update(fixed_coverage(boards, [held], single))
        model = CANDIDATES[single]
        chosen_lines.append(
            f"| {held} | weight {weight:g}, target {target:.0%} | drift {model.drift:g},"
            f" half-life {model.half_life:g}, centred on the"
            f" {'mean' if model.keep_mean else 'median'} |"
        )
    lines = [
        "## Forecasts fitted to each board's history",
        "",
        f"Central 85% interval, {FIT_TRIALS:,} trials per forecast, warm-up 5 sprints,"
        f" seed {args.seed}; {len(CANDIDATES)} candidate settings. Target: 80-90% at every"
        " horizon on every repository.",
        "",
        "| repository | forecast | next sprint | next 3 | next 5 | forecasts (1 / 3 / 5) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for held in repositories:
        for name, coverage in rows.items():
            cells = [coverage[held, h] for h in DEFAULT_HORIZONS]
            share = " | ".join(f"{hits / count:.1%}" for hits, count in cells)
            counts = " / ".join(str(count) for _, count in cells)
            lines.append(f"| {held} | {name} | {share} | {counts} |")
    lines += [
        "",
        "Chosen on the two other repositories:",
        "",
        "| scored repository | per-board fit | one setting |",
        "| --- | --- | --- |",
        *chosen_lines,
        "",
    ]
    if args.write_prior:
        best = min(
            (worst_miss(fitted_coverage(boards, repositories, repositories, w, t)), w, t)
            for w in WEIGHTS
            for t in TARGETS
        )
        write_prior(boards, weight=best[1], target=best[2])
        lines += [
            f"Prior written to `{PRIOR_MODULE.name}` from all repositories: weight"
            f" {best[1]:g}, target {best[2]:.0%}.",
            "",
        ]
    report = "\n".join(lines)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
