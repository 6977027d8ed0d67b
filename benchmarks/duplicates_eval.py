"""Evaluate similar-item ranking on real duplicate bug reports.

The data is GitBugs' Hadoop set (Patil, arXiv:2504.09651, CC BY 4.0): 2,503
Jira bug reports and the known duplicate pairs, with the published train/test
split of the pairs. It is read in place and never copied into the repository:

    python benchmarks/duplicates_eval.py ../shared/data/duplicates

For each report with a known duplicate, every other report is a candidate; a
query is a hit at k when one of its duplicates is among the k best. Four
rankers are compared on all pairs and on the test pairs:

* today's title-only finder (``core.similarity.likely_duplicates``, every pair
  it reports, the rest at 0);
* plain TF-IDF over title and description (scikit-learn defaults);
* sentence embeddings of title and description alone;
* the hybrid of ``core.similar_items``, its weights chosen on the training
  pairs only (a grid in steps of 0.1, best mean of R@1, R@5 and R@10).

The likely-duplicate threshold is chosen without the test pairs: it is
the lowest at which at most 5% of the reports in no known pair are
flagged (some of those may be unrecorded duplicates, so this overstates false
alarms). Embeddings are cached under
``~/.cache/tandem-bench/``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch
from sklearn.feature_extraction.text import TfidfVectorizer

from embedding_cache import cached_embeddings
from tandem.core import similar_items
from tandem.core.similar_items import ItemText, SimilarityIndex, SimilarityWeights
from tandem.core.similarity import TitleDoc, likely_duplicates
from tandem.knowledge import embeddings

REPORTS = "hadoop_bugs.csv.gz"
SPLITS = ("combined", "train", "test")
CUTOFFS = (1, 5, 10)
FALSE_ALARM_BUDGET = 0.05
Scorer = Callable[[int], np.ndarray]


@dataclass(frozen=True)
class Query:
    row: int
    duplicates: tuple[int, ...]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder with the GitBugs Hadoop files")
    args = parser.parse_args(argv)
    if not (args.data / REPORTS).exists():
        print(f"No duplicate data at {args.data}; nothing to evaluate.")
        return 0
    with gzip.open(args.data / REPORTS, "rt", encoding="utf-8") as lines:
        reports = list(csv.DictReader(lines))
    row_of = {report["Issue id"]: row for row, report in enumerate(reports)}
    queries = {split: read_pairs(args.data, split, row_of) for split in SPLITS}
    titles = [report["Summary"] for report in reports]
    descriptions = [report["Description"] for report in reports]

    started = time.perf_counter()
    text_vectors = cached_embeddings(
        [similar_items.item_text(t, d) for t, d in zip(titles, descriptions, strict=True)],
        label="hadoop-bugs",
    )
    title_vectors = cached_embeddings(
        [similar_items.item_text(t, "") for t in titles], label="hadoop-bugs-titles"
    )
    print(f"embeddings ready in {time.perf_counter() - started:.1f} s")
    items = [
        ItemText(row, t, d, text_vectors[row], title_vectors[row])
        for row, (t, d) in enumerate(zip(titles, descriptions, strict=True))
    ]
    index = similar_items.build_index(items)

    weights = choose_weights(index, items, queries["train"])
    index = replace(index, weights=weights)
    threshold = choose_threshold(index, items, queries)
    index = replace(index, weights=replace(weights, duplicate_threshold=threshold))

    rankers: dict[str, Scorer] = {
        "title only (today)": title_only_scorer(titles),
        "TF-IDF title + description": plain_tfidf_scorer(titles, descriptions),
        "embeddings alone": lambda row: text_vectors @ text_vectors[row],
        "hybrid": lambda row: similar_items.scores(index, items[row]),
    }
    print()
    print(f"hybrid weights chosen on train: {weights_text(weights)}")
    print()
    print("| ranker | pairs | R@1 | R@5 | R@10 |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, scorer in rankers.items():
        for split in ("combined", "test"):
            recall = recall_at(scorer, queries[split])
            label = f"{'all' if split == 'combined' else split} {len(queries[split])}"
            print(f"| {name} | {label} | " + " | ".join(f"{r:.3f}" for r in recall) + " |")
    report_threshold(index, items, queries, threshold)
    report_speed(index, items, reports)
    return 0


def read_pairs(folder: Path, split: str, row_of: dict[str, int]) -> list[Query]:
    with open(folder / f"hadoop_bugs-{split}.csv", encoding="utf-8") as lines:
        return [
            Query(
                row_of[line["Issue id"]],
                tuple(row_of[key.strip()] for key in line["Duplicate id"].split(",")),
            )
            for line in csv.DictReader(lines)
        ]


def recall_at(scorer: Scorer, queries: Sequence[Query]) -> list[float]:
    hits = dict.fromkeys(CUTOFFS, 0)
    for query in queries:
        scored = np.array(scorer(query.row), dtype=np.float64)
        scored[query.row] = -np.inf
        best = np.argsort(-scored, kind="stable")[: max(CUTOFFS)]
        for cutoff in CUTOFFS:
            hits[cutoff] += any(row in best[:cutoff] for row in query.duplicates)
    return [hits[cutoff] / len(queries) for cutoff in CUTOFFS]


def choose_weights(
    index: SimilarityIndex[int], items: Sequence[ItemText[int]], train: Sequence[Query]
) -> SimilarityWeights:
    """Grid over the three weights (steps of 0.1, summing to 1), best mean recall on train."""
    best: tuple[float, SimilarityWeights] | None = None
    steps = [step / 10 for step in range(11)]
    for words, text_meaning in itertools.product(steps, steps):
        title_meaning = round(1 - words - text_meaning, 10)
        if title_meaning < 0:
            continue
        weights = SimilarityWeights(words, text_meaning, title_meaning)
        trial = replace(index, weights=weights)
        mean = statistics.fmean(
            recall_at(lambda row, trial=trial: similar_items.scores(trial, items[row]), train)
        )
        if best is None or mean > best[0] + 1e-12:
            best = (mean, weights)
    assert best is not None
    return best[1]


def best_matches(
    index: SimilarityIndex[int], items: Sequence[ItemText[int]]
) -> list[tuple[int, float]]:
    matches = []
    for item in items:
        found = similar_items.similar_items(index, item, limit=1)
        matches.append((found[0].key, found[0].score) if found else (-1, 0.0))
    return matches


def choose_threshold(
    index: SimilarityIndex[int], items: Sequence[ItemText[int]], queries: dict[str, list[Query]]
) -> float:
    """The lowest threshold at which at most FALSE_ALARM_BUDGET of unpaired reports are flagged.

    A hint before saving is cheap to dismiss but wears thin when it cries wolf,
    so the budget is what a team feels: how often a new item that duplicates
    nothing still gets "this looks like ...". No test pair is read.
    """
    matches = best_matches(index, items)
    in_a_pair = paired_rows(queries["combined"])
    unpaired_scores = [score for row, (_, score) in enumerate(matches) if row not in in_a_pair]
    for threshold in np.arange(0.30, 0.991, 0.01):
        flagged = sum(score >= threshold for score in unpaired_scores)
        if flagged <= FALSE_ALARM_BUDGET * len(unpaired_scores):
            return round(float(threshold), 2)
    return 0.99


def paired_rows(queries: Sequence[Query]) -> set[int]:
    return {row for q in queries for row in (q.row, *q.duplicates)}


def report_threshold(
    index: SimilarityIndex[int],
    items: Sequence[ItemText[int]],
    queries: dict[str, list[Query]],
    threshold: float,
) -> None:
    matches = best_matches(index, items)
    unpaired = [row for row in range(len(items)) if row not in paired_rows(queries["combined"])]
    false_alarms = sum(matches[row][1] >= threshold for row in unpaired)
    print()
    print(f"likely-duplicate threshold chosen on train: {threshold:.2f}")
    for split in ("train", "test"):
        flagged_right = sum(
            matches[q.row][0] in q.duplicates and matches[q.row][1] >= threshold
            for q in queries[split]
        )
        print(
            f"  {split}: {flagged_right}/{len(queries[split])} duplicates flagged with the right"
            " report as the best match"
        )
    print(
        f"  reports in no known pair flagged anyway: {false_alarms}/{len(unpaired)}"
        f" ({false_alarms / len(unpaired):.1%}; some may be unrecorded duplicates)"
    )


def report_speed(
    index: SimilarityIndex[int], items: Sequence[ItemText[int]], reports: Sequence[dict[str, str]]
) -> None:
    wall, cpu = [], []
    for item in items[:200]:
        started, started_cpu = time.perf_counter(), time.process_time()
        similar_items.similar_items(index, item, limit=10)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print()
    print(
        f"one query against {len(items)} reports (200 queries): wall p50"
        f" {statistics.median(wall):.1f} ms, p95 {np.percentile(wall, 95):.1f} ms;"
        f" CPU p50 {statistics.median(cpu):.1f} ms, p95 {np.percentile(cpu, 95):.1f} ms"
    )
    text = [similar_items.item_text(r["Summary"], r["Description"]) for r in reports[:30]]
    embeddings.embed(text[:1])  # load the model before timing
    for threads in (torch.get_num_threads(), 1):
        torch.set_num_threads(threads)
        costs, cpu_costs = [], []
        for one in text:
            started, started_cpu = time.perf_counter(), time.process_time()
            embeddings.embed([one])
            costs.append((time.perf_counter() - started) * 1000)
            cpu_costs.append((time.process_time() - started_cpu) * 1000)
        print(
            f"embedding one new report's text (30 reports, {threads} torch thread(s)): wall p50"
            f" {statistics.median(costs):.0f} ms, p95 {np.percentile(costs, 95):.0f} ms;"
            f" CPU p50 {statistics.median(cpu_costs):.0f} ms (all threads)"
        )


def title_only_scorer(titles: Sequence[str]) -> Scorer:
    pairs = likely_duplicates(
        [TitleDoc(row, title) for row, title in enumerate(titles)],
        threshold=0.01,
        limit=len(titles) ** 2,
    )
    matrix = np.zeros((len(titles), len(titles)))
    for pair in pairs:
        matrix[pair.first_id, pair.second_id] = matrix[pair.second_id, pair.first_id] = (
            pair.similarity
        )
    return lambda row: matrix[row]


def plain_tfidf_scorer(titles: Sequence[str], descriptions: Sequence[str]) -> Scorer:
    rows = TfidfVectorizer().fit_transform(
        [f"{t} {d}" for t, d in zip(titles, descriptions, strict=True)]
    )
    return lambda row: np.asarray((rows @ rows[row].T).todense()).ravel()


def weights_text(weights: SimilarityWeights) -> str:
    return (
        f"words {weights.words:.1f}, text meaning {weights.text_meaning:.1f},"
        f" title meaning {weights.title_meaning:.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
