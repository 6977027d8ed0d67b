"""Known-item retrieval over real Jira issues: lexical, semantic and fused top-5.

    python benchmarks/knowledge/known_item_eval.py ../shared/data/storypoints [--projects …]

Each issue (title and description) of a project becomes a document; for a sample of
issues the query is one sentence from the middle of its description, and the issue
itself is the one right answer. Lexical ranking is the index's own FTS5 table (porter
stemming, the same title/body weights and query shape as Tandem's search: every word,
else any word); semantic ranking is the stored-vector search (MiniLM, exact cosine);
fused is reciprocal-rank fusion of the two, as in the product.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from tandem.knowledge import embeddings
from tandem.knowledge.fusion import reciprocal_rank_fusion
from tandem.knowledge.lexical import _fts5_query, words

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Issue:
    key: str
    title: str
    description: str


def load_issues(folder: Path, project: str) -> list[Issue]:
    """A project's issues from the Deep-SE story-point CSV (``issuekey,title,description,…``)."""
    with gzip.open(folder / f"{project}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return [
            Issue(row["issuekey"], row["title"] or "", row["description"] or "")
            for row in csv.DictReader(handle)
        ]


def middle_sentence(issue: Issue) -> str | None:
    sentences = [s.strip() for s in _SENTENCE.split(issue.description) if len(s.split()) >= 5]
    return sentences[len(sentences) // 2] if sentences else None


def lexical_ranking(db: sqlite3.Connection, query: str) -> list[int]:
    terms = words(query)
    if not terms:
        return []
    for any_word in (False, True):
        rows = db.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 1.0) LIMIT 30",
            (_fts5_query(terms, any_word=any_word),),
        ).fetchall()
        if rows:
            return [r[0] for r in rows]
    return []


def evaluate(folder: Path, project: str, sample: int, rng: random.Random) -> dict[str, float]:
    issues = load_issues(folder, project)
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, "
        "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')"
    )
    db.executemany(
        "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
        [(i, issue.title, issue.description) for i, issue in enumerate(issues)],
    )
    queries = [(i, q) for i, issue in enumerate(issues) if (q := middle_sentence(issue))]
    queries = rng.sample(queries, k=min(sample, len(queries)))
    matrix = None
    if embeddings.available():
        matrix = embeddings.embed([f"{i.title}\n{i.description}" for i in issues])
        matrix = matrix.astype(np.float16).astype(np.float32)  # as stored: float16
    found = {"lexical": 0, "semantic": 0, "fused": 0}
    for target, query in queries:
        lexical = lexical_ranking(db, query)
        semantic: list[int] = []
        if matrix is not None:
            scores = matrix @ embeddings.embed_one(query)
            semantic = [int(i) for i in np.argsort(-scores)[:30]]
        fused = [int(str(i)) for i, _ in reciprocal_rank_fusion([lexical, semantic])]
        found["lexical"] += target in lexical[:5]
        found["semantic"] += target in semantic[:5]
        found["fused"] += target in fused[:5]
    return {"issues": len(issues), "queries": len(queries)} | {
        mode: n / len(queries) for mode, n in found.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--projects", nargs="+", default=["mesos", "usergrid", "duracloud"])
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    print(f"embeddings {'on' if embeddings.available() else 'off'}; top-5 hit rate")
    print(
        f"{'project':14} {'issues':>6} {'queries':>7} {'lexical':>8} {'semantic':>8} {'fused':>6}"
    )
    for project in args.projects:
        started = time.perf_counter()
        r = evaluate(args.folder, project, args.sample, rng)
        print(
            f"{project:14} {r['issues']:6.0f} {r['queries']:7.0f} {r['lexical']:8.3f} "
            f"{r['semantic']:8.3f} {r['fused']:6.3f}  ({time.perf_counter() - started:.0f} s)"
        )


if __name__ == "__main__":
    main()
