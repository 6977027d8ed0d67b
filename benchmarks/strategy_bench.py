"""Strategy pages over a 100,000-item backlog: roadmap, alignment, strategy page, report.

Usage: python benchmarks/strategy_bench.py [--items N] [--repeat N] [--database-url URL]

The roadmap's progress and the alignment figures read every live item's points
through grouped queries; this measures what that costs on a large backlog.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from backlog_bench import configure, drop_scratch, parse_args, timed

PRODUCT = "BENCH"
INITIATIVES = 40
# Any per-initiative figure must read every live item once; this is that read alone.
FLOOR = """
SELECT COUNT(*), SUM(estimate) FROM backlog_item
WHERE product_id = %s AND archived_at IS NULL
"""


def run(items: int, repeat: int, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tandem.backlog.models import Item, Kind
    from tandem.backlog.seeding import seed_backlog
    from tandem.strategy import extensions, selectors
    from tandem.strategy import services as strategy
    from tandem.workspace import services
    from tandem.workspace.models import Role
    from tandem.workspace.selectors import product_access

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization = services.organization_create(name="Bench")
    pm = services.user_create(email="pm@bench.test", password="bench-password")
    product = services.product_create(
        organization=organization, key=PRODUCT, name="Bench", creator=None
    )
    services.membership_grant(product=product, user=pm, role=Role.PRODUCT_MANAGER)
    started = time.perf_counter()
    seed_backlog(product=product, count=items)
    seed_seconds = time.perf_counter() - started
    access = product_access(user=pm, product_key=PRODUCT)
    objectives = [
        strategy.record_create(access=access, kind="objective", fields={"title": f"O{n}"}).record
        for n in range(4)
    ]
    initiative_ids = []
    for n in range(INITIATIVES):
        served = objectives[n % 4]
        assert served is not None
        record = strategy.record_create(
            access=access,
            kind="initiative",
            fields={
                "title": f"Initiative {n}",
                "horizon": ("now", "next", "later")[n % 3],
                "objectives": [served.pk] if n % 5 else [],
                "starts_on": "2026-01-01",
                "ends_on": "2026-06-30",
            },
        ).record
        assert record is not None
        initiative_ids.append(record.pk)
    # Bench setup: link four epics in five to an initiative in one statement per initiative.
    epics = list(Item.objects.filter(product=product, kind=Kind.EPIC).values_list("pk", flat=True))
    for index, initiative_id in enumerate(initiative_ids):
        chunk = [pk for i, pk in enumerate(epics) if i % (INITIATIVES + 10) == index]
        Item.objects.filter(pk__in=chunk).update(initiative_id=initiative_id)
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(pm)

    def check(response: Any) -> None:
        if response.status_code != 200:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

    def floor(_: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR, [product.pk])
            cursor.fetchall()

    operations = {
        "floor: count and sum of live items (raw SQL)": floor,
        "backlog work per initiative (selector)": lambda _: extensions.work(access),
        "alignment figures (selector)": lambda _: selectors.alignment(access=access),
        "alignment (API)": lambda _: check(
            client.get(f"/api/v1/products/{PRODUCT}/strategy/alignment")
        ),
        "roadmap page (HTML, board and timeline)": lambda _: check(
            client.get(f"/p/{PRODUCT}/strategy/roadmap/")
        ),
        "strategy page (HTML, OKRs and alignment)": lambda _: check(
            client.get(f"/p/{PRODUCT}/strategy/")
        ),
        "executive report (HTML)": lambda _: check(client.get(f"/p/{PRODUCT}/reports/executive/")),
    }
    results = {name: timed(repeat, op) for name, op in operations.items()}
    floor_p50 = results["floor: count and sum of live items (raw SQL)"]["p50_ms"]
    work_p50 = results["backlog work per initiative (selector)"]["p50_ms"]
    work = extensions.work(access)
    return {
        "engine": engine,
        "items": items,
        "initiatives": INITIATIVES,
        "traced_points": selectors.alignment(access=access, work=work).traced_points,
        "total_points": work.total_points,
        "repeat": repeat,
        "seed_seconds": round(seed_seconds, 1),
        "results": results,
        "work_over_floor_p50": round(work_p50 / floor_p50, 1) if floor_p50 else None,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem strategy benchmark — {summary['engine']}, {summary['items']:,} items, "
        f"{summary['initiatives']} initiatives, {summary['repeat']} runs each",
        "",
        "| operation | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        lines.append(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} |")
    lines.append("")
    lines.append(f"Work per initiative / floor (p50): {summary['work_over_floor_p50']}×")
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
    (args.out / f"strategy-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"strategy-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
