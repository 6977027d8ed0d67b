"""The feedback-kind model shipped with Tandem, and the command that builds it.

A product with little triaged feedback of its own gets suggestions from a
TF-IDF + logistic regression model learnt on the labelled app reviews of
Maalej et al., "On the automatic classification of app reviews" (Requirements
Engineering 21(3), 2016). Only the model's vocabulary and weights are shipped,
never the reviews; the file was built with:

    python -m tandem.insights.triage_model PATH/app_reviews_maalej2016.csv.gz

Labels map Bug→bug, Feature→feature, UserExperience→usability, Rating→praise;
features in fewer than ``MIN_COUNT`` reviews are dropped to keep the file small.
benchmarks/feedback_triage_eval.py reports how well this model does.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from functools import lru_cache
from pathlib import Path

from tandem.core import triage, triage_logistic

MODEL_PATH = Path(__file__).parent / "data" / "feedback_kinds.json.gz"
KIND_OF_LABEL = {
    "Bug": triage.FeedbackKind.BUG,
    "Feature": triage.FeedbackKind.FEATURE,
    "UserExperience": triage.FeedbackKind.USABILITY,
    "Rating": triage.FeedbackKind.PRAISE,
}
MIN_COUNT = 2
STRENGTH = 10.0
PROVENANCE = (
    "TF-IDF + logistic regression weights learnt from the app reviews labelled by "
    "Maalej, Kurtanović, Nabil and Stanik, "
    "'On the automatic classification of app reviews', Requirements Engineering 21(3), 2016."
)


def examples_from(path: Path) -> list[triage.Example]:
    kinds_by_text: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            text = f"{row['title']}\n{row['comment']}".strip()
            kinds_by_text.setdefault(text, set()).add(KIND_OF_LABEL[row["label"]])
    return [
        triage.Example(text, kind)
        for text, kinds in sorted(kinds_by_text.items())
        for kind in sorted(kinds)
    ]


def build(source: Path, target: Path = MODEL_PATH) -> int:
    model = triage_logistic.train_logistic(
        examples_from(source), min_count=MIN_COUNT, strength=STRENGTH
    )
    payload = {
        "provenance": PROVENANCE,
        "min_count": MIN_COUNT,
        "strength": STRENGTH,
        **model.to_dict(),
    }
    text = json.dumps(payload, separators=(",", ":"), sort_keys=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between builds of the same data.
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as file:
        file.write(text.encode("utf-8"))
    return len(model.vocabulary)


@lru_cache(maxsize=1)
def shipped_model() -> triage_logistic.LinearModel | None:
    """The shipped model, or None when the file is missing."""
    if not MODEL_PATH.is_file():
        return None
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as file:
        return triage_logistic.LinearModel.from_dict(json.load(file))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    size = build(Path(sys.argv[1]))
    print(f"Wrote {MODEL_PATH.name}: {size:,} features.")
