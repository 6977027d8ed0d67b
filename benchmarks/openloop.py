"""An open-loop HTTP load generator: Poisson arrivals from a seed, latency from the schedule.

Arrivals are planned before the run (a seeded Poisson process at the offered
rate, bounded by a duration and a request count) and each one starts at its
planned time whether or not earlier ones have answered. Latency is measured
from the planned time, so time spent queueing behind a slow server counts
(coordinated omission counted); service time is measured from the moment the
request was handed to the client. A request fails on a status outside 2xx/3xx,
a connection error or a timeout.

The client is aiohttp on one asyncio loop; ``Outcome.lag`` (how late a request
started against its plan) and the generator's own CPU tell whether the
generator kept up.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import psutil

from harness import percentile


@dataclass(frozen=True)
class Arrival:
    at: float  # seconds after the start
    action: str
    params: dict[str, Any]


@dataclass
class Outcome:
    action: str
    status: int  # 0: connection error, -1: timeout
    latency: float  # seconds from the planned start
    service: float  # seconds from the actual start
    lag: float  # how late the request started


Step = Callable[[Arrival], Awaitable[int]]


def plan(
    *,
    rate: float,
    duration: float,
    max_requests: int,
    weights: dict[str, float],
    params: Callable[[random.Random, str], dict[str, Any]],
    seed: int,
) -> list[Arrival]:
    """The whole run's arrivals, reproducible from ``seed``."""
    rng = random.Random(seed)
    names, shares = list(weights), list(weights.values())
    arrivals: list[Arrival] = []
    at = rng.expovariate(rate)
    while at < duration and len(arrivals) < max_requests:
        action = rng.choices(names, shares)[0]
        arrivals.append(Arrival(at=at, action=action, params=params(rng, action)))
        at += rng.expovariate(rate)
    return arrivals


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    wall: float = 0.0
    generator_cpu: float = 0.0
    offered: int = 0


async def run(arrivals: Sequence[Arrival], step: Step, timeout: float) -> Run:
    """Start every arrival at its time; wait (at most ``timeout``) for the last answers."""
    me = psutil.Process()
    cpu_before = sum(me.cpu_times()[:2])
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = Run(offered=len(arrivals))
    tasks = []

    async def one(arrival: Arrival) -> None:
        began = loop.time()
        planned = start + arrival.at
        try:
            status = await asyncio.wait_for(step(arrival), timeout)
        except TimeoutError:
            status = -1
        except (aiohttp.ClientError, OSError):
            status = 0
        ended = loop.time()
        result.outcomes.append(
            Outcome(arrival.action, status, ended - planned, ended - began, began - planned)
        )

    for arrival in arrivals:
        delay = start + arrival.at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(arrival)))
    await asyncio.gather(*tasks)
    result.wall = loop.time() - start
    result.generator_cpu = sum(me.cpu_times()[:2]) - cpu_before
    return result


def ok(status: int) -> bool:
    return 200 <= status < 400


def summarize(outcomes: Sequence[Outcome]) -> dict[str, dict[str, Any]]:
    """Per action and overall: counts, success rate, latency and service percentiles (ms)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.action].append(outcome)
        groups["all"].append(outcome)
    table = {}
    for name, rows in groups.items():
        latency = [o.latency * 1000 for o in rows]
        service = [o.service * 1000 for o in rows]
        table[name] = {
            "requests": len(rows),
            "success": round(sum(ok(o.status) for o in rows) / len(rows), 4),
            "statuses": dict(Counter(o.status for o in rows)),
            "p50_ms": round(percentile(latency, 0.50), 1),
            "p95_ms": round(percentile(latency, 0.95), 1),
            "p99_ms": round(percentile(latency, 0.99), 1),
            "service_p50_ms": round(percentile(service, 0.50), 1),
            "service_p99_ms": round(percentile(service, 0.99), 1),
        }
    return table


def lag_ms(outcomes: Sequence[Outcome], q: float) -> float:
    return round(percentile([o.lag * 1000 for o in outcomes], q), 2)


def now() -> float:
    return time.perf_counter()


# --- how fast can the generator go? -------------------------------------------------------

_ECHO = """
import sys
from aiohttp import web

async def ok(request):
    return web.Response(text="ok")

app = web.Application()
app.router.add_get("/", ok)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


def self_test(rates: Sequence[float], seconds: float, port: int) -> list[dict[str, Any]]:
    """Drive a trivial aiohttp server (its own process) at each rate; the generator's cost."""
    import subprocess
    import sys

    from harness import require_loopback

    base = f"http://127.0.0.1:{port}"
    require_loopback(base)
    echo = subprocess.Popen([sys.executable, "-c", _ECHO, str(port)])
    rows = []
    try:
        time.sleep(1.5)

        async def drive(rate: float) -> Run:
            connector = aiohttp.TCPConnector(limit=512)
            async with aiohttp.ClientSession(base_url=base, connector=connector) as session:

                async def step(_: Arrival) -> int:
                    async with session.get("/") as answer:
                        await answer.read()
                        return answer.status

                arrivals = plan(
                    rate=rate,
                    duration=seconds,
                    max_requests=10**9,
                    weights={"echo": 1.0},
                    params=lambda rng, action: {},
                    seed=1,
                )
                return await run(arrivals, step, timeout=10)

        for rate in rates:
            result = asyncio.run(drive(rate))
            table = summarize(result.outcomes)["all"]
            rows.append(
                {
                    "offered_rate": rate,
                    "answered_rate": round(len(result.outcomes) / result.wall, 1),
                    "success": table["success"],
                    "p99_ms": table["p99_ms"],
                    "start_lag_p99_ms": lag_ms(result.outcomes, 0.99),
                    "generator_cpu_share": round(result.generator_cpu / result.wall, 2),
                    "generator_cpu_ms_per_request": round(
                        result.generator_cpu * 1000 / max(1, len(result.outcomes)), 3
                    ),
                }
            )
    finally:
        echo.terminate()
        echo.wait()
    return rows


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description="The generator's ceiling against a trivial server")
    parser.add_argument("--rates", type=float, nargs="+", default=[100, 300, 600, 1000])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=8690)
    options = parser.parse_args()
    for row in self_test(options.rates, options.seconds, options.port):
        print(json.dumps(row))
