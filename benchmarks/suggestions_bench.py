"""Suggestions in the product: one estimate suggestion, similar items and the check before saving.

Usage: python benchmarks/suggestions_bench.py [--items N] [--repeat N] [--database-url URL]

Seeds a product with ``tandem seed``'s generator (about 80% of its items estimated),
computes every item's stored neighbours once (``refresh_product``) and learns the
product's estimate model once, then times, in process, what a person waits for:

* the estimate-suggestion service for an unestimated item (the learnt model kept
  warm, as it is between calls of one process), and the same through
  ``GET /api/v1/items/KEY/estimate-suggestion``;
* ``GET /api/v1/items/KEY/similar`` (reading stored rows);
* ``POST /api/v1/products/KEY/items/similar-check`` (a query against the kept index).

Sentence vectors come from the search index when it has them; the seed writes none,
so these figures are for words alone, the default when ``TANDEM_EMBEDDINGS=off``.
Wall and CPU milliseconds are both reported: on a shared machine the wall clock
also counts waiting for a core.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import harness
from backlog_bench import configure, drop_scratch, parse_args

PRODUCT = "BENCH"


def timed(repeat: int, operation: Callable[[int], Any], warmup: int = 10) -> dict[str, float]:
    """p50/p95 wall and p50 CPU milliseconds of ``operation(i)`` after warm-up runs."""
    for i in range(min(warmup, repeat)):
        operation(i)
    wall, cpu = [], []
    for i in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        operation(i)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(harness.percentile(wall, 0.95), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
    }


def run(items: int, repeat: int, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tandem.backlog.models import Item
    from tandem.backlog.seeding import seed_backlog
    from tandem.suggestions import estimates, neighbours
    from tandem.workspace import services
    from tandem.workspace.models import Role
    from tandem.workspace.selectors import product_access

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization = services.organization_create(name="Bench")
    po = services.user_create(email="po@bench.test", password="bench-password")
    product = services.product_create(
        organization=organization, key=PRODUCT, name="Bench", creator=None
    )
    services.membership_grant(product=product, user=po, role=Role.PRODUCT_OWNER)
    seed_backlog(product=product, count=items)
    access = product_access(user=po, product_key=PRODUCT)

    started = time.perf_counter()
    stored = neighbours.refresh_product(product_id=product.pk)
    neighbours_seconds = time.perf_counter() - started
    started, started_cpu = time.perf_counter(), time.process_time()
    model = estimates.model_for(product)
    learn_wall, learn_cpu = time.perf_counter() - started, time.process_time() - started_cpu

    open_items = list(
        Item.objects.filter(product=product, estimate__isnull=True, archived_at__isnull=True)
        .exclude(kind="epic")
        .select_related("product")
        .order_by("number")[:repeat]
    )
    if not open_items:
        raise SystemExit("the seed made no unestimated item; use more --items")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {services.token_create(user=po)[1]}")

    def suggest(i: int) -> None:
        estimates.estimate_suggestion(access=access, item=open_items[i % len(open_items)])

    def api(path: str) -> Callable[[int], None]:
        def call(i: int) -> None:
            key = open_items[i % len(open_items)].key
            response = client.get(path.format(key=key))
            if response.status_code != 200:
                raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

        return call

    def similar_check(i: int) -> None:
        item = open_items[i % len(open_items)]
        response = client.post(
            f"/api/v1/products/{PRODUCT}/items/similar-check",
            {"title": item.title, "description": item.description},
            content_type="application/json",
        )
        if response.status_code != 200:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

    results = {
        "estimate suggestion (service)": timed(repeat, suggest),
        "GET estimate-suggestion": timed(repeat, api("/api/v1/items/{key}/estimate-suggestion")),
        "GET similar (stored rows)": timed(repeat, api("/api/v1/items/{key}/similar")),
        "POST similar-check": timed(repeat, similar_check),
    }
    return {
        "engine": engine,
        "items": items,
        "estimated": len(model.points),
        "cold_start": model.cold_start,
        "settings": repr(model.settings),
        "repeat": repeat,
        "stored_neighbours": stored,
        "neighbours_seconds": round(neighbours_seconds, 1),
        "learn_wall_seconds": round(learn_wall, 1),
        "learn_cpu_seconds": round(learn_cpu, 1),
        "results": results,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem suggestions benchmark — {summary['engine']}, {summary['items']:,} items "
        f"({summary['estimated']:,} estimated), {summary['repeat']} runs each",
        "",
        f"Stored neighbours for the whole product: {summary['stored_neighbours']:,} rows in "
        f"{summary['neighbours_seconds']} s; estimate model learnt in "
        f"{summary['learn_wall_seconds']} s wall / {summary['learn_cpu_seconds']} s CPU.",
        "",
        "| operation | p50 ms | p95 ms | CPU p50 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        lines.append(
            f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['cpu_p50_ms']} |"
        )
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    engine = configure(args)
    try:
        summary = run(args.items, args.repeat, engine)
    finally:
        drop_scratch(args)
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"suggestions-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"suggestions-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
