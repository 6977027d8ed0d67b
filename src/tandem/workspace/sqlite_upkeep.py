"""Planner statistics for the embedded SQLite database, refreshed as the data grows.

Without ``sqlite_stat1`` SQLite cannot tell a product's rank index (a million
rows) from a sprint's few cards, and walks the big one. SQLite's advice is to
run ``PRAGMA optimize`` before closing a connection and every few hours in a
long-running process; it re-analyzes only the tables whose size changed a lot,
and ``analysis_limit`` bounds each ANALYZE to a sample, so it costs
milliseconds even at a million items. Connections here live for many requests
(``CONN_MAX_AGE``), so it runs after the first request a process serves, then
at most once per ``OPTIMIZE_EVERY``; ``tandem seed`` analyzes after its load.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.signals import request_finished
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

OPTIMIZE_EVERY = 3600.0  # seconds between runs in one process
ANALYSIS_LIMIT = 1000  # rows sampled per index by each ANALYZE

_last_run = 0.0
_lock = threading.Lock()


def optimize(connection: BaseDatabaseWrapper) -> None:
    """``PRAGMA optimize`` with a bounded ANALYZE; nothing on other databases."""
    if connection.vendor != "sqlite" or connection.connection is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        never_analyzed = cursor.fetchone() is None
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        # This SQLite's optimize looks only at the tables this connection has used;
        # a database never analyzed gets every table's statistics at once.
        cursor.execute("ANALYZE" if never_analyzed else "PRAGMA optimize")


def analyze(connection: BaseDatabaseWrapper) -> None:
    """Fresh statistics for every table, sampled (after a bulk load such as ``tandem seed``)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def _on_request_finished(sender: Any, **kwargs: Any) -> None:
    global _last_run
    now = time.monotonic()
    if _last_run and now - _last_run < OPTIMIZE_EVERY:
        return
    with _lock:
        if _last_run and now - _last_run < OPTIMIZE_EVERY:
            return
        _last_run = now
    optimize(default_connection)


def install() -> None:
    request_finished.connect(_on_request_finished, dispatch_uid="tandem-sqlite-optimize")
