"""A real team's load: the Atlassian Data Center mix, open loop, against ``tandem serve``.

    python benchmarks/load_mix.py --items 10000 --rate 20 --duration 60
    python benchmarks/load_mix.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Makes a scratch database (SQLite, or ``bench_h_load`` on the PostgreSQL server),
loads the demo product and seeds a product of N items (``--keep`` keeps it in
``~/.cache/tandem-bench/`` for the next run), serves it with gunicorn on a
loopback port, signs the demo's and the seeded product's people in through the
sign-in form (pages) and gives them API tokens (writes), then sends the mix at
the offered rate. See benchmarks/README.md for the mapping of each action.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))

import harness
import openloop

# Atlassian's Jira Data Center performance-test mix, in percent.
MIX = {
    "view issue": 34,
    "search": 11,
    "dashboard": 10,
    "browse": 9,
    "scrum board": 8,
    "kanban board": 7,
    "backlog": 6,
    "edit": 5,
    "create": 4,
    "report": 3,
    "comment": 2,
    "boards": 1,
}
WORDS = ("battery", "camera", "flight", "maps", "tracking", "firmware")
# Field sites that seeded titles name about once in 4,000 items: rare words.
SITES = ("Kestrelmoor", "Alderbrook", "Rowanvale", "Thornwick", "Glenford")
LABELS = ("camera", "battery", "app", "safety", "firmware", "ux", "fleet", "maps")
BIG = "LOAD"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL server; default: SQLite")
    parser.add_argument("--items", type=int, default=10_000, help="items in the seeded product")
    parser.add_argument("--rate", type=float, default=20, help="offered requests per second")
    parser.add_argument("--duration", type=float, default=60, help="seconds of arrivals")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--demo-share", type=float, default=0.5, help="share aimed at the demo")
    parser.add_argument("--timeout", type=float, default=10, help="seconds before a request fails")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--solo", type=int, default=20, help="requests per action for CPU ms")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the scratch database")
    parser.add_argument("--port", type=int, help="loopback port for the server (8600-8699)")
    parser.add_argument(
        "--url", help="an already running Tandem on this machine, serving the same scratch"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


@dataclass
class Person:
    email: str
    password: str
    token: str
    session: aiohttp.ClientSession | None = None


@dataclass
class Target:
    """One product as the load sees it: its people and what there is to look at."""

    key: str
    people: list[Person]
    keys: list[str]  # item keys to view and edit


async def sign_in(base: str, person: Person, connector_limit: int) -> None:
    session = aiohttp.ClientSession(
        base_url=base,
        # Idle connections are dropped before gunicorn's 2 s keep-alive closes them, so a
        # request never goes out on a connection the server is closing.
        connector=aiohttp.TCPConnector(limit=connector_limit, keepalive_timeout=1.5),
        cookie_jar=aiohttp.CookieJar(unsafe=True),
    )
    async with session.get("/signin/") as answer:
        page = await answer.text()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("No CSRF token on the sign-in page.")
    form = {"csrfmiddlewaretoken": match[1], "email": person.email, "password": person.password}
    async with session.post("/signin/", data=form, allow_redirects=False) as answer:
        if answer.status != 302:
            raise RuntimeError(f"Sign-in of {person.email} answered {answer.status}.")
    person.session = session


def arrival_params(targets: list[Target], demo_share: float):  # type: ignore[no-untyped-def]
    def params(rng: random.Random, action: str) -> dict[str, Any]:
        target = 0 if rng.random() < demo_share else 1
        picked = targets[target]
        word = rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(SITES)
        return {
            "target": target,
            "person": rng.randrange(len(picked.people)),
            "item": rng.choice(picked.keys),
            "word": word,
            "label": rng.choice(LABELS),
            "estimate": rng.choice((1, 2, 3, 5, 8)),
            "n": rng.randrange(1_000_000),
        }

    return params


def make_step(targets: list[Target]):  # type: ignore[no-untyped-def]
    async def get(session: aiohttp.ClientSession, path: str, **kw: Any) -> int:
        async with session.get(path, **kw) as answer:
            await answer.read()
            return answer.status

    async def step(arrival: openloop.Arrival) -> int:
        p = arrival.params
        target = targets[p["target"]]
        person = target.people[p["person"]]
        session = person.session
        assert session is not None
        key, item = target.key, p["item"]
        api = {"Authorization": f"Bearer {person.token}"}
        action = arrival.action
        reads: dict[str, tuple[str, dict[str, str] | None]] = {
            "view issue": (f"/items/{item}/", None),
            "search": (f"/p/{key}/backlog/", {"text": p["word"]}),
            "dashboard": (f"/p/{key}/", None),
            "scrum board": (f"/p/{key}/board/", None),
            "kanban board": (f"/p/{key}/board/", {"lane": "epic"}),
            "backlog": (f"/p/{key}/backlog/", None),
            "report": (f"/p/{key}/reports/executive/", None),
            "boards": (f"/p/{key}/delivery/", None),
        }
        if action in reads:
            path, query = reads[action]
            return await get(session, path, params=query) if query else await get(session, path)
        if action == "browse":
            query = {"label": p["label"], "limit": "50"}
            return await get(session, f"/api/v1/products/{key}/items", params=query, headers=api)
        if action == "create":
            body = {"title": f"Load test story {p['n']}", "kind": "story"}
            async with session.post(
                f"/api/v1/products/{key}/items", json=body, headers=api
            ) as answer:
                await answer.read()
                return answer.status
        if action == "comment":
            body = {"body": f"Does this still happen on build {p['n']}?", "is_question": True}
            async with session.post(f"/api/v1/items/{item}/comments", json=body, headers=api) as a:
                await a.read()
                return a.status
        if action == "edit":  # open the item, then save with the version read
            async with session.get(f"/api/v1/items/{item}", headers=api) as answer:
                await answer.read()
                if answer.status != 200:
                    return answer.status
                etag = answer.headers.get("ETag", "")
            body = {"description": f"Seen again in build {p['n']}."}
            async with session.patch(
                f"/api/v1/items/{item}", json=body, headers={**api, "If-Match": etag}
            ) as answer:
                await answer.read()
                return answer.status
        raise ValueError(action)

    return step


class Sampler:
    """Worker memory once a second while the load runs."""

    def __init__(self, server: harness.Server | None) -> None:
        self.server, self.peak, self.stop = server, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while self.server and not self.stop.wait(1.0):
            self.peak = max(self.peak, max(self.server.worker_rss_mb(), default=0.0))

    def __enter__(self) -> Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


async def solo_cpu(
    server: harness.Server | None, step: Any, arrivals: list[openloop.Arrival], n: int
) -> dict[str, float]:
    """Server CPU ms per action: ``n`` of each alone, one at a time, CPU before and after."""
    if server is None or n < 1:
        return {}
    per_action: dict[str, float] = {}
    for action in MIX:
        mine = [a for a in arrivals if a.action == action][:n]
        if not mine:
            continue
        await step(mine[0])  # warm
        before = server.cpu_seconds()
        for arrival in mine:
            await step(arrival)
        per_action[action] = round((server.cpu_seconds() - before) * 1000 / len(mine), 1)
    return per_action


def prepare(args: argparse.Namespace) -> harness.Scratch:
    scratch = harness.scratch("load", database_url=args.database_url, keep=args.keep)
    started = time.perf_counter()
    harness.prepare_demo(scratch)
    harness.prepare_big_product(scratch, BIG, args.items)
    print(f"prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return scratch


async def drive(
    args: argparse.Namespace, scratch: harness.Scratch, server: harness.Server | None, base: str
) -> dict[str, Any]:
    passwords = dict.fromkeys(harness.DEMO_USERS, harness.DEMO_PASSWORD) | dict.fromkeys(
        harness.cast_of(BIG).values(), harness.BENCH_PASSWORD
    )
    targets = []
    casts = ((harness.DEMO_KEY, harness.DEMO_USERS), (BIG, tuple(harness.cast_of(BIG).values())))
    for key, emails in casts:
        people = [Person(e, passwords[e], harness.token_for(scratch, e)) for e in emails]
        lookup = harness.Api(base, people[0].token)
        keys = lookup.keys(key, 200 if key == harness.DEMO_KEY else 2_000)
        if key == BIG:  # the whole seeded range, not only the top of the backlog
            keys = [f"{BIG}-{n}" for n in range(1, args.items + 1)]
        targets.append(Target(key, people, keys))
    for target in targets:
        for person in target.people:
            await sign_in(base, person, connector_limit=512)
    step = make_step(targets)
    arrivals = openloop.plan(
        rate=args.rate,
        duration=args.duration,
        max_requests=args.max_requests,
        weights={k: float(v) for k, v in MIX.items()},
        params=arrival_params(targets, args.demo_share),
        seed=args.seed,
    )
    cpu_before = server.cpu_seconds() if server else 0.0
    rss_before = server.worker_rss_mb() if server else []
    load_before = harness.load_average()
    with Sampler(server) as sampler:
        result = await openloop.run(arrivals, step, args.timeout)
    server_cpu = (server.cpu_seconds() - cpu_before) if server else None
    rss_after = server.worker_rss_mb() if server else []
    solo = await solo_cpu(server, step, arrivals, args.solo)
    for target in targets:
        for person in target.people:
            if person.session:
                await person.session.close()
    answered = len(result.outcomes)
    return {
        "engine": scratch.engine,
        "items": args.items,
        "offered_rate": args.rate,
        "duration_s": args.duration,
        "offered": result.offered,
        "achieved_rate": round(answered / result.wall, 1) if result.wall else 0,
        "wall_s": round(result.wall, 1),
        "workers": args.workers,
        "threads": args.threads,
        "load_average_before": load_before,
        "load_average_after": harness.load_average(),
        "actions": openloop.summarize(result.outcomes),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / answered, 1)
        if server_cpu is not None and answered
        else None,
        "server_cpu_share": round(server_cpu / result.wall, 2) if server_cpu else None,
        "server_cpu_ms_solo": solo,
        "worker_rss_mb": {
            "before": [round(x) for x in rss_before],
            "after": [round(x) for x in rss_after],
            "peak": round(sampler.peak),
        },
        "generator": {
            "cpu_s": round(result.generator_cpu, 2),
            "cpu_share": round(result.generator_cpu / result.wall, 3) if result.wall else 0,
            "cpu_ms_per_request": round(result.generator_cpu * 1000 / max(1, answered), 2),
            "start_lag_p99_ms": openloop.lag_ms(result.outcomes, 0.99),
        },
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem under the Atlassian mix — {summary['engine']}, demo + {summary['items']:,} "
        f"seeded items; offered {summary['offered_rate']}/s for {summary['duration_s']} s "
        f"({summary['offered']} requests), answered {summary['achieved_rate']}/s; "
        f"gunicorn {summary['workers']}×{summary['threads']}; "
        f"load average {summary['load_average_before']} → {summary['load_average_after']}",
        "",
        "| action | requests | success | p50 ms | p95 ms | p99 ms | service p50 | "
        "server CPU ms (alone) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    solo = summary["server_cpu_ms_solo"]
    for name in [*MIX, "all"]:
        row = summary["actions"].get(name)
        if row is None:
            continue
        lines.append(
            f"| {name} | {row['requests']} | {row['success']:.1%} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['service_p50_ms']} | "
            f"{solo.get(name, '')} |"
        )
    gen = summary["generator"]
    rss = summary["worker_rss_mb"]
    lines += [
        "",
        f"Server CPU under the mix: {summary['server_cpu_ms_per_request']} ms per request "
        f"({summary['server_cpu_share']} cores). Worker RSS MB: {rss['before']} before, "
        f"{rss['after']} after, peak {rss['peak']}.",
        f"Generator: {gen['cpu_share']:.1%} of a core, {gen['cpu_ms_per_request']} ms CPU per "
        f"request, start lag p99 {gen['start_lag_p99_ms']} ms.",
    ]
    failures = {
        name: {s: c for s, c in row["statuses"].items() if not openloop.ok(int(s))}
        for name, row in summary["actions"].items()
        if name != "all"
    }
    failures = {k: v for k, v in failures.items() if v}
    if failures:
        lines.append(f"Failures by status (0: connection error, -1: timeout): {failures}")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    if args.url:
        harness.require_loopback(args.url)
    scratch = prepare(args)
    server = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            server = harness.Server(
                scratch, args.port or harness.free_port(), args.workers, args.threads
            ).start()
            base = server.url
        harness.require_loopback(base)
        summary = asyncio.run(drive(args, scratch, server, base))
    finally:
        if server:
            server.stop()
        scratch.drop()
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"load-{summary['engine']}-{args.items}-{args.rate:g}"
    (args.out / f"{name}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"{name}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
