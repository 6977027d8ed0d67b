"""The board and planning at scale: a sprint of N cards, the frequent reads and a move.

Each operation runs through Django's full request stack in-process (URL
routing, middleware, session auth), so the figures are server-side times
without the network. The board renders each column's first page (50 cards)
and its count; "Show more" fetches one column's next page.

    python benchmarks/board_bench.py                     # SQLite, 5,000 cards
    python benchmarks/board_bench.py --cards 5000 --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
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
STATUS_SHARES = (("ready", 0.4), ("in_progress", 0.2), ("done", 0.3), ("accepted", 0.1))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=5_000)
    parser.add_argument("--backlog", type=int, default=20_000, help="items in the product")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per operation")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL; a scratch database bench_h_board is made and dropped",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


_scratches: list[harness.Scratch] = []


def configure(args: argparse.Namespace) -> str:
    """Point Tandem at a fresh scratch database before Django loads its settings."""
    _scratches.append(harness.in_process("board", args.database_url))
    return _scratches[-1].engine


def drop_scratch(args: argparse.Namespace) -> None:
    while _scratches:
        harness.drop_in_process(_scratches.pop())


def run(args: argparse.Namespace, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tandem.backlog.models import Item, Kind
    from tandem.backlog.seeding import seed_backlog
    from tandem.delivery import services as delivery_services
    from tandem.delivery.models import Impediment, ImpedimentKind, SprintItem
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
    seed_backlog(product=product, count=args.backlog)
    access = product_access(user=po, product_key=PRODUCT)
    rng = random.Random(11)
    cards = list(
        Item.objects.filter(product=product)
        .exclude(kind=Kind.EPIC)
        .order_by("?")
        .values_list("pk", flat=True)[: args.cards]
    )
    today = dt.date.today()
    sprint = delivery_services.sprint_create(
        access=access,
        fields={
            "name": "Big sprint",
            "starts_on": today - dt.timedelta(days=5),
            "ends_on": today + dt.timedelta(days=8),
            "capacity": 40,
        },
    )
    # Setup only: the sprint's content in one statement, statuses spread over the columns.
    SprintItem.objects.bulk_create(SprintItem(sprint=sprint, item_id=pk) for pk in cards)
    rng.shuffle(cards)
    position = 0
    for status, share in STATUS_SHARES:
        count = round(share * len(cards))
        Item.objects.filter(pk__in=cards[position : position + count]).update(status=status)
        position += count
    sprint.refresh_from_db()
    delivery_services.sprint_start(access=access, sprint=sprint, expected_version=sprint.version)
    blocker = Impediment.objects.create(
        product=product, kind=ImpedimentKind.BLOCKER, description="Bench blocker"
    )
    blocker.items.set(rng.sample(cards, max(1, len(cards) // 100)))
    planned = delivery_services.sprint_create(
        access=access,
        fields={
            "name": "Next sprint",
            "starts_on": today + dt.timedelta(days=9),
            "ends_on": today + dt.timedelta(days=22),
            "capacity": 40,
        },
    )
    Item.objects.filter(product=product, status="new").exclude(pk__in=cards).update(status="ready")
    seed_seconds = time.perf_counter() - started
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(po)
    hx = {"HX-Request": "true"}
    in_progress = list(
        Item.objects.filter(pk__in=cards, status="in_progress").values_list("number", flat=True)
    )

    def check(response: Any, status: int = 200) -> None:
        if response.status_code != status:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

    def board_page(_: int) -> None:
        check(client.get(f"/p/{PRODUCT}/board/"))

    def board_filtered(_: int) -> None:
        check(client.get(f"/p/{PRODUCT}/board/", {"blocked": "1", "lane": "epic"}))

    def column_page(i: int) -> None:
        offset = 50 * (1 + i % 20)
        check(
            client.get(
                f"/p/{PRODUCT}/board/columns/ready",
                {"sprint": sprint.pk, "offset": offset},
                headers=hx,
            )
        )

    def board_api(_: int) -> None:
        check(client.get(f"/api/v1/products/{PRODUCT}/sprints/{sprint.pk}/board"))

    def move(i: int) -> None:
        number = in_progress[i % len(in_progress)]
        item = Item.objects.get(product=product, number=number)
        target = "ready" if item.status == "in_progress" else "in_progress"
        check(
            client.post(
                f"/p/{PRODUCT}/board/move",
                {
                    "item": f"{PRODUCT}-{number}",
                    "status": target,
                    "version": item.version,
                    "sprint": sprint.pk,
                },
                headers=hx,
            )
        )

    def sprint_page(_: int) -> None:
        check(client.get(f"/p/{PRODUCT}/sprints/{sprint.pk}/"))

    def planning_page(_: int) -> None:
        check(client.get(f"/p/{PRODUCT}/sprints/{planned.pk}/plan/"))

    operations = {
        f"board page (HTML, {args.cards:,} cards, first 30 per column)": board_page,
        "board page, blocked only, epic swimlanes": board_filtered,
        "one column's next page (HTMX)": column_page,
        "board (API, every column's first page)": board_api,
        "move a card (HTMX, card and both column heads back)": move,
        "sprint page (burndown + cumulative flow)": sprint_page,
        "planning page (optimizer over up to 1,000 ready items)": planning_page,
    }
    results = {name: timed(args.repeat, op) for name, op in operations.items()}
    return {
        "engine": engine,
        "cards": args.cards,
        "backlog": args.backlog,
        "repeat": args.repeat,
        "seed_seconds": round(seed_seconds, 1),
        "results": results,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem board benchmark — {summary['engine']}, a sprint of {summary['cards']:,} cards "
        f"in a backlog of {summary['backlog']:,}, {summary['repeat']} runs each "
        f"(set up in {summary['seed_seconds']} s)",
        "",
        "| operation | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        lines.append(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} |")
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
    (args.out / f"board-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"board-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
