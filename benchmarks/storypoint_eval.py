"""Evaluate estimate suggestions on 14 real Jira projects, against published results.

The data is the Deep-SE story-point set (Choetkiertikul et al., IEEE TSE 2019)
as redistributed with GPT2SP, each project split 60/20/20 into train,
validation and test by creation time. It is read in place and never copied
into the repository:

    python benchmarks/storypoint_eval.py ../shared/data/storypoints

For each project, ``core.estimates.learn`` gets the train and validation
items (oldest first) and chooses its settings on the validation items alone
(fitted on train, scored on validation); the model is then fitted on both and
suggests an estimate for every test item, which is scored once. Nothing is
chosen on the test items.

Compared per project: mean absolute error (MAE) against the corrected figures
of Tawosi, Moussa and Sarro's GPT2SP replication (GPT2SP, Deep-SE, the median
of training), and per issue against the median and mean of the training
points: the one-sided Wilcoxon signed-rank test on absolute errors (do ours
tend to be smaller?) and Vargha and Delaney's Â12 (the chance that our error
on an issue is smaller than the baseline's on another, ties half; above 0.5
favours ours). A project counts as won when our MAE, rounded to two decimals
as the published figures are, is below the best published one.

``--development`` scores on the validation items instead (learnt from the
train items, settings chosen on their last quarter), for working on the method
without looking at test. Embeddings of every issue are cached under ``~/.cache/tandem-bench/``;
``--words-only`` runs without them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from scipy import stats

from embedding_cache import cached_embeddings
from tandem.core import estimates
from tandem.core.estimates import EstimatedItem
from tandem.core.similar_items import ItemText, item_text
from tandem.knowledge import embeddings

PUBLISHED = "published_mae_corrected_tawosi2022.csv"
PROJECT_NAMES = {
    "appceleratorstudio": "Appcelerator Studio",
    "aptanastudio": "Aptana Studio",
    "bamboo": "Bamboo",
    "clover": "Clover",
    "datamanagement": "Data Management",
    "duracloud": "Duracloud",
    "jirasoftware": "Jira Software",
    "mesos": "Mesos",
    "moodle": "Moodle",
    "mule": "Mule",
    "mulestudio": "Mulesoft",
    "springxd": "Spring XD",
    "titanium": "Titanium",
    "usergrid": "Usergrid",
}
PUBLISHED_METHODS = {"GPT2SP": "GPT2SP", "DL2SP": "Deep-SE", "Median": "Median"}


@dataclass(frozen=True)
class Outcome:
    project: str
    truth: np.ndarray
    ours: np.ndarray
    confidence: np.ndarray
    train_median: float
    train_mean: float
    suggestion_ms: list[float]
    suggestion_cpu_ms: list[float]
    learn_s: float
    learn_cpu_s: float
    settings: estimates.EstimateSettings
    cold_start: bool


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder with the story-point CSV files")
    parser.add_argument("--words-only", action="store_true", help="no sentence embeddings")
    parser.add_argument(
        "--development",
        action="store_true",
        help="score on the validation items instead (learnt from train, settings chosen on"
        " its last quarter): for working on the method without ever looking at test",
    )
    args = parser.parse_args(argv)
    if not (args.data / PUBLISHED).exists():
        print(f"No story-point data at {args.data}; nothing to evaluate.")
        return 0
    published = read_published(args.data / PUBLISHED)
    use_vectors = not args.words_only and embeddings.available()
    outcomes = [
        evaluate(args.data, project, use_vectors, args.development) for project in PROJECT_NAMES
    ]
    print_table(outcomes, published)
    print_confidence(outcomes)
    print_speed(outcomes, args.data if use_vectors else None)
    return 0


def read_published(path: Path) -> dict[tuple[str, str], float]:
    with open(path, encoding="utf-8") as lines:
        return {(row["project"], row["method"]): float(row["MAE"]) for row in csv.DictReader(lines)}


def evaluate(folder: Path, project: str, use_vectors: bool, development: bool) -> Outcome:
    with gzip.open(folder / f"{project}.csv.gz", "rt", encoding="utf-8") as lines:
        rows = list(csv.DictReader(lines))
    text_vectors = title_vectors = [None] * len(rows)
    if use_vectors:
        text_vectors = list(
            cached_embeddings(
                [item_text(row["title"], row["description"]) for row in rows],
                label=f"storypoints-{project}",
            )
        )
        title_vectors = list(
            cached_embeddings(
                [item_text(row["title"], "") for row in rows],
                label=f"storypoints-titles-{project}",
            )
        )
    items = [
        EstimatedItem(
            row["issuekey"],
            row["title"],
            row["description"],
            float(row["storypoint"]),
            text_vectors[number],
            title_vectors[number],
        )
        for number, row in enumerate(rows)
    ]
    split = [row["split_mark"] for row in rows]
    train = [item for item, mark in zip(items, split, strict=True) if mark == "train"]
    validation = [item for item, mark in zip(items, split, strict=True) if mark == "val"]
    test = [item for item, mark in zip(items, split, strict=True) if mark == "test"]

    if development:  # never look at test: learn from train, score on validation
        train, validation, test = train, [], validation
    started, started_cpu = time.perf_counter(), time.process_time()
    model = estimates.learn(train + validation, holdout=len(validation) or None)
    learn_s, learn_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu
    ours, confidence, timings, cpu_timings = [], [], [], []
    for item in test:
        query = ItemText(
            item.key, item.title, item.description, item.text_vector, item.title_vector
        )
        started, started_cpu = time.perf_counter(), time.process_time()
        suggestion = estimates.suggest(model, query)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - started_cpu) * 1000)
        assert suggestion is not None
        ours.append(suggestion.points)
        confidence.append(suggestion.confidence)
    train_points = [item.points for item in train]
    return Outcome(
        project=project,
        truth=np.array([item.points for item in test]),
        ours=np.array(ours),
        confidence=np.array(confidence),
        train_median=float(np.median(train_points)),
        train_mean=float(np.mean(train_points)),
        suggestion_ms=timings,
        suggestion_cpu_ms=cpu_timings,
        learn_s=learn_s,
        learn_cpu_s=learn_cpu_s,
        settings=model.settings,
        cold_start=model.cold_start,
    )


def vargha_delaney(ours: np.ndarray, baseline: np.ndarray) -> float:
    """Chance that our absolute error on one issue is below the baseline's on another."""
    smaller = (ours[:, None] < baseline[None, :]).mean()
    equal = (ours[:, None] == baseline[None, :]).mean()
    return float(smaller + 0.5 * equal)


