"""A write the database gave up on for contention is run again, not answered with a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.workspace.models import Event
from tandem.workspace.transactions import ATTEMPTS, is_transient, retrying
from tests.conftest import Team

pytestmark = pytest.mark.django_db(transaction=True)


class Sqlstate(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _database_error(sqlstate: str) -> OperationalError:
    error = OperationalError(f"simulated {sqlstate}")
    error.__cause__ = Sqlstate(sqlstate)
    return error


def test_a_deadlocked_write_is_run_again_and_only_its_last_attempt_counts(team: Team) -> None:
    access = team.access("product_owner")
    item = backlog_services.item_create(access=access, fields={"title": "Story"})
    calls: list[int] = []

    @retrying
    def edit(title: str) -> None:
        backlog_services.item_update(
            access=access, item=item, changes={"title": title}, expected_version=1
        )
        calls.append(1)
        if len(calls) < 3:  # the first two attempts die at commit, as a deadlock would
            raise _database_error("40P01")

    edit("Story, edited")

    assert len(calls) == 3
    item.refresh_from_db()
    assert (item.title, item.version) == ("Story, edited", 2)
    assert Event.objects.filter(verb="item.updated", object_id=item.pk).count() == 1


def test_retries_stop_after_a_few_attempts_and_other_errors_are_not_retried(db: None) -> None:
    attempts: list[str] = []

    @retrying
    def always(sqlstate: str) -> None:
        attempts.append(sqlstate)
        raise _database_error(sqlstate)

    with pytest.raises(OperationalError):
        always("40001")
    assert len(attempts) == ATTEMPTS
    attempts.clear()
    with pytest.raises(OperationalError):
        always("57014")  # a cancelled statement is not contention
    assert attempts == ["57014"]
    assert is_transient(_database_error("40P01"))
    assert not is_transient(ValueError("x"))


def test_contention_that_outlasts_the_retries_answers_503_problem(
    team: Team, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = team.access("product_owner")
    item = backlog_services.item_create(access=access, fields={"title": "Story"})

    def deadlocked(*_: Any, **__: Any) -> None:
        raise _database_error("40P01")

    monkeypatch.setattr(Item, "save", deadlocked)
    response = client.patch(
        f"/api/v1/items/{item.key}",
        {"title": "New"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {team.token('product_owner')}", "If-Match": '"1"'},
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["Retry-After"] == "1"
