"""The Jira-compatible API over a large backlog: JQL search pages and one issue.

Usage: python benchmarks/jira_api_bench.py [--items N] [--repeat N] [--database-url URL]

Times, in process through Django's test client with a Bearer token, what a Jira
script asks most: a page of 50 issues for typical JQL (by project and status, by
text, by sprint function, with ORDER BY), the same page with every field, and one
issue by key. The count Jira answers with (``total``) is part of every search.
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
QUERIES = {
    "project and status": 'project = BENCH AND status = "In progress"',
    "type and points, ORDER BY points": (
        'type = Story AND "Story Points" >= 5 ORDER BY "Story Points" DESC'
    ),
    "text ~ one word": 'text ~ "export"',
    "labels IN, NOT status": "labels in (ux, backend) AND NOT status = Done",
    "created in the last week": "created >= -7d ORDER BY created DESC",
    "assignee EMPTY, ORDER BY rank": "assignee IS EMPTY ORDER BY rank",
}


def run(items: int, repeat: int, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tandem.backlog.models import Item
    from tandem.backlog.seeding import seed_backlog
    from tandem.workspace import services
    from tandem.workspace.models import Role

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization = services.organization_create(name="Bench")
    po = services.user_create(email="po@bench.test", password="bench-password")
    product = services.product_create(
        organization=organization, key=PRODUCT, name="Bench", creator=None
    )
    services.membership_grant(product=product, user=po, role=Role.PRODUCT_OWNER)
    started = time.perf_counter()
    seed_backlog(product=product, count=items)
    seed_seconds = time.perf_counter() - started
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    token = services.token_create(user=po)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    numbers = Item.objects.filter(product=product).order_by("number")
    key = f"{PRODUCT}-{numbers.values_list('number', flat=True)[items // 2]}"

    def search(jql: str, fields: str = "*navigable") -> Any:
        def operation(_: int) -> None:
            response = client.get("/rest/api/2/search", {"jql": jql, "fields": fields})
            if response.status_code != 200:
                raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

        return operation

    operations = {f"search: {name}": search(jql) for name, jql in QUERIES.items()}
    operations["search: project, every field (*all)"] = search("project = BENCH", "*all")
    operations["issue by key"] = lambda _: client.get(f"/rest/api/2/issue/{key}")
    results = {name: timed(repeat, op) for name, op in operations.items()}
    totals = {
        name: client.get("/rest/api/2/search", {"jql": jql, "maxResults": 0}).json()["total"]
        for name, jql in QUERIES.items()
    }
    return {
        "engine": engine,
        "items": items,
        "repeat": repeat,
        "seed_seconds": round(seed_seconds, 1),
        "totals": totals,
        "results": results,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem Jira API benchmark — {summary['engine']}, {summary['items']:,} items, "
        f"{summary['repeat']} runs each, pages of 50",
        "",
        "| operation | matches | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        matches = summary["totals"].get(name.removeprefix("search: "), "")
        lines.append(f"| {name} | {matches} | {figures['p50_ms']} | {figures['p95_ms']} |")
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
    (args.out / f"jira-api-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"jira-api-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
