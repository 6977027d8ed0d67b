"""Every page a team opens daily, at 10k, 100k and 1M items, beside its raw-SQL floor.

    python benchmarks/pages_bench.py --sizes 10000 100000
    python benchmarks/pages_bench.py --sizes 1000000 --keep --database-url postgres://…/postgres

Makes (or, with ``--keep``, reuses) a scratch database with the demo product,
times the demo's pages alone, then grows a seeded product to each size in turn
(``tandem seed`` appends) and times its pages and the demo's again: the demo
beside a big product shows what one large tenant costs a small one. Pages go
through Django's whole stack in-process (the test client, signed in as the
role the page is for), so the figures are server-side times. Each page also
reports its number of SQL statements and its slowest statement, and the floor
is the page's main query written by hand and timed alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import harness

BIG = "BIG"
RARE_WORD = "Kestrelmoor"  # a field site the seeder names in about one title in 4,000
BOARD_WORD = "battery"
SLOW_PAGE_SECONDS = 2.0

# (name, role, path, floor) — paths and floors are filled with the ids below.
PAGES = (
    ("PO home", "product_owner", "/p/{key}/", "health"),
    ("PM home", "product_manager", "/p/{key}/", "work"),
    ("dev home", "team_member", "/p/{key}/", "mine"),
    ("strategy", "product_manager", "/p/{key}/strategy/", "work"),
    ("roadmap", "product_manager", "/p/{key}/strategy/roadmap/", "work"),
    ("alignment (API)", "product_manager", "/api/v1/products/{key}/strategy/alignment", "work"),
    ("refinement", "product_owner", "/p/{key}/refinement/", "stale"),
    ("value/effort matrix", "product_owner", "/p/{key}/matrix/", "matrix"),
    ("release forecast", "product_owner", "/p/{key}/releases/{release}/", "release"),
    ("board, text filter", "team_member", "/p/{key}/board/?q=" + BOARD_WORD, "board"),
    ("sprint page", "product_owner", "/p/{key}/sprints/{sprint}/", "sprint"),
    ("item page", "team_member", "/items/{key}-{number}/", "item"),
    ("backlog search, rare word", "product_owner", "/p/{key}/backlog/?text=" + RARE_WORD, "rare"),
    ("backlog search, by key", "product_owner", "/p/{key}/backlog/?text={key}-{number}", "by_key"),
)

LIVE = "i.product_id = %(product)s AND i.archived_at IS NULL"
# Each page's main query by hand; {live} and {like} are filled in per engine.
FLOORS = {
    "health": "SELECT i.status, i.is_ready, COUNT(*), SUM(i.estimate) FROM backlog_item i "
    "WHERE {live} GROUP BY i.status, i.is_ready",
    "work": "SELECT e.initiative_id, COUNT(*), SUM(i.estimate) FROM backlog_item i "
    "JOIN backlog_item e ON e.id = i.parent_id WHERE {live} AND e.initiative_id IS NOT NULL "
    "GROUP BY e.initiative_id",
    "mine": "SELECT i.id, i.number, i.title, i.status FROM backlog_item i WHERE {live} "
    "AND i.assignee_id = %(dev)s AND i.status NOT IN ('done', 'accepted') "
    "ORDER BY i.rank, i.id LIMIT 50",
    "stale": "SELECT i.id, i.number, i.title FROM backlog_item i WHERE {live} "
    "AND i.updated_at < %(stale)s AND i.status NOT IN ('done', 'accepted') "
    "ORDER BY i.updated_at, i.id LIMIT 200",
    "matrix": "SELECT i.id, i.number, i.title, i.value, i.effort FROM backlog_item i WHERE {live} "
    "AND i.value IS NOT NULL AND i.effort IS NOT NULL AND i.kind <> 'epic' "
    "AND i.status NOT IN ('done', 'accepted') ORDER BY i.rank, i.id LIMIT 300",
    "release": "SELECT i.status, COUNT(*), SUM(i.estimate) FROM backlog_item i WHERE {live} "
    "AND (i.id IN (SELECT item_id FROM delivery_release_items WHERE release_id = %(release)s) "
    "OR i.parent_id IN (SELECT item_id FROM delivery_release_epics "
    "WHERE release_id = %(release)s)) GROUP BY i.status",
    "board": "SELECT i.id, i.number, i.title, i.status FROM delivery_sprintitem s "
    "JOIN backlog_item i ON i.id = s.item_id WHERE s.sprint_id = %(sprint)s "
    "AND s.removed_at IS NULL AND i.title {like} %(board_like)s ORDER BY i.rank",
    "sprint": "SELECT i.status, COUNT(*), SUM(i.estimate) FROM delivery_sprintitem s "
    "JOIN backlog_item i ON i.id = s.item_id WHERE s.sprint_id = %(sprint)s GROUP BY i.status",
    "item": "SELECT * FROM backlog_item i WHERE i.product_id = %(product)s "
    "AND i.number = %(number)s",
    "rare": "SELECT i.id, i.number, i.title, i.status FROM backlog_item i WHERE {live} "
    "AND i.title {like} %(rare_like)s ORDER BY i.rank, i.id LIMIT 51",
    "by_key": "SELECT i.id, i.number, i.title, i.status FROM backlog_item i WHERE {live} "
    "AND (i.number = %(number)s OR i.title {like} %(key_like)s) ORDER BY i.rank, i.id LIMIT 51",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per page")
    parser.add_argument("--database-url", help="PostgreSQL server; default: SQLite")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the scratch database")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


class Bench:
    """In-process timing of one product's pages and floors."""

    def __init__(self, key: str, emails: dict[str, str], repeat: int) -> None:
        from django.db import connection
        from django.test import Client

        self.key, self.repeat, self.connection = key, repeat, connection
        self.clients = {}
        for role, email in emails.items():
            client = Client()
            client.force_login(_user(email))
            self.clients[role] = client
        self.ids = self._ids(emails)

    def _ids(self, emails: dict[str, str]) -> dict[str, Any]:
        import datetime as dt

        from django.utils import timezone

        po = self.clients["product_owner"]
        sprints = po.get(f"/api/v1/products/{self.key}/sprints").json()
        active = [s for s in sprints if s["state"] == "active"] or sprints
        releases = po.get(f"/api/v1/products/{self.key}/releases").json()
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT id FROM workspace_product WHERE key = %s", [self.key])
            product = cursor.fetchone()[0]
            cursor.execute("SELECT MAX(number) FROM backlog_item WHERE product_id = %s", [product])
            top = cursor.fetchone()[0]
        number = max(1, top // 2)
        return {
            "key": self.key,
            "product": product,
            "dev": _user(emails["team_member"]).pk,
            "sprint": active[0]["id"] if active else 0,
            "release": releases[0]["id"] if releases else 0,
            "number": number,
            "stale": timezone.now() - dt.timedelta(days=30),
            "board_like": f"%{BOARD_WORD}%",
            "rare_like": f"%{RARE_WORD}%",
            "key_like": f"%{self.key}-{number}%",
        }

    def page(self, role: str, path: str) -> dict[str, Any]:
        from django.test.utils import CaptureQueriesContext

        client, url = self.clients[role], path.format(**self.ids)

        def get(_: int) -> None:
            answer = client.get(url)
            if answer.status_code != 200:
                raise SystemExit(f"{url} answered {answer.status_code}")

        started = time.perf_counter()
        with CaptureQueriesContext(self.connection) as captured:
            get(0)
        once = time.perf_counter() - started
        queries = list(captured.captured_queries)  # read now: the next request clears the log
        # A page of seconds is timed a few times only, so one slow page cannot stall the run.
        slow = once > SLOW_PAGE_SECONDS
        figures = harness.timed(3 if slow else self.repeat, get, warmup=0 if slow else 2)
        slowest = max((float(q["time"]) for q in queries), default=0.0)
        return figures | {
            "first_ms": round(once * 1000, 2),  # a page that caches shows its cold cost here
            "queries": len(queries),
            "slowest_query_ms": round(slowest * 1000, 2),
        }

    def floor(self, name: str) -> dict[str, float]:
        like = "ILIKE" if self.connection.vendor == "postgresql" else "LIKE"
        sql = FLOORS[name].replace("{like}", like).replace("{live}", LIVE)

        def run(_: int) -> None:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, self.ids)
                cursor.fetchall()

        return harness.timed(self.repeat, run, warmup=2)

    def all_pages(self) -> dict[str, Any]:
        results = {}
        for name, role, path, floor in PAGES:
            results[name] = self.page(role, path) | {"floor": self.floor(floor)}
        return results


