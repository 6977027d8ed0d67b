"""Writers racing from one version: different fields all land, the same field only once.

PostgreSQL and threads: each writer has its own connection, and the row lock
makes them queue; every later writer then merges against what came before it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tandem.backlog import services
from tandem.backlog.models import Item
from tests.conftest import Team

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite's test database is one in-memory file",
    ),
]

DIFFERENT_FIELDS: list[dict[str, Any]] = [
    {"title": "Fly an hour"},
    {"description": "Batteries first"},
    {"estimate": 5},
    {"status": "in_progress"},
    {"moscow": "must"},
    {"as_a": "pilot"},
]


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            start.wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _patcher(token: str, body: dict[str, Any]) -> Callable[[], Any]:
    def patch() -> Any:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.patch(
            "/api/v1/items/DRN-1",
            body,
            content_type="application/json",
            headers={"If-Match": '"1"'},
        )

    return patch


def test_parallel_edits_of_different_fields_all_land(team: Team) -> None:
    services.item_create(access=team.access("product_owner"), fields={"title": "Longer flight"})
    token = team.token("product_owner")
    responses = _all_at_once([_patcher(token, body) for body in DIFFERENT_FIELDS])
    assert sorted(r.status_code for r in responses) == [200] * len(DIFFERENT_FIELDS)
    item = Item.objects.get()
    assert item.version == 1 + len(DIFFERENT_FIELDS)
    assert (item.title, item.description, item.estimate, item.status, item.moscow, item.as_a) == (
        "Fly an hour",
        "Batteries first",
        5,
        "in_progress",
        "must",
        "pilot",
    )


def test_parallel_edits_of_one_field_let_exactly_one_win(team: Team) -> None:
    services.item_create(access=team.access("product_owner"), fields={"title": "Longer flight"})
    token = team.token("product_owner")
    titles = [f"Title {n}" for n in range(6)]
    responses = _all_at_once([_patcher(token, {"title": t}) for t in titles])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * (len(titles) - 1)
    assert all(r.json()["conflicts"] == ["title"] for r in responses if r.status_code == 409)
    winner = next(r.json()["title"] for r in responses if r.status_code == 200)
    assert (Item.objects.get().title, Item.objects.get().version) == (winner, 2)