def wilcoxon_p(ours: np.ndarray, baseline: np.ndarray) -> float:
    if np.allclose(ours, baseline):
        return 1.0
    return float(stats.wilcoxon(ours, baseline, alternative="less").pvalue)


def print_table(outcomes: list[Outcome], published: dict[tuple[str, str], float]) -> None:
    print(
        "| project | ours | GPT2SP | Deep-SE | Median (published) | median of train"
        " | p vs median | Â12 vs median | p vs mean | Â12 vs mean | settings | won |"
    )
    print("| --- " + "| ---: " * 10 + "| --- |")
    won = 0
    for outcome in outcomes:
        name = PROJECT_NAMES[outcome.project]
        errors = np.abs(outcome.ours - outcome.truth)
        median_errors = np.abs(outcome.train_median - outcome.truth)
        mean_errors = np.abs(outcome.train_mean - outcome.truth)
        figures = {m: published[name, m] for m in PUBLISHED_METHODS}
        ours = round(float(errors.mean()), 2)
        beaten = ours < min(figures.values())
        won += beaten
        settings = (
            "median only"
            if outcome.settings.penalty is None
            else f"k={outcome.settings.neighbours}, L1 {outcome.settings.penalty:g}"
        )
        print(
            f"| {name} | {ours:.2f} | "
            + " | ".join(f"{figures[m]:.2f}" for m in PUBLISHED_METHODS)
            + f" | {median_errors.mean():.2f}"
            + f" | {wilcoxon_p(errors, median_errors):.3f}"
            + f" | {vargha_delaney(errors, median_errors):.2f}"
            + f" | {wilcoxon_p(errors, mean_errors):.3f}"
            + f" | {vargha_delaney(errors, mean_errors):.2f}"
            + f" | {settings} | {'yes' if beaten else 'no'} |"
        )
    print()
    print(f"projects won (MAE below GPT2SP, Deep-SE and Median): {won} of {len(outcomes)}")


def print_confidence(outcomes: list[Outcome]) -> None:
    confidence = np.concatenate([o.confidence for o in outcomes])
    right = np.concatenate([o.ours == o.truth for o in outcomes])
    print()
    print("confidence (chance the suggestion is exactly the final estimate), all test issues:")
    print(f"  mean confidence {confidence.mean():.2f}, exactly right {right.mean():.2f}")
    for low, high in ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 1.01)):
        chosen = (confidence >= low) & (confidence < high)
        if chosen.any():
            print(
                f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {chosen.sum()} issues,"
                f" mean {confidence[chosen].mean():.2f}, exactly right {right[chosen].mean():.2f}"
            )


def print_speed(outcomes: list[Outcome], folder: Path | None) -> None:
    largest = max(outcomes, key=lambda o: len(o.truth))
    timings, cpu = largest.suggestion_ms, largest.suggestion_cpu_ms
    print()
    print(
        f"one suggestion, {PROJECT_NAMES[largest.project]} ({len(timings)} issues, index of"
        f" the history): wall p50 {statistics.median(timings):.1f} ms,"
        f" p95 {np.percentile(timings, 95):.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms,"
        f" p95 {np.percentile(cpu, 95):.1f} ms"
    )
    print(
        f"learning that project's model: wall {largest.learn_s:.1f} s,"
        f" CPU {largest.learn_cpu_s:.1f} s"
    )
    if folder is None:
        return
    with gzip.open(folder / f"{largest.project}.csv.gz", "rt", encoding="utf-8") as lines:
        texts = [item_text(row["title"], row["description"]) for row in csv.DictReader(lines)]
    embeddings.embed(texts[:1])
    for threads in (torch.get_num_threads(), 1):
        torch.set_num_threads(threads)
        costs, cpu_costs = [], []
        for text in texts[-30:]:
            started, started_cpu = time.perf_counter(), time.process_time()
            embeddings.embed([text])
            costs.append((time.perf_counter() - started) * 1000)
            cpu_costs.append((time.process_time() - started_cpu) * 1000)
        print(
            f"embedding one new item's text (30 items, {threads} torch thread(s)):"
            f" wall p50 {statistics.median(costs):.0f} ms, p95 {np.percentile(costs, 95):.0f} ms;"
            f" CPU p50 {statistics.median(cpu_costs):.0f} ms (all threads)"
        )


if __name__ == "__main__":
    sys.exit(main())
