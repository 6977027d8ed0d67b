"""The scaled shape, end to end: PostgreSQL, two app servers, one Celery worker on Redis.

Starts each as its own process, then drives them over HTTP: a webhook is created
through one server, an item is written through the other, and the signed delivery
must reach a receiver on this machine, sent by the Celery worker. Then a Jira
export is uploaded to one server and followed on the other until the worker has
imported it; its "import.completed" delivery must arrive, and the imported issues
must be found by search. Everything it started is stopped, and its database
dropped, however it ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
DEADLINE_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    until = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < until:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise SystemExit(f"{name} did not listen on {port}")


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    import psycopg

    name = f"tandem_scaled_{os.getpid()}"
    parts = urlsplit(PG_URL)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Processes:
    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.running.append((name, process))
        return process

    def stop(self) -> None:
        for _, process in reversed(self.running):
            if process.poll() is None:
                process.terminate()
        for name, process in self.running:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop; killing it", file=sys.stderr)
                process.kill()


def receiver() -> tuple[str, list[tuple[dict[str, str], bytes]], ThreadingHTTPServer]:
    received: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hook", received, server


def call(port: int, method: str, path: str, token: str, body: object = None) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as answer:
        return json.loads(answer.read())


def upload(port: int, path: str, token: str, name: str, data: bytes, **fields: str) -> Any:
    """POST one file and some form fields as ``multipart/form-data``."""
    boundary = f"tandem{os.getpid()}{time.monotonic_ns()}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = b"".join([*parts, head.encode(), data, f"\r\n--{boundary}--\r\n".encode()])
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method="POST",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=DEADLINE_SECONDS) as answer:
        return json.loads(answer.read())


def jira_export() -> bytes:
    """The test suite's Jira search page, without the two issues it breaks on purpose."""
    page = json.loads((ROOT / "tests/integrations/fixtures/jira_search_v2.json").read_bytes())
    page["issues"] = [i for i in page["issues"] if i.get("key") in {f"DRN-{n}" for n in range(5)}]
    return json.dumps(page).encode()


def until(check: Callable[[], Any], what: str, logs: Path) -> Any:
    """Poll ``check`` until it returns something truthy, or fail naming ``what``."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.3)
    raise SystemExit(f"{what}; logs in {logs}")


def drive_an_import(
    ports: list[int], token: str, received: list[tuple[dict[str, str], bytes]], logs: Path
) -> None:
    """Upload to one server, follow on the other; the worker imports, indexes and announces."""
    queued = upload(
        ports[0], "/api/v1/products/SCL/imports", token, "page-1.json", jira_export(), source="jira"
    )
    run = until(
        lambda: (
            (r := call(ports[1], "GET", str(queued["url"]), token))["state"] in {"done", "failed"}
            and r
        ),
        "the import never finished",
        logs,
    )
    assert run["state"] == "done", run
    assert run["summary"]["items_created"] == 4, run
    until(
        lambda: any(b"import.completed" in body for _, body in received),
        "no import.completed delivery arrived",
        logs,
    )
    until(
        lambda: any(
            hit["title"] == "Receipt by email"
            for hit in call(ports[1], "GET", "/api/v1/search?q=receipt&product=SCL", token)[
                "results"
            ]
        ),
        "the imported issues never reached the search index",
        logs,
    )


def seed(env: dict[str, str]) -> str:
    """A person who is PM and PO of product SCL, and their API token."""
    script = (
        "import django; django.setup()\n"
        "from tandem.workspace import services as s\n"
        "u = s.user_create(email='pm@scaled.test', name='Pat')\n"
        "o = s.organization_create(name='Scaled')\n"
        "s.product_create(organization=o, key='SCL', name='Scaled', creator=u)\n"
        "print(s.token_create(user=u)[1])\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    started = time.monotonic()
    redis_bin = shutil.which("redis-server")
    if redis_bin is None and "REDIS_URL" not in os.environ:
        raise SystemExit("redis-server not found and REDIS_URL not set")
    data_dir = Path(tempfile.mkdtemp(prefix="tandem-scaled-"))
    processes = Processes(data_dir)
    url, received, server = receiver()
    ok = False
    try:
        with scratch_database() as database_url:
            redis_url = os.environ.get("REDIS_URL", "")
            if not redis_url:
                redis_port = free_port()
                redis = processes.start(
                    "redis",
                    [
                        redis_bin or "",
                        "--port",
                        str(redis_port),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                    dict(os.environ),
                )
                wait_for_port(redis_port, redis, "redis")
                redis_url = f"redis://127.0.0.1:{redis_port}/0"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tandem.config.settings",
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "TANDEM_QUEUE": "celery",
                "TANDEM_DATA_DIR": str(data_dir),
                "TANDEM_WEBHOOKS_ALLOW_PRIVATE": "1",
            }
            subprocess.run([PYTHON, "-m", "tandem.cli", "migrate", "-v0"], env=env, check=True)
            token = seed(env)
            ports = [free_port(), free_port()]
            for n, port in enumerate(ports):
                app = processes.start(
                    f"app{n + 1}",
                    [
                        PYTHON,
                        "-m",
                        "gunicorn",
                        "tandem.config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                        "--preload",
                        "--timeout",
                        "120",
                        "--graceful-timeout",
                        "5",
                    ],
                    env,
                )
                wait_for_port(port, app, f"app server {n + 1}")
            processes.start("worker", [PYTHON, "-m", "tandem.cli", "worker"], env)

            print(f"scaled: two app servers and a worker up ({time.monotonic() - started:.1f} s)")
            hook = call(
                ports[0],
                "POST",
                "/api/v1/products/SCL/webhooks",
                token,
                {"url": url, "events": ["item.created", "import.completed"]},
            )
            item = call(
                ports[1], "POST", "/api/v1/products/SCL/items", token, {"title": "Scaled delivery"}
            )
            until = time.monotonic() + DEADLINE_SECONDS
            while not received and time.monotonic() < until:
                time.sleep(0.2)
            if not received:
                raise SystemExit(f"no webhook delivery arrived; logs in {data_dir}")
            from standardwebhooks.webhooks import Webhook

            headers, body = received[0]
            payload = Webhook(str(hook["secret"])).verify(body, headers)
            assert payload["type"] == "item.created", payload
            assert str(item["key"]) in payload["data"]["object_label"], (payload, item)
            deliveries = call(
                ports[1], "GET", f"/api/v1/products/SCL/webhooks/{hook['id']}/deliveries", token
            )
            assert deliveries[0]["status"] == "succeeded", deliveries  # type: ignore[index]
            print(
                f"scaled: signed delivery from the Celery worker verified "
                f"({time.monotonic() - started:.1f} s)"
            )
            drive_an_import(ports, token, received, data_dir)
            ok = True
            print(
                f"scaled: a Jira import ran on the worker, was announced and found by search "
                f"({time.monotonic() - started:.1f} s)"
            )
    finally:
        processes.stop()
        server.shutdown()
        if ok:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"scaled: FAILED; the processes' logs are in {data_dir}", file=sys.stderr)
            for log in sorted(data_dir.glob("*.log")):  # CI keeps only what is printed
                tail = log.read_text(errors="replace").splitlines()[-40:]
                print(f"--- the end of {log.name} ---", *tail, sep="\n", file=sys.stderr)


if __name__ == "__main__":
    main()
