"""Backlog performance at scale: seed N items, time the frequent operations.

Each operation runs through Django's full request stack in-process (URL
routing, middleware, session auth, the API's serialization), so the figures
are server-side times without the network. The raw-SQL floor fetches the same
first page (rows, assignee, parent, labels) with hand-written SQL.

    python benchmarks/backlog_bench.py                        # SQLite, 100,000 items
    python benchmarks/backlog_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import harness
from harness import timed

PRODUCT = "BENCH"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per operation")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL; a scratch database bench_h_backlog is made there and dropped",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


_scratches: list[harness.Scratch] = []


def configure(args: argparse.Namespace) -> str:
    """Point Tandem at a fresh scratch database before Django loads its settings."""
    _scratches.append(harness.in_process("backlog", args.database_url))
    return _scratches[-1].engine


def drop_scratch(args: argparse.Namespace) -> None:
    while _scratches:
        harness.drop_in_process(_scratches.pop())


RAW_FIRST_PAGE = """
SELECT i.id, i.number, i.kind, i.title, i.status, i.rank, i.estimate, i.value, i.effort,
       i.moscow, i.rice_score, i.wsjf_score, i.value_effort_score, i.is_ready,
       i.criteria_count, i.as_a, i.i_want, i.so_that, i.version, i.updated_at,
       u.email, u.name, p.number, p.title
FROM backlog_item i
LEFT JOIN workspace_user u ON u.id = i.assignee_id
LEFT JOIN backlog_item p ON p.id = i.parent_id
WHERE i.product_id = %s AND i.archived_at IS NULL AND i.status = %s
ORDER BY i.rank, i.id
LIMIT 51
"""
RAW_LABELS = """
SELECT il.item_id, l.name FROM backlog_item_labels il
JOIN backlog_label l ON l.id = il.label_id WHERE il.item_id IN ({})
"""


def run(args: argparse.Namespace, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tandem.backlog import selectors
    from tandem.backlog.models import Item
    from tandem.backlog.seeding import seed_backlog
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
    started = time.perf_counter()
    seed_backlog(product=product, count=args.items)
    seed_seconds = time.perf_counter() - started
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(po)
    rng = random.Random(7)
    numbers = list(Item.objects.filter(product=product).values_list("number", flat=True))

    def check(response: Any, status: int = 200) -> None:
        if response.status_code != status:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

    def first_page(_: int) -> None:
        check(client.get(f"/api/v1/products/{PRODUCT}/items", {"status": "ready", "limit": 50}))

    def backlog_html(_: int) -> None:
        check(client.get(f"/p/{PRODUCT}/backlog/", {"status": "ready"}))

    def item_view(_: int) -> None:
        check(client.get(f"/api/v1/items/{PRODUCT}-{rng.choice(numbers)}"))

    def create(i: int) -> None:
        check(
            client.post(
                f"/api/v1/products/{PRODUCT}/items",
                {"title": f"Benchmark story {i}", "kind": "story"},
                content_type="application/json",
            ),
            201,
        )

    def move(_: int) -> None:
        moved, target = rng.sample(numbers, 2)
        check(
            client.post(
                f"/api/v1/items/{PRODUCT}-{moved}/move",
                {"before": f"{PRODUCT}-{target}"},
                content_type="application/json",
            )
        )

    access = product_access(user=po, product_key=PRODUCT)
    page_filters = selectors.BacklogFilters(status="ready")

    def orm_page(_: int) -> None:
        selectors.backlog_page(access=access, filters=page_filters, limit=50)

    def raw_floor(_: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(RAW_FIRST_PAGE, [product.pk, "ready"])
            rows = cursor.fetchall()
            ids = [r[0] for r in rows]
            cursor.execute(RAW_LABELS.format(",".join(["%s"] * len(ids))), ids)
            cursor.fetchall()

    operations = {
        "backlog first page (API, 50 ranked, status filter)": first_page,
        "backlog first page (HTML page)": backlog_html,
        "item view (API)": item_view,
        "create item (API)": create,
        "move item (API, before a random item)": move,
        "first page by the selector (ORM, no HTTP)": orm_page,
        "first page by raw SQL (floor)": raw_floor,
    }
    results = {name: timed(args.repeat, op) for name, op in operations.items()}
    floor = results["first page by raw SQL (floor)"]["p50_ms"]
    page = results["backlog first page (API, 50 ranked, status filter)"]["p50_ms"]
    orm = results["first page by the selector (ORM, no HTTP)"]["p50_ms"]
    return {
        "engine": engine,
        "items": args.items,
        "repeat": args.repeat,
        "seed_seconds": round(seed_seconds, 1),
        "results": results,
        "page_over_floor_p50": round(page / floor, 1) if floor else None,
        "orm_over_floor_p50": round(orm / floor, 1) if floor else None,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem backlog benchmark — {summary['engine']}, {summary['items']:,} items, "
        f"{summary['repeat']} runs each (seeded in {summary['seed_seconds']} s)",
        "",
        "| operation | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        lines.append(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} |")
    lines.append("")
    lines.append(f"API first page / raw-SQL floor (p50): {summary['page_over_floor_p50']}×")
    lines.append(f"ORM selector / raw-SQL floor (p50): {summary['orm_over_floor_p50']}×")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    engine = configure(args)
    try:
        summary = run(args, engine)
    finally:
        drop_scratch(args)
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"backlog-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"backlog-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
