"""Search and Ask over a big product: p50/p95 beside the index's raw floor, and reindex time.

    python benchmarks/knowledge/search_scale.py --items 100000
    python benchmarks/knowledge/search_scale.py --items 1000000 --keep \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres

Loads the demo product and seeds a product ``LOAD`` of ``--items`` items
(``tandem seed``: one title in 20 names a rare field site), then times
``tandem reindex --product LOAD`` (lexical: embeddings off), then, in this process,
``knowledge.search.search`` as the demo's Product Owner (a member of ``LOAD``) for
four kinds of query — a rare word, a common word, two words, a key — and
``knowledge.ask.ask`` for an exact and a free question. Beside each search class it
times the floor: the same full-text match read straight from the index with no
ranking, permissions or rows (the least any search must pay). ``--keep`` keeps the
seeded, indexed database under ``~/.cache/tandem-bench/`` for the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import harness

QUERIES = {
    "rare word": ["Kestrelmoor", "Alderbrook", "kestrelmoor survey", "alderbrook"],
    "common word": ["battery", "export", "report", "login"],
    "two words": ["battery export", "flight report", "camera settings", "offline sync"],
}
QUESTIONS = {
    "exact (status of a key)": "What is the status of LOAD-{n}?",
    "free": "What do we know about Kestrelmoor?",
}


def prepare(scratch: harness.Scratch, items: int) -> dict[str, float]:
    """Seed and index once (kept scratches remember it); the seconds each step took."""
    facts = scratch.manifest()
    took: dict[str, float] = {}
    os.environ["TANDEM_EMBEDDINGS"] = "off"  # the commands inherit it: a lexical index
    if facts.get("seeded") != items:
        scratch.tandem("migrate", "--noinput")
        scratch.tandem("demo")
        started = time.perf_counter()
        scratch.tandem("seed", "--product", "LOAD", "--items", str(items), "--quiet")
        took["seed_s"] = time.perf_counter() - started
        scratch.remember(seeded=items, indexed=False)
    if not scratch.manifest().get("indexed"):
        started = time.perf_counter()
        scratch.tandem("reindex", "--product", "LOAD")
        took["reindex_lexical_s"] = time.perf_counter() - started
        scratch.remember(indexed=True, reindex_lexical_s=took["reindex_lexical_s"])
    return took


def floor_query(term: str) -> tuple[str, list[Any]]:
    """The bare full-text match of the index, no ranking or permissions: the floor."""
    from django.db import connection

    from tandem.knowledge.lexical import _fts5_query, _tsquery, words

    terms = words(term)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT id FROM knowledge_searchdocument "
            "WHERE search @@ to_tsquery('english', %s) LIMIT 60"
        )
        return sql, [_tsquery(terms, any_word=False)]
    sql = "SELECT rowid FROM knowledge_search_fts WHERE knowledge_search_fts MATCH %s LIMIT 60"
    return sql, [_fts5_query(terms, any_word=False)]


def measure(repeat: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from tandem.backlog.models import Item
    from tandem.knowledge.ask import ask
    from tandem.knowledge.index_models import SearchDocument
    from tandem.knowledge.search import Filters, search
    from tandem.workspace.models import Membership, Product, Role, User
    from tandem.workspace.selectors import product_access

    product = Product.objects.get(key="LOAD")
    person = User.objects.get(email="po@demo.test")
    Membership.objects.get_or_create(user=person, product=product, role=Role.PRODUCT_OWNER)
    access = product_access(user=person, product_key="LOAD")
    numbers = list(Item.objects.filter(product=product).values_list("number", flat=True)[::997])
    filters = Filters(product="LOAD")
    out: dict[str, Any] = {
        "documents": SearchDocument.objects.filter(product=product).count(),
        "items": Item.objects.filter(product=product).count(),
    }

    def run_search(queries: list[str]) -> Any:
        return lambda i: search(user=person, query=queries[i % len(queries)], filters=filters)

    def run_floor(queries: list[str]) -> Any:
        def once(i: int) -> None:
            sql, params = floor_query(queries[i % len(queries)])
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        return once

    keys = [f"LOAD-{n}" for n in numbers[:20]]
    for name, queries in [*QUERIES.items(), ("key", keys)]:
        hits = len(search(user=person, query=queries[0], filters=filters))
        out[f"search: {name}"] = harness.timed(repeat, run_search(queries), warmup=5) | {
            "hits": hits
        }
        if name != "key":
            out[f"floor: {name}"] = harness.timed(repeat, run_floor(queries), warmup=5)
    for name, template in QUESTIONS.items():
        texts = [template.format(n=n) for n in numbers[:20]]
        out[f"ask: {name}"] = harness.timed(
            max(10, repeat // 5), lambda i, t=texts: ask(access=access, question=t[i % len(t)]), 3
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server; else SQLite")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the seeded, indexed database")
    args = parser.parse_args()
    scratch = harness.scratch(
        f"search_{args.items}", database_url=args.database_url, keep=args.keep
    )
    try:
        took = prepare(scratch, args.items)
        scratch.use_in_process()
        os.environ["TANDEM_EMBEDDINGS"] = "off"
        result = {
            "engine": scratch.engine,
            "load_average_before": harness.load_average(),
            **took,
            "reindex_lexical_s (kept)": scratch.manifest().get("reindex_lexical_s"),
            **measure(args.repeat),
            "load_average_after": harness.load_average(),
        }
        print(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            scratch.drop()


if __name__ == "__main__":
    main()