def _user(email: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def demo_cast() -> dict[str, str]:
    return {
        "product_owner": "po@demo.test",
        "product_manager": "pm@demo.test",
        "team_member": "dev@demo.test",
    }


def measure(key: str, cast: dict[str, str], repeat: int) -> Any:
    from django.db import connections

    connections.close_all()  # see what the commands wrote, and hold no lock they need
    results = Bench(key, cast, repeat).all_pages()
    connections.close_all()
    return results


def main() -> None:
    args = parse_args()
    scratch = harness.scratch("pages", database_url=args.database_url, keep=args.keep)
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    summary: dict[str, Any] = {"engine": scratch.engine, "repeat": args.repeat, "runs": []}
    try:
        harness.prepare_demo(scratch)
        scratch.use_in_process()
        import django

        django.setup()
        if not scratch.manifest().get("products", {}).get(BIG):
            log("demo alone …")
            summary["runs"].append(
                {
                    "product": harness.DEMO_KEY,
                    "beside": 0,
                    "load_average": harness.load_average(),
                    "pages": measure(harness.DEMO_KEY, demo_cast(), args.repeat),
                }
            )
        for size in sorted(args.sizes):
            facts = harness.prepare_big_product(scratch, BIG, size, log=log)
            summary.setdefault("seeding", {})[size] = facts.get("seconds")
            for key, cast in ((BIG, harness.cast_of(BIG)), (harness.DEMO_KEY, demo_cast())):
                log(f"{key} at {size:,} …")
                summary["runs"].append(
                    {
                        "product": key,
                        "beside": size,
                        "load_average": harness.load_average(),
                        "pages": measure(key, cast, args.repeat),
                    }
                )
    finally:
        scratch.drop()
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"pages-{scratch.engine}-{'-'.join(str(s) for s in sorted(args.sizes))}"
    (args.out / f"{name}.json").write_text(json.dumps(summary, indent=2, default=str))
    (args.out / f"{name}.md").write_text(text + "\n")


def report(summary: dict[str, Any]) -> str:
    lines = [f"Tandem pages — {summary['engine']}, {summary['repeat']} runs each"]
    for run in summary["runs"]:
        what = (
            f"{run['product']} with {run['beside']:,} items"
            if run["product"] == BIG
            else f"the demo product beside {run['beside']:,} items"
        )
        lines += [
            "",
            f"### {what} (load average {run['load_average']})",
            "",
            "| page | first ms | p50 ms | p95 ms | queries | slowest query ms | floor p50 ms "
            "| page / floor |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, row in run["pages"].items():
            floor = row["floor"]["p50_ms"]
            ratio = f"{row['p50_ms'] / floor:.0f}×" if floor else ""
            lines.append(
                f"| {name} | {row.get('first_ms', '')} | {row['p50_ms']} | {row['p95_ms']} | "
                f"{row['queries']} | "
                f"{row['slowest_query_ms']} | {floor} | {ratio} |"
            )
    if summary.get("seeding"):
        lines += ["", f"Seeding (seconds, by step): {summary['seeding']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
