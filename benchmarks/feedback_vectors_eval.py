"""Evaluate the embedding-based feedback-kind model on the labelled app reviews.

Same data, folds and setups as ``feedback_triage_eval.py`` (which measures the
word-only models), so the tables compare row for row:

    python benchmarks/feedback_vectors_eval.py ../shared/data/feedback
    python benchmarks/feedback_vectors_eval.py DATA --strength 1 --folds 10 --seed 7

Each review is embedded once with ``tandem.knowledge.embeddings`` (cached
under ``~/.cache/tandem-bench/``; nothing is written into the repository).
Variants: embeddings + words + star rating (the model Tandem uses when it has
embeddings and a rating), and the same without the rating (feedback typed in
by hand has none). Setups, all 10-fold stratified cross-validation with
every row of a review in one fold:

* multi-class: the top suggestion per review, right for a kind when the review
  carries it (so recall of kinds that co-occur is capped below 1);
* binary, natural mix: each kind's own classifier (probability >= 0.5) on
  every review as the data comes; together they are a multi-label tagger;
* binary, balanced: the paper's setup (Maalej et al., 2016, section 5): one
  binary classifier per kind, on data with as many reviews of the kind as of
  the other kinds; here each fold's training and test reviews are cut
  (seeded) to equal positives and negatives, so chance is precision 0.5.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from feedback_triage_eval import (
    FILE_NAME,
    KINDS,
    PAPER,
    Review,
    Tally,
    balanced,
    load_reviews,
    stratified_folds,
)
from tandem.core.triage_vectors import Message, VectorModel, suggest_vectors, train_vectors

CACHE = Path.home() / ".cache" / "tandem-bench"
RESULTS = Path(__file__).parent / "results" / "feedback_vectors.md"
OTHER = "other"
Vectors = dict[str, np.ndarray]
Runner = Callable[[list[Review], list[Review], dict[str, Tally]], None]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path, help="folder holding " + FILE_NAME)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strength", type=float, default=1.0, help="inverse L2 penalty (C)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    return parser.parse_args()


def embed_all(texts: Sequence[str]) -> Vectors | None:
    """Every text's embedding, from the cache when the same texts were embedded before."""
    from tandem.knowledge import embeddings

    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"feedback-vectors-{digest}.npy"
    if path.is_file():
        return dict(zip(texts, np.load(path), strict=True))
    if not embeddings.available():
        return None
    vectors = embeddings.embed(list(texts))
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return dict(zip(texts, vectors, strict=True))


def message(review: Review, vectors: Vectors, *, with_rating: bool) -> Message:
    return Message(review.text, vectors[review.text], review.rating if with_rating else None)


def cross_validate(folds: Sequence[Sequence[Review]], run_fold: Runner) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in KINDS}
    for held_out, test in enumerate(folds):
        training = [review for f, fold in enumerate(folds) if f != held_out for review in fold]
        run_fold(training, list(test), tallies)
    return tallies


def fit(
    reviews: Sequence[Review], labels: Sequence[frozenset[str]], kinds: Sequence[str], **kw: object
) -> VectorModel:
    vectors: Vectors = kw["vectors"]  # type: ignore[assignment]
    with_rating = bool(kw["with_rating"])
    messages = [message(review, vectors, with_rating=with_rating) for review in reviews]
    return train_vectors(messages, labels, kinds=kinds, strength=float(kw["strength"]))  # type: ignore[arg-type]


def multi_class(**kw: object) -> Runner:
    def run_fold(training: list[Review], test: list[Review], tallies: dict[str, Tally]) -> None:
        model = fit(training, [review.kinds for review in training], KINDS, **kw)
        for review in test:
            found = message(review, kw["vectors"], with_rating=bool(kw["with_rating"]))  # type: ignore[arg-type]
            predicted = suggest_vectors(model, found).kind
            for kind in KINDS:
                tallies[kind].add(predicted=predicted == kind, actual=kind in review.kinds)

    return run_fold


def binary(rng: random.Random | None, **kw: object) -> Runner:
    def run_fold(training: list[Review], test: list[Review], tallies: dict[str, Tally]) -> None:
        for kind in KINDS:
            fold_training, fold_test = training, test
            if rng is not None:
                fold_training, fold_test = balanced(training, kind, rng), balanced(test, kind, rng)
            labels = [frozenset({kind if kind in r.kinds else OTHER}) for r in fold_training]
            model = fit(fold_training, labels, (kind,), **kw)
            for review in fold_test:
                found = message(review, kw["vectors"], with_rating=bool(kw["with_rating"]))  # type: ignore[arg-type]
                predicted = bool(model.probabilities(found)[0] >= 0.5)
                tallies[kind].add(predicted=predicted, actual=kind in review.kinds)

    return run_fold


def table(title: str, tallies: dict[str, Tally]) -> list[str]:
    macro = statistics.mean(tally.f1() for tally in tallies.values())
    return [
        f"### {title}",
        "",
        "| kind | reviews | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(tally.row(kind) for kind, tally in tallies.items()),
        f"| macro F1 | | | | {macro:.2f} |",
        "",
    ]


def main() -> int:
    args = parse_args()
    if args.data is None or not (args.data / FILE_NAME).is_file():
        print(f"No {FILE_NAME} in {args.data}; pass the data folder. Skipping.")
        return 0
    reviews = load_reviews(args.data / FILE_NAME)
    vectors = embed_all([review.text for review in reviews])
    if vectors is None:
        print("Sentence embeddings are not available here; skipping.")
        return 0
    folds = stratified_folds(reviews, args.folds, args.seed)
    lines = [
        "## Feedback triage with sentence embeddings",
        "",
        f"{len(reviews):,} reviews, {args.folds}-fold stratified cross-validation, seed"
        f" {args.seed}, C = {args.strength}. The paper: {PAPER}.",
        "",
    ]
    for with_rating in (True, False):
        name = "embeddings + words + rating" if with_rating else "embeddings + words, no rating"
        options = {"vectors": vectors, "with_rating": with_rating, "strength": args.strength}
        lines += [f"## {name}", ""]
        setups = {
            "Multi-class (one suggestion per review)": multi_class(**options),
            "Binary, natural mix (each kind's own classifier)": binary(None, **options),
            "Binary, balanced 50/50 (the paper's setup)": binary(
                random.Random(args.seed), **options
            ),
        }
        for title, runner in setups.items():
            started = time.perf_counter()
            lines += table(title, cross_validate(folds, runner))
            print(f"{name}: {title} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    report = "\n".join(lines)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
