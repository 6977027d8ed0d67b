"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Playwright's own browsers are never downloaded; the tests use the Chromium found on
the machine (``TANDEM_CHROMIUM``, ``chromium`` or ``chromium-browser``) and are
skipped, saying so, when there is none.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import Browser, Page
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from tandem.backlog.models import HealthRollup, WorkRollup
from tandem.web.demo import loader
from tests.conftest import Team

# Playwright's sync API runs an event loop in the test's thread; Django would otherwise
# refuse the test's own database calls (factories, assertions) next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "secret-pass-1"  # what tests.factories.UserFactory sets
NO_CHROMIUM = "no Chromium found; install Debian's chromium or set TANDEM_CHROMIUM"


def find_chromium() -> str | None:
    return (
        os.environ.get("TANDEM_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    path = find_chromium()
    if path is None:
        pytest.skip(NO_CHROMIUM)
    return {"executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _local_cache(settings: Settings) -> None:
    """Sign-in counts attempts in the cache; the test database has no cache table.

    The in-memory cache outlives a test in its process, so it starts empty each time:
    otherwise a worker's tenth sign-in from 127.0.0.1 would be refused as a flood.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _close_contexts_after_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close every browser context a test opened by hand (``browser.new_context``).

    The live server outlives the test in its worker; a page left open keeps polling it
    (the notification bell, HTMX triggers) while the next test in that worker uses the
    database, which SQLite's shared in-memory test database answers with a lock error.
    """
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    yield
    if browser is not None:
        for context in list(browser.contexts):
            context.close()


@pytest.fixture
def site(live_server: LiveServer, transactional_db: None, team: Team) -> str:
    """The live server's address, with the team's product ready to sign in to."""
    return live_server.url


# The demo as its rows, per database, once a test of this process has loaded it.
_demo_rows: dict[str, str] = {}
# Written by the items' triggers as the items come back, so never restored themselves.
_MAINTAINED = {m._meta.label_lower for m in (WorkRollup, HealthRollup)}


def _snapshot() -> str:
    rows = json.loads(connection.creation.serialize_db_to_string())
    return json.dumps([row for row in rows if row["model"] not in _MAINTAINED])


@pytest.fixture
def demo_site(live_server: LiveServer, transactional_db: None) -> str:
    """The demo product behind a live server (without sentence vectors, as the suite runs).

    A live server needs committed rows, so each test ends by emptying the database. The
    demo is loaded through its services once per process; later tests get the same rows
    back from their serialized form in a fraction of the time.
    """
    rows = _demo_rows.get(connection.vendor)
    if rows is None:
        loader.load()
        _demo_rows[connection.vendor] = _snapshot()
    else:
        # The emptying made the content types again; the demo's rows bring their own.
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(rows)
        ContentType.objects.clear_cache()
    return live_server.url


def sign_in(page: Page, site: str, email: str) -> None:
    page.goto(f"{site}/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin/" not in url)


def new_page(browser: Browser) -> Page:
    """A fresh browser context (its own cookies) sized like a laptop screen."""
    return browser.new_context(viewport={"width": 1400, "height": 900}).new_page()


def wait_until(page: Page, expression: str, timeout: float = 10.0) -> Any:
    """Poll a page expression until it is truthy and return its value.

    Playwright's ``wait_for_function`` polls by evaluating a string inside
    the page, which the site's Content Security Policy (no ``unsafe-eval``)
    refuses; ``page.evaluate`` runs through the debugging protocol instead.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {expression}")
        page.wait_for_timeout(100)
