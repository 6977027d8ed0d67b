"""Concurrent moves and If-Match edits on shared items, then a check for lost updates.

    python benchmarks/concurrency.py --clients 50 --seconds 60
    python benchmarks/concurrency.py --clients 50 --seconds 60 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres

N clients (each with its own API token of the product's Product Owner) loop for
T seconds over a few shared items: read an item and PATCH its description with
``If-Match`` (a value no one else writes), or move it to the top or before
another shared item. Afterwards the final state, the audit history and the
ranked backlog are read back over HTTP and checked:

- lost update: an acknowledged edit missing from the item's history, two
  acknowledged edits that claim the same resulting version, or a final
  description that is not the last acknowledged edit's;
- audit against acknowledgements: history entries for writes the client never
  saw acknowledged (a 5xx or a timeout after the commit), and acknowledged
  writes with no entry;
- ranks: no two live items share a rank; an acknowledged move that nothing
  could have overtaken still holds in the final order.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from multidict import CIMultiDict

sys.path.insert(0, str(Path(__file__).parent))

import harness

PRODUCT = "CONC"


@dataclass
class Write:
    kind: str  # "edit" or "move"
    key: str
    sent: float
    acked: float
    status: int  # 0: connection error, -1: timeout
    value: str = ""  # the description an edit wrote
    target: str = ""  # a move's "top" or the key it went before
    version: int | None = None  # an edit's resulting version (its ETag)
    server_error_body: str = ""


@dataclass
class Ledger:
    writes: list[Write] = field(default_factory=list)
    reads: Counter[int] = field(default_factory=Counter)


async def _client(
    n: int,
    base: str,
    token: str,
    keys: Sequence[str],
    deadline: float,
    rng: random.Random,
    ledger: Ledger,
    edit_share: float,
    timeout: float,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    limits = aiohttp.ClientTimeout(total=timeout)
    connector = aiohttp.TCPConnector(keepalive_timeout=1.5)  # below gunicorn's 2 s keep-alive
    async with aiohttp.ClientSession(
        base_url=base, headers=headers, timeout=limits, connector=connector
    ) as session:
        seq = 0
        while time.monotonic() < deadline:
            seq += 1
            key = rng.choice(keys)
            if rng.random() < edit_share:
                await _edit(session, key, f"client {n} write {seq}", ledger)
            else:
                others = [k for k in keys if k != key]
                target = "top" if rng.random() < 0.4 or not others else rng.choice(others)
                await _move(session, key, target, ledger)


Headers = CIMultiDict[str]


async def _send(
    session: aiohttp.ClientSession, method: str, path: str, **kw: Any
) -> tuple[int, Headers, str]:
    try:
        async with session.request(method, path, **kw) as answer:
            body = await answer.text()
            return answer.status, CIMultiDict(answer.headers), body
    except TimeoutError:
        return -1, CIMultiDict(), ""
    except (aiohttp.ClientError, OSError):
        return 0, CIMultiDict(), ""


def _version(headers: Headers) -> int | None:
    etag = headers.get("ETag", "").removeprefix("W/").strip('"')
    return int(etag) if etag.isdigit() else None


async def _edit(session: aiohttp.ClientSession, key: str, value: str, ledger: Ledger) -> None:
    status, headers, _ = await _send(session, "GET", f"/api/v1/items/{key}")
    ledger.reads[status] += 1
    if status != 200:
        return
    sent = time.monotonic()
    status, answer_headers, body = await _send(
        session,
        "PATCH",
        f"/api/v1/items/{key}",
        json={"description": value},
        headers={"If-Match": headers.get("ETag", "")},
    )
    ledger.writes.append(
        Write(
            "edit",
            key,
            sent,
            time.monotonic(),
            status,
            value=value,
            version=_version(answer_headers) if status == 200 else None,
            server_error_body=body[:300] if status >= 500 else "",
        )
    )


async def _move(session: aiohttp.ClientSession, key: str, target: str, ledger: Ledger) -> None:
    body = {"position": "top"} if target == "top" else {"before": target}
    sent = time.monotonic()
    status, _, text = await _send(session, "POST", f"/api/v1/items/{key}/move", json=body)
    ledger.writes.append(
        Write(
            "move",
            key,
            sent,
            time.monotonic(),
            status,
            target=target,
            server_error_body=text[:300] if status >= 500 else "",
        )
    )


async def hammer(
    base: str,
    tokens: Sequence[str],
    keys: Sequence[str],
    seconds: float,
    *,
    seed: int = 7,
    edit_share: float = 0.5,
    timeout: float = 30,
) -> Ledger:
    """One client per token, each looping over ``keys`` for ``seconds``."""
    harness.require_loopback(base)
    ledger = Ledger()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(
            _client(
                n,
                base,
                token,
                keys,
                deadline,
                random.Random(seed * 1000 + n),
                ledger,
                edit_share,
                timeout,
            )
            for n, token in enumerate(tokens)
        )
    )
    return ledger


# --- the checks ---------------------------------------------------------------------------


def _acked(write: Write) -> bool:
    return 200 <= write.status < 300


def _history(api: harness.Api, key: str) -> list[dict[str, Any]]:
    return list(api.ok("GET", f"/items/{key}/events"))


def _ranked(api: harness.Api, product: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = "limit=200" + (f"&cursor={cursor}" if cursor else "")
        page = api.ok("GET", f"/products/{product}/items?{query}")
        rows += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return rows


def verify(api: harness.Api, product: str, keys: Sequence[str], ledger: Ledger) -> dict[str, Any]:
    """Read the outcome back over HTTP and compare it with what the clients were told."""
    writes = ledger.writes
    lost: list[str] = []
    unacked_in_history: list[str] = []
    moves_in_history = 0
    for key in keys:
        mine = [w for w in writes if w.key == key]
        edits = [w for w in mine if w.kind == "edit"]
        acked = [w for w in edits if _acked(w)]
        history = _history(api, key)
        if len(history) >= 500:
            lost.append(f"{key}: history capped at 500 entries; use more items (--items)")
        written = [
            (e.get("after") or {}).get("description")
            for e in history
            if e["verb"] == "item.updated"
        ]
        sent_values = {w.value for w in edits}
        audited = Counter(v for v in written if v in sent_values)
        moves_in_history += sum(1 for e in history if e["verb"] == "item.moved")
        for w in acked:
            if audited[w.value] != 1:
                lost.append(
                    f"{key}: acknowledged edit {w.value!r} is in the history "
                    f"{audited[w.value]} times"
                )
        for value in audited:
            if value not in {w.value for w in acked}:
                unacked_in_history.append(f"{key}: {value!r}")
        versions = Counter(w.version for w in acked)
        lost += [
            f"{key}: two acknowledged edits made version {v}" for v, c in versions.items() if c > 1
        ]
        final = api.ok("GET", f"/items/{key}")
        if acked:
            last = max(acked, key=lambda w: w.version or 0)
            if final["version"] == last.version and final["description"] != last.value:
                lost.append(
                    f"{key}: final description is {final['description']!r}, the last "
                    f"acknowledged edit wrote {last.value!r}"
                )
            if (final["version"] or 0) < (last.version or 0):
                lost.append(
                    f"{key}: final version {final['version']} is below the acknowledged "
                    f"{last.version}"
                )
    ranked = _ranked(api, product)
    ranks = Counter(row["rank"] for row in ranked)
    shared_ranks = [rank for rank, count in ranks.items() if count > 1]
    order_violations = _order_violations(writes, [row["key"] for row in ranked])
    statuses = Counter(w.status for w in writes)
    acked_moves = sum(1 for w in writes if w.kind == "move" and _acked(w))
    errors = [w for w in writes if w.status >= 500]
    return {
        "writes": len(writes),
        "acknowledged_edits": sum(1 for w in writes if w.kind == "edit" and _acked(w)),
        "acknowledged_moves": acked_moves,
        "conflicts_409": statuses.get(409, 0),
        "server_errors_5xx": len(errors),
        "server_errors_by_kind": dict(Counter(w.kind for w in errors)),
        "server_error_samples": sorted({w.server_error_body[:120] for w in errors})[:3],
        "timeouts_or_connection_errors": statuses.get(-1, 0) + statuses.get(0, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "read_statuses": {str(k): v for k, v in sorted(ledger.reads.items())},
        "lost_updates": len(lost),
        "lost_update_details": lost[:10],
        "audited_but_not_acknowledged": len(unacked_in_history),
        "moves_in_history": moves_in_history,
        "moves_in_history_minus_acknowledged": moves_in_history - acked_moves,
        "shared_ranks": len(shared_ranks),
        "order_violations": len(order_violations),
        "order_violation_details": order_violations[:10],
    }


def _order_violations(writes: Sequence[Write], order: Sequence[str]) -> list[str]:
    """Acknowledged moves that nothing could have overtaken, and that the order contradicts.

    A move of X (to the top, or before Y) is settled when no other move of X —
    nor, for "before Y", of Y — was still under way or sent after it was sent:
    then X must sit above Y, and above the top of every item not moved since.
    """
    position = {key: i for i, key in enumerate(order)}
    moves = [w for w in writes if w.kind == "move" and w.status != 409]
    problems = []
    for m in (w for w in moves if _acked(w)):
        involved = {m.key} if m.target == "top" else {m.key, m.target}
        overtaken = any(o is not m and o.key in involved and o.acked > m.sent for o in moves)
        if overtaken:
            continue
        if m.target != "top":
            if position[m.key] > position[m.target]:
                problems.append(f"{m.key} should be above {m.target}")
            continue
        for other in {o.key for o in moves} - {m.key}:
            moved_since = any(o.key == other and o.acked > m.sent for o in moves)
            if not moved_since and position[other] < position[m.key]:
                problems.append(f"{m.key} was moved to the top after {other}'s last move")
    return problems


# --- the command --------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--items", type=int, default=20, help="shared items the clients write")
    parser.add_argument("--backlog", type=int, default=1_000, help="items in the product")
    parser.add_argument("--edit-share", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="PostgreSQL server; default: SQLite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, help="loopback port for the server (8600-8699)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    scratch = harness.scratch("concurrency", database_url=args.database_url)
    try:
        scratch.tandem("migrate", "--noinput")
        scratch.tandem("createcachetable")
        scratch.tandem("seed", "--product", PRODUCT, "--items", str(args.backlog), "--quiet")
        email = harness.cast_of(PRODUCT)["product_owner"]
        scratch.tandem(
            "createuser",
            email,
            "--password",
            harness.BENCH_PASSWORD,
            "--product",
            PRODUCT,
            "--role",
            "product_owner",
        )
        tokens = [harness.token_for(scratch, email) for _ in range(min(args.clients, 5))]
        tokens = [tokens[n % len(tokens)] for n in range(args.clients)]
        # Shared items from the top of the backlog down, epics left out (they have no stories).
        with harness.served(scratch, args.port, workers=args.workers, threads=args.threads) as srv:
            api = harness.Api(srv.url, tokens[0])
            keys = api.keys(PRODUCT, args.items, kind="story")
            load_before = harness.load_average()
            started = time.perf_counter()
            ledger = asyncio.run(
                hammer(
                    srv.url, tokens, keys, args.seconds, seed=args.seed, edit_share=args.edit_share
                )
            )
            wall = time.perf_counter() - started
            summary = verify(api, PRODUCT, keys, ledger)
        summary["server_log"] = log_signs(srv.log_path)
    finally:
        scratch.drop()
    summary = {
        "engine": scratch.engine,
        "clients": args.clients,
        "seconds": args.seconds,
        "shared_items": args.items,
        "gunicorn": f"{args.workers}x{args.threads}",
        "writes_per_second": round(summary["writes"] / wall, 1),
        "load_average_before": load_before,
        "load_average_after": harness.load_average(),
        **summary,
    }
    text = json.dumps(summary, indent=2)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"concurrency-{scratch.engine}-{args.clients}x{args.seconds:g}.json").write_text(
        text + "\n"
    )
    failed = summary["lost_updates"] or summary["server_errors_5xx"] or summary["shared_ranks"]
    raise SystemExit(1 if failed or summary["order_violations"] else 0)


LOG_SIGNS = ("deadlock detected", "database is locked", "Traceback")


def log_signs(path: Path) -> dict[str, int]:
    """How often the server's log names the usual causes of a 500."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return {sign: text.count(sign) for sign in LOG_SIGNS}


def ledger_json(ledger: Ledger) -> list[dict[str, Any]]:
    return [asdict(w) for w in ledger.writes]


if __name__ == "__main__":
    main()
