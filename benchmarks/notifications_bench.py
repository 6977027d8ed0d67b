"""What notifications add to a write, and what reading them costs.

Usage: python benchmarks/notifications_bench.py [--items N] [--repeat N] [--database-url URL]

A product with 40 members; every item is watched by 12 of them. Timed: a comment
on an item with the notifications job (watchers and a mention, run after commit as
the embedded queue does), the same comment with the audit subscription switched
off, the bell's unread count and the notifications page's grouping for a person
with thousands of notifications.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from backlog_bench import configure, drop_scratch, parse_args, timed

PRODUCT = "NOTE"
MEMBERS = 40
WATCHERS = 12


def run(count: int, repeat: int, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    from tandem.backlog import services as backlog
    from tandem.backlog.models import Item
    from tandem.backlog.seeding import seed_backlog
    from tandem.workspace import audit, services
    from tandem.workspace.models import Role
    from tandem.workspace.notifications import listener, selectors
    from tandem.workspace.notifications.models import Notification, Watch
    from tandem.workspace.selectors import product_access

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization = services.organization_create(name="Bench")
    product = services.product_create(
        organization=organization, key=PRODUCT, name="Bench", creator=None
    )
    people = []
    for n in range(MEMBERS):
        person = services.user_create(email=f"p{n}@bench.test", password="bench-password")
        role = (Role.PRODUCT_OWNER, Role.TEAM_MEMBER, Role.STAKEHOLDER)[n % 3]
        services.membership_grant(product=product, user=person, role=role)
        people.append(person)
    seed_backlog(product=product, count=count)
    item_ids = list(Item.objects.filter(product=product).values_list("pk", flat=True)[:500])
    Watch.objects.bulk_create(
        Watch(product=product, object_type="item", object_id=i, user=people[(i + k) % MEMBERS])
        for i in item_ids
        for k in range(WATCHERS)
    )
    writer = product_access(user=people[1], product_key=PRODUCT)
    watched = list(Item.objects.filter(pk__in=item_ids))

    def comment(i: int) -> None:
        item = watched[i % len(watched)]
        backlog.comment_add(access=writer, item=item, body="Looks fine, @p3 can you check?")

    with_job = timed(repeat, comment)
    audit._listeners.remove(listener.on_events)
    without_job = timed(repeat, comment)
    audit._listeners.append(listener.on_events)
    reader = people[3]
    told = Notification.objects.filter(user=reader).count()

    results = {
        "comment with the notifications job": with_job,
        "comment without it": without_job,
        "bell: unread count": timed(repeat, lambda _: selectors.unread_count(user=reader)),
        "page: 200 newest, grouped and worded": timed(
            max(10, repeat // 5),
            lambda _: selectors.grouped(list(selectors.notifications_of(user=reader)[:200])),
        ),
    }
    return {
        "engine": engine,
        "items": count,
        "watched_items": len(item_ids),
        "members": MEMBERS,
        "watchers_per_item": WATCHERS,
        "reader_notifications": told,
        "repeat": repeat,
        "results": results,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem notifications benchmark — {summary['engine']}, {summary['members']} members, "
        f"{summary['watchers_per_item']} watchers per item, the reader has "
        f"{summary['reader_notifications']:,} notifications, {summary['repeat']} runs each",
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
        summary = run(min(args.items, 5_000), args.repeat, engine)
    finally:
        drop_scratch(args)
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"notifications-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"notifications-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
