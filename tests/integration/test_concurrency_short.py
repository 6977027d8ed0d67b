"""A few clients moving and editing the same items through a real gunicorn for a few seconds.

The long version is ``benchmarks/concurrency.py`` (50 clients for 60 s); this one
runs in the suite (``-m concurrency`` selects it) against the test database,
served by a gunicorn subprocess as in production.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tandem.backlog import services as backlog_services
from tandem.workspace import services as workspace_services

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import concurrency
import harness

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

CLIENTS = 4
SECONDS = 4
SHARED = 4


def _scratch_for_the_test_database(folder: Path) -> harness.Scratch:
    """The test database as the server will see it: PostgreSQL by name, SQLite as a file copy."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        login = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        server = f"postgres://{login}@{settings['HOST']}:{settings['PORT'] or 5432}/postgres"
        return harness.Scratch(name=settings["NAME"], data_dir=folder, admin_url=server, kept=True)
    connection.ensure_connection()
    with sqlite3.connect(folder / "tandem.sqlite3") as copy:
        connection.connection.backup(copy)
    return harness.Scratch(name="test", data_dir=folder, kept=True)


@pytest.fixture
def served_backlog(team, tmp_path: Path) -> Iterator[tuple[harness.Server, list[str], list[str]]]:  # type: ignore[no-untyped-def]
    access = team.access("product_owner")
    items = [
        backlog_services.item_create(access=access, fields={"title": f"Story {n}"})
        for n in range(12)
    ]
    tokens = [workspace_services.token_create(user=team.po)[1] for _ in range(CLIENTS)]
    scratch = _scratch_for_the_test_database(tmp_path)
    server = harness.Server(scratch, harness.free_port(), via_serve=False)
    with server:
        yield server, tokens, [item.key for item in items[:SHARED]]


def _run_in_a_thread_of_its_own(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """``asyncio.run`` in a fresh thread: after a browser test in the same worker, Playwright's
    event loop is still running in the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _run(served: tuple[harness.Server, list[str], list[str]]) -> dict[str, Any]:
    server, tokens, keys = served
    ledger = _run_in_a_thread_of_its_own(
        concurrency.hammer(server.url, tokens, keys, SECONDS, timeout=15)
    )
    outcome = concurrency.verify(harness.Api(server.url, tokens[0]), "DRN", keys, ledger)
    return outcome | {"server_log": concurrency.log_signs(server.log_path)}


def test_concurrent_moves_and_edits_lose_no_update_and_answer_no_5xx(served_backlog) -> None:  # type: ignore[no-untyped-def]
    outcome = _run(served_backlog)
    assert outcome["acknowledged_edits"] > 0
    assert outcome["acknowledged_moves"] > 0
    assert outcome["lost_updates"] == 0, outcome["lost_update_details"]
    assert outcome["audited_but_not_acknowledged"] == 0
    assert outcome["moves_in_history_minus_acknowledged"] == 0
    assert outcome["shared_ranks"] == 0
    assert outcome["order_violations"] == 0, outcome["order_violation_details"]
    assert outcome["server_log"]["deadlock detected"] == 0
    assert outcome["server_errors_5xx"] == 0, outcome["server_error_samples"]
