"""Parallel guesses cannot slip under the limit: the counters are atomic (PostgreSQL, threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tandem.workspace.models import User

PARALLEL = 40

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite's test database is one in-memory file",
    ),
]


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the server actually checked (the edge the counters guard)."""
    checked: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def counting(user: User, raw_password: str) -> bool:
        with lock:
            checked.append(raw_password)
        return original(user, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return checked


def _all_at_once(attempt: Callable[[], int]) -> list[int]:
    start = threading.Barrier(PARALLEL)

    def run(_: int) -> int:
        try:
            start.wait()
            return attempt()
        finally:
            connection.close()

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(run, range(PARALLEL)))


def test_forty_parallel_wrong_passwords_get_exactly_the_limit_checked(
    team, settings, password_checks: list[str]
) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {
        "default": {
            "BACKEND": "tandem.config.cache.AtomicDatabaseCache",
            "LOCATION": "tandem_cache",
        }
    }

    def guess() -> int:
        return (
            Client().post("/signin/", {"email": "po@example.test", "password": "guess"}).status_code
        )

    statuses = _all_at_once(guess)
    assert len(password_checks) == settings.SIGN_IN_ATTEMPTS_PER_WINDOW
    assert sorted(statuses) == [400] * 10 + [429] * (PARALLEL - 10)


def test_the_database_cache_counts_every_parallel_increment(db) -> None:  # type: ignore[no-untyped-def]
    cache.add("hits", 0, timeout=60)
    _all_at_once(lambda: cache.incr("hits"))
    assert cache.get("hits") == PARALLEL
