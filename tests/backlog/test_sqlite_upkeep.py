"""SQLite gets planner statistics without anyone running ANALYZE by hand."""

from __future__ import annotations

import pytest
from django.db import connection

from tandem.backlog.seeding import seed_backlog
from tandem.workspace import sqlite_upkeep
from tests.factories import ItemFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics"),
]


def _analyzed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def test_seeding_leaves_statistics_for_the_items(team) -> None:  # type: ignore[no-untyped-def]
    seed_backlog(product=team.product, count=300)
    assert "backlog_item" in _analyzed_tables()


def test_the_first_request_a_process_serves_refreshes_statistics(
    team, signed_in, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ItemFactory.create_batch(5, product=team.product)
    monkeypatch.setattr(sqlite_upkeep, "_last_run", 0.0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    signed_in(team.po).get(f"/p/{team.product.key}/backlog/")
    assert "backlog_item" in _analyzed_tables()
