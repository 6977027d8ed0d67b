"""Measure the user-story quality checks against hand labels.

The data is Dalpiaz's public set of 11 real product backlogs, one story a
line (each line led by a backlog tag such as ``#G02#``). It is read in place
and never copied into the repository:

    python benchmarks/story_quality_eval.py ../shared/data/user_stories
    python benchmarks/story_quality_eval.py DATA --show atomic   # the misses and false alarms
    python benchmarks/story_quality_eval.py DATA --print-sample  # the stories the labels cover

Each backlog is checked whole (``check_backlog``: its own usual template, its
own duplicates), then the findings on the 308 hand-labelled stories of
``benchmarks/labels/user_story_quality.csv`` are compared with the labels:
precision and recall of each criterion's defects. How the labels were made is
in ``benchmarks/labels/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from tandem.core.stories import stories_from_lines
from tandem.core.story_quality import BacklogStory, Criterion, Finding, check_backlog

LABELS = Path(__file__).parent / "labels" / "user_story_quality.csv"
RESULTS = Path(__file__).parent / "results" / "story_quality.md"
SAMPLE_SEED = 2016
SAMPLE_PER_FILE = 28
_TAG = re.compile(r"^#[^#]*#")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path, help="folder of g*.txt backlogs")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--show", nargs="*", default=[], help="criteria whose errors to list")
    parser.add_argument("--print-sample", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    return parser.parse_args()


def read_backlog(path: Path) -> tuple[tuple[int, str], ...]:
    lines = [_TAG.sub("", line) for line in path.read_text(encoding="utf-8").splitlines()]
    return stories_from_lines(lines)


def sample(backlogs: dict[str, tuple[tuple[int, str], ...]]) -> list[tuple[str, int, str]]:
    """The labelled sample: 28 stories a backlog, seeded by the file's name."""
    picked = []
    for name, stories in sorted(backlogs.items()):
        rng = random.Random(f"{SAMPLE_SEED}:{name}")
        picked += [
            (name, line, text) for line, text in sorted(rng.sample(stories, SAMPLE_PER_FILE))
        ]
    return picked


def main() -> int:
    args = parse_args()
    files = sorted(args.data.glob("*.txt")) if args.data and args.data.is_dir() else []
    if not files:
        print(f"No backlogs in {args.data}; pass the user_stories folder. Skipping.")
        return 0
    backlogs = {path.name: read_backlog(path) for path in files}
    if args.print_sample:
        for name, line, text in sample(backlogs):
            print(f"{name}:{line}: {text}")
        return 0

    findings: dict[tuple[str, int], tuple[Finding, ...]] = {}
    texts: dict[tuple[str, int], str] = {}
    for name, stories in backlogs.items():
        checked = check_backlog([BacklogStory(str(line), text) for line, text in stories])
        for line, text in stories:
            findings[name, line] = checked[str(line)]
            texts[name, line] = text

    with args.labels.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    counts: dict[Criterion, dict[str, int]] = {c: defaultdict(int) for c in Criterion}
    errors: dict[Criterion, list[str]] = defaultdict(list)
    for row in labels:
        key = (row["file"], int(row["line"]))
        found = {finding.criterion: finding for finding in findings[key]}
        for criterion in Criterion:
            actual = row[criterion.value] == "1"
            predicted = criterion in found
            counts[criterion][f"{predicted}{actual}"] += 1
            if predicted != actual:
                why = found[criterion].message if predicted else "missed"
                kind = "false alarm" if predicted else "miss"
                errors[criterion].append(
                    f"  {kind}: {key[0]}:{key[1]}: {texts[key][:110]}\n     {why}"
                )

    flagged_all = sum(len(found) for found in findings.values())
    lines = [
        "## User-story quality: findings against hand labels",
        "",
        f"{len(labels)} hand-labelled stories of {len(backlogs)} backlogs"
        f" ({sum(len(s) for s in backlogs.values())} stories checked in all,"
        f" {flagged_all} findings).",
        "",
        "| criterion | labelled defects | flagged | right | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for criterion in Criterion:
        tally = counts[criterion]
        right, false_alarms, misses = tally["TrueTrue"], tally["TrueFalse"], tally["FalseTrue"]
        flagged, relevant = right + false_alarms, right + misses
        precision = f"{right / flagged:.2f}" if flagged else "-"
        recall = f"{right / relevant:.2f}" if relevant else "-"
        lines.append(
            f"| {criterion.value} | {relevant} | {flagged} | {right} | {precision} | {recall} |"
        )
    report = "\n".join(lines)
    print(report)
    for criterion in args.show:
        print(f"\n### {criterion}")
        print("\n".join(errors[Criterion(criterion)]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
