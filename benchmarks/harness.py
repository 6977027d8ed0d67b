"""What every benchmark needs: a scratch database, Tandem's commands, a served Tandem.

Benchmarks talk to Tandem the way a deployment does — its ``tandem`` commands and
HTTP — so they keep working while the code underneath changes.

- ``Scratch``: an SQLite data folder or a PostgreSQL database named ``bench_h_…``,
  made fresh (and dropped afterwards) or kept under ``~/.cache/tandem-bench/`` to
  reuse (a million seeded items are worth keeping). ``use_in_process`` points this
  process's Django at it, for the in-process benchmarks.
- ``Scratch.tandem(...)``: runs ``python -m tandem.cli …`` against it.
- ``Server``: ``tandem serve`` in a subprocess on a loopback port, with the CPU
  time and memory of its gunicorn master and workers read through psutil.
- ``Api``: a small blocking JSON client (standard library) for setting things up.
- ``prepare_big_product``: a seeded product of N items with a cast, objectives,
  initiatives, sprints and releases, built through the commands and the API.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

CACHE = Path.home() / ".cache" / "tandem-bench"
PYTHON = sys.executable
SOURCE = Path(__file__).resolve().parent.parent / "src"
DEMO_KEY = "DRN"
DEMO_PASSWORD = "demo"
DEMO_USERS = ("po@demo.test", "pm@demo.test", "dev@demo.test")
BENCH_PASSWORD = "bench-password-1"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); 0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(repeat: int, operation: Callable[[int], Any], warmup: int = 20) -> dict[str, float]:
    """Run ``operation(i)`` after warm-up runs; p50/p95/mean in milliseconds."""
    for i in range(min(warmup, repeat)):
        operation(i)
    samples = []
    for i in range(repeat):
        started = time.perf_counter()
        operation(i)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }


def require_loopback(url: str) -> None:
    """Refuse to aim load at anything but this machine."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"Refusing {url}: load is only sent to a loopback address (127.0.0.1).")


# --- scratch databases ------------------------------------------------------------------


