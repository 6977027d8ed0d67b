"""Serve Tandem as a deployment does and load every page as each demo person.

A fresh data folder, ``TANDEM_ENV=production`` with a real secret and host list,
manifest static files, the demo product, ``tandem check --deploy``, then a real
``tandem serve`` (gunicorn) behind a pretend TLS proxy (``X-Forwarded-Proto: https``).
Each demo person signs in through the form and follows every link their pages
offer (at most a few of each address shape: one item page stands for all); every
page, partial, download and static file must answer 200 with the security headers.

    python .ci/production_smoke.py [--port 8791]

Standard library only, so it checks the installed product and nothing else.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

HOST = "127.0.0.1"
PER_SHAPE = 2  # pages visited per address shape (/items/DRN-#/ …)
MAX_PAGES = 400  # per person
DEADLINE_SECONDS = 15 * 60
SKIP_PREFIXES = ("/signout/", "/admin/", "/static/")
FORM_TAGS = {"form", "input", "select", "textarea"}
PAGE_HEADERS = ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def is_html(self) -> bool:
        return self.headers.get("content-type", "").startswith("text/html")


@dataclass
class Browser:
    """Cookies and the headers a browser behind a TLS-terminating proxy sends."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    def request(self, method: str, url: str, body: bytes | None = None) -> Answer:
        for _ in range(6):
            conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            headers = {
                "Host": f"{HOST}:{self.port}",
                "X-Forwarded-Proto": "https",
                "User-Agent": "tandem-production-smoke",
                "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
            }
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                headers |= {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.origin,
                    "Referer": self.origin + url,
                }
            conn.request(method, url, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            for raw in response.headers.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(raw)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            answer = Answer(
                response.status, {k.lower(): v for k, v in response.getheaders()}, data, url
            )
            if response.status not in (301, 302, 303, 307, 308):
                return answer
            location = answer.headers["location"]
            split = urlsplit(urljoin(self.origin + url, location))
            if split.netloc != f"{HOST}:{self.port}":
                return answer
            url = split.path + (f"?{split.query}" if split.query else "")
            method, body = "GET", None
        return answer

    def sign_in(self, email: str, password: str) -> Answer:
        self.request("GET", "/signin/")
        form = urlencode(
            {"email": email, "password": password, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )
        return self.request("POST", "/signin/", form.encode())


class Links(HTMLParser):
    """Pages (a href, hx-get) and assets (script src, stylesheet href, img src) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.pages.append(a["href"])
        if a.get("hx-get") and tag not in FORM_TAGS:  # a form's hx-get needs its fields
            self.pages.append(a["hx-get"])
        if tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("rel") in ("stylesheet", "icon") and a.get("href"):
            self.assets.append(a["href"])
        if tag == "img" and a.get("src"):
            self.assets.append(a["src"])


def shape(url: str) -> str:
    """/p/DRN/items/DRN-42/?status=ready → /p/DRN/items/DRN-#/?status: one stands for all."""
    split = urlsplit(url)
    keys = ",".join(sorted({part.split("=")[0] for part in split.query.split("&") if part}))
    return re.sub(r"\d+", "#", split.path) + "?" + keys


def local(base: str, href: str, port: int) -> str | None:
    if href.startswith(("mailto:", "javascript:", "data:", "#")) or not href.strip():
        return None
    split = urlsplit(urljoin(f"https://{HOST}:{port}{base}", href))
    if split.netloc != f"{HOST}:{port}":
        return None
    return split.path + (f"?{split.query}" if split.query else "")


def crawl(
    browser: Browser, who: str, starts: list[str], failures: list[str]
) -> tuple[int, set[str]]:
    queue = deque(starts)
    queued = set(starts)
    shapes: Counter[str] = Counter()
    assets: set[str] = set()
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        answer = browser.request("GET", url)
        visited += 1
        if answer.status != 200:
            snippet = answer.body[:300].decode("utf-8", "replace").replace("\n", " ")
            failures.append(f"{who}: GET {url} → {answer.status} {snippet}")
            continue
        if not answer.is_html:
            continue
        missing = [h for h in PAGE_HEADERS if h.lower() not in answer.headers]
        if missing:
            failures.append(f"{who}: GET {url} lacks {', '.join(missing)}")
        links = Links()
        links.feed(answer.body.decode("utf-8", "replace"))
        for href in links.assets:
            target = local(answer.url, href, browser.port)
            if target:
                assets.add(target)
        for href in links.pages:
            target = local(answer.url, href, browser.port)
            if target is None or target in queued or target.startswith(SKIP_PREFIXES):
                continue
            if target.startswith("/api/") and not target.startswith("/api/v1/docs"):
                continue
            if shapes[shape(target)] >= PER_SHAPE:
                continue
            shapes[shape(target)] += 1
            queued.add(target)
            queue.append(target)
    return visited, assets


def tandem(*args: str) -> list[str]:
    return [sys.executable, "-m", "tandem.cli", *args]


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(tandem(*args), env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        sys.exit(f"`tandem {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def demo_logins(output: str) -> Iterator[tuple[str, str, str]]:
    lines = output.split("Demo logins", 1)[1].splitlines()[1:]
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and "@" in parts[0]:
            yield parts[0], parts[1], " ".join(parts[2:])


def wait_for(port: int, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"tandem serve stopped with exit code {server.returncode}")
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.5)
    sys.exit(f"tandem serve did not listen on {HOST}:{port} within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMOKE_PORT", "8791")))
    options = parser.parse_args()
    started = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="tandem-smoke-"))
    ours = ("TANDEM_", "DATABASE_URL", "REDIS_URL", "DJANGO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env |= {
        "TANDEM_ENV": "production",
        "TANDEM_SECRET_KEY": secrets.token_urlsafe(50),
        "TANDEM_ALLOWED_HOSTS": HOST,
        "TANDEM_DATA_DIR": str(data_dir),
    }
    run(env, "migrate", "--noinput", "-v0")
    logins = list(demo_logins(run(env, "demo")))
    run(env, "collectstatic", "--noinput", "-v0")
    print(run(env, "check", "--deploy", "--fail-level", "WARNING").strip())
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(
        tandem("serve", "--host", HOST, "--port", str(options.port), "--workers", "2"),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    failures: list[str] = []
    try:
        wait_for(options.port, server)
        anonymous = Browser(options.port)
        pages, assets = crawl(anonymous, "anonymous", ["/signin/"], failures)
        for email, password, role in logins:
            browser = Browser(options.port)
            signed = browser.sign_in(email, password)
            if signed.url == "/signin/" or signed.status != 200:
                failures.append(f"{email}: sign-in ended at {signed.url} with {signed.status}")
                continue
            visited, found = crawl(browser, f"{email} ({role})", ["/", "/api/v1/docs"], failures)
            pages += visited
            assets |= found
            print(f"{email:<24} {role:<32} {visited:4d} pages")
            if time.monotonic() - started > DEADLINE_SECONDS:
                failures.append(f"stopped after {DEADLINE_SECONDS} s")
                break
        checker = Browser(options.port)
        for asset in sorted(assets):
            answer = checker.request("GET", asset)
            if answer.status != 200 or not answer.body:
                failures.append(f"static: GET {asset} → {answer.status}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(
        f"{pages} pages and {len(assets)} static files for {len(logins)} people "
        f"in {time.monotonic() - started:.0f} s"
    )
    if failures:
        print(f"{len(failures)} FAILED:", *failures[:50], sep="\n  ")
        print("--- server log (tail) ---")
        print((data_dir / "serve.log").read_text(errors="replace")[-4000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