@dataclass
class Scratch:
    """One database for one benchmark: SQLite in ``data_dir`` or PostgreSQL ``name``."""

    name: str
    data_dir: Path
    admin_url: str | None = None  # PostgreSQL server URL; None means SQLite
    kept: bool = False

    @property
    def engine(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    @property
    def database_url(self) -> str | None:
        if not self.admin_url:
            return None
        return f"{self.admin_url.rsplit('/', 1)[0]}/{self.name}"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"

    def manifest(self) -> dict[str, Any]:
        if self.manifest_path.exists():
            data: dict[str, Any] = json.loads(self.manifest_path.read_text())
            return data
        return {}

    def remember(self, **facts: Any) -> None:
        data = self.manifest()
        data.update(facts)
        self.manifest_path.write_text(json.dumps(data, indent=2))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["TANDEM_DATA_DIR"] = str(self.data_dir)
        env["DJANGO_SETTINGS_MODULE"] = "tandem.config.settings"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def use_in_process(self) -> None:
        """Point this process's Django at the scratch database (before ``django.setup()``)."""
        os.environ.update(self.env())
        if not self.database_url:
            os.environ.pop("DATABASE_URL", None)
        if str(SOURCE) not in sys.path:
            sys.path.insert(0, str(SOURCE))

    def tandem(self, *args: str, check: bool = True, quiet: bool = True) -> str:
        """Run a ``tandem`` command against this database; its standard output."""
        done = subprocess.run(
            [PYTHON, "-m", "tandem.cli", *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,  # a progress bar shows as it runs
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tandem {' '.join(args)} failed:\n{(done.stderr or '')[-2000:]}")
        return done.stdout

    def drop(self) -> None:
        if self.kept:
            return
        if self.admin_url:
            _pg_admin(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _pg_admin(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def _pg_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def scratch(name: str, *, database_url: str | None = None, keep: bool = False) -> Scratch:
    """A scratch database ``bench_h_<name>``: fresh unless ``keep``, then reused if present.

    ``database_url`` names a PostgreSQL server (any database on it); without it
    the scratch is an SQLite file. A kept scratch lives under ``~/.cache/tandem-bench/``
    and is not dropped; a fresh one is dropped by ``Scratch.drop``.
    """
    name = name if name.startswith("bench_h_") else f"bench_h_{name}"
    if keep:
        data_dir = CACHE / (f"{name}-pg" if database_url else name)
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    made = Scratch(name=name, data_dir=data_dir, admin_url=database_url, kept=keep)
    if database_url:
        if not (keep and _pg_exists(database_url, name)):
            _pg_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _pg_admin(database_url, f'CREATE DATABASE "{name}"')
            made.manifest_path.unlink(missing_ok=True)
    elif keep and not (data_dir / "tandem.sqlite3").exists():
        made.manifest_path.unlink(missing_ok=True)
    return made


def in_process(name: str, database_url: str | None) -> Scratch:
    """A fresh scratch that this process's Django will use (call before ``django.setup()``)."""
    made = scratch(name, database_url=database_url)
    made.use_in_process()
    return made


def drop_in_process(made: Scratch) -> None:
    from django.db import connections

    connections.close_all()
    made.drop()


# --- a served Tandem ----------------------------------------------------------------------


def free_port(first: int = 8600, last: int = 8699) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port in {first}-{last}.")


@dataclass
class Server:
    """``tandem serve`` on 127.0.0.1; stop() ends it and its workers."""

    scratch: Scratch
    port: int
    workers: int = 2
    threads: int = 4
    via_serve: bool = True  # False: gunicorn as `tandem serve` runs it, without its migrate
    process: subprocess.Popen[bytes] | None = None
    log_path: Path = field(default_factory=lambda: Path(os.devnull))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> Server:
        self.log_path = self.scratch.data_dir / f"serve-{self.port}.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self._command(),
            env=self.scratch.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tandem serve exited; see {self.log_path}")
            if self._answers() and len(self.workers_processes()) >= self.workers:
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"tandem serve did not answer in {timeout} s; see {self.log_path}")

    def _command(self) -> list[str]:
        if self.via_serve:
            return [
                *(PYTHON, "-m", "tandem.cli", "serve", "--host", "127.0.0.1"),
                *("--port", str(self.port), "--workers", str(self.workers)),
                *("--threads", str(self.threads)),
            ]
        return [
            *(PYTHON, "-m", "gunicorn", "tandem.config.wsgi:application"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
            *("--threads", str(self.threads), "--worker-class", "gthread"),
        ]

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/signin/", timeout=2) as answer:
                return bool(answer.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def master(self) -> psutil.Process:
        assert self.process is not None
        return psutil.Process(self.process.pid)

    def workers_processes(self) -> list[psutil.Process]:
        try:
            return self.master().children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its live workers so far."""
        total = 0.0
        for proc in [self.master(), *self.workers_processes()]:
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for proc in self.workers_processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                sizes.append(proc.memory_info().rss / 1_048_576)
        return sizes

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- a blocking JSON client for set-up ---------------------------------------------------


@dataclass
class Api:
    """``/api/v1`` with a Bearer token; answers (status, JSON body or None, headers).

    Header names in the answer are lower-case.
    """

    base: str
    token: str

    def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}/api/v1{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                raw, status, headers = answer.read(), answer.status, answer.headers
        except urllib.error.HTTPError as error:
            raw, status, headers = error.read(), error.code, error.headers
        got = {name.lower(): value for name, value in headers.items()}
        parsed = json.loads(raw) if raw and raw[:1] in (b"{", b"[") else None
        return status, parsed, got

    def ok(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        status, parsed, _ = self.call(method, path, body, **kw)
        if status >= 300:
            raise RuntimeError(f"{method} {path} answered {status}: {parsed}")
        return parsed

    def keys(self, product: str, limit: int, **filters: Any) -> list[str]:
        """Up to ``limit`` item keys of the ranked backlog, following the cursor."""
        keys: list[str] = []
        cursor = None
        while len(keys) < limit:
            query = {**filters, "limit": min(200, limit - len(keys))}
            if cursor:
                query["cursor"] = cursor
            page = self.ok("GET", f"/products/{product}/items?{urllib.parse.urlencode(query)}")
            keys += [row["key"] for row in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return keys


def token_for(scratch_: Scratch, email: str) -> str:
    return scratch_.tandem("token", "create", email, "--name", "bench").strip().splitlines()[-1]


# --- the demo product and a big seeded one ------------------------------------------------


def prepare_demo(scratch_: Scratch) -> None:
    if scratch_.manifest().get("demo"):
        return
    scratch_.tandem("migrate", "--noinput")
    scratch_.tandem("createcachetable")
    scratch_.tandem("demo")
    scratch_.remember(demo=True)


def cast_of(key: str) -> dict[str, str]:
    """The seeded product's people: e-mail by role."""
    domain = f"{key.lower()}.test"
    return {
        "product_owner": f"po@{domain}",
        "product_manager": f"pm@{domain}",
        "team_member": f"dev@{domain}",
    }


def prepare_big_product(
    scratch_: Scratch,
    key: str,
    items: int,
    *,
    server: Server | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """A product of ``items`` seeded items with its people, strategy, sprints and releases.

    Idempotent through the scratch's manifest: a product already seeded to
    ``items`` is left as it is; a smaller one is topped up (new items go below).
    The first slice is seeded before the cast and the initiatives exist (the
    product is made by ``tandem seed``), the rest after, so most epics link to
    initiatives and work in flight is assigned.
    """
    facts = scratch_.manifest().get("products", {}).get(key, {})
    have = int(facts.get("items", 0))
    timings: dict[str, float] = dict(facts.get("seconds", {}))
    if have >= items:
        return dict(facts)
    first = min(items, 2_000) if have == 0 else 0
    if first:
        started = time.perf_counter()
        scratch_.tandem("seed", "--product", key, "--items", str(first), "--quiet")
        timings["seed_first"] = round(time.perf_counter() - started, 1)
        for role, email in cast_of(key).items():
            scratch_.tandem(
                "createuser", email, "--password", BENCH_PASSWORD, "--product", key, "--role", role
            )
    own_server = server is None
    running = server or Server(scratch_, free_port()).start()
    try:
        tokens = {role: token_for(scratch_, email) for role, email in cast_of(key).items()}
        pm = Api(running.url, tokens["product_manager"])
        po = Api(running.url, tokens["product_owner"])
        if first:
            _strategy(pm, key)
        rest = items - have - first
        if rest > 0:
            log(f"seeding {rest:,} items into {key} ({scratch_.engine}) …")
            started = time.perf_counter()
            out = scratch_.tandem("seed", "--product", key, "--items", str(rest), quiet=False)
            timings[f"seed_{rest}"] = round(time.perf_counter() - started, 1)
            log(out.strip())
        if first:
            started = time.perf_counter()
            _delivery(po, key)
            timings["sprints_and_releases"] = round(time.perf_counter() - started, 1)
    finally:
        if own_server:
            running.stop()
    facts = {"items": items, "seconds": timings, "cast": cast_of(key)}
    products = scratch_.manifest().get("products", {})
    products[key] = facts
    scratch_.remember(products=products)
    return facts


OBJECTIVES = ("Longer missions", "Safer flights", "Win fleet customers")
INITIATIVES = 12


def _strategy(pm: Api, key: str) -> None:
    objectives = [
        pm.ok("POST", f"/products/{key}/strategy/objectives", {"title": title})["id"]
        for title in OBJECTIVES
    ]
    for n in range(INITIATIVES):
        body: dict[str, Any] = {
            "title": f"Initiative {n + 1}",
            "horizon": ("now", "next", "later")[n % 3],
            "starts_on": f"2026-{1 + n % 12:02d}-01",
            "ends_on": f"2026-{1 + n % 12:02d}-28",
        }
        if n % 4:  # a few initiatives serve no objective: alignment has orphans to show
            body["objectives"] = [objectives[n % len(objectives)]]
        pm.ok("POST", f"/products/{key}/strategy/initiatives", body)


def _delivery(po: Api, key: str, sprint_size: int = 30) -> None:
    """Four closed sprints, an active one, a planned one; three releases by epic."""
    import datetime as dt

    today = dt.date.today()
    done = po.keys(key, 4 * sprint_size, status="done")
    for n in range(4):
        starts = today - dt.timedelta(days=14 * (5 - n))
        sprint = po.ok(
            "POST",
            f"/products/{key}/sprints",
            {
                "name": f"Sprint {n + 1}",
                "starts_on": starts.isoformat(),
                "ends_on": (starts + dt.timedelta(days=13)).isoformat(),
                "capacity": 40,
            },
        )
        _fill_and_run(po, key, sprint, done[n * sprint_size : (n + 1) * sprint_size], close=True)
    active = po.ok(
        "POST",
        f"/products/{key}/sprints",
        {
            "name": "Sprint 5",
            "goal": "Ship offline maps",
            "starts_on": (today - dt.timedelta(days=6)).isoformat(),
            "ends_on": (today + dt.timedelta(days=7)).isoformat(),
            "capacity": 40,
        },
    )
    in_flight = po.keys(key, sprint_size // 2, status="in_progress") + po.keys(
        key, sprint_size // 2, status="ready"
    )
    _fill_and_run(po, key, active, in_flight, close=False)
    po.ok(
        "POST",
        f"/products/{key}/sprints",
        {
            "name": "Sprint 6",
            "starts_on": (today + dt.timedelta(days=8)).isoformat(),
            "ends_on": (today + dt.timedelta(days=21)).isoformat(),
            "capacity": 40,
        },
    )
    epics = po.keys(key, 6, kind="epic")
    for n, version in enumerate(("1.0", "1.1", "2.0")):
        po.ok(
            "POST",
            f"/products/{key}/releases",
            {
                "name": version,
                "target_date": (today + dt.timedelta(days=30 * (n + 1))).isoformat(),
                "epics": epics[2 * n : 2 * n + 2],
            },
        )


def _fill_and_run(po: Api, key: str, sprint: dict[str, Any], items: list[str], close: bool) -> None:
    path = f"/products/{key}/sprints/{sprint['id']}"
    if items:
        po.ok("POST", f"{path}/items", {"items": items})
    current = po.ok("GET", path)
    started = po.ok("POST", f"{path}/start", {}, headers={"If-Match": f'"{current["version"]}"'})
    if close:
        po.ok("POST", f"{path}/close", {"version": started["version"]})


@contextlib.contextmanager
def served(scratch_: Scratch, port: int | None = None, **kw: Any) -> Iterator[Server]:
    server = Server(scratch_, port or free_port(), **kw).start()
    try:
        yield server
    finally:
        server.stop()
