"""Schemathesis over the whole OpenAPI document, as the Product Owner and as a stakeholder.

Every documented operation is called with generated input on the demo product,
its path parameters set to records that exist, within a time budget: no answer
may be a server error, and every documented answer must match its schema.
"""

from __future__ import annotations

import os
import re
import time
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tandem.workspace import services as workspace_services
from tandem.workspace.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests go through a plain WSGI handler, whose request signals close a connection
    they find inside a transaction; Django's test client guards against that, and so must
    this test, or PostgreSQL loses the test's transaction after the first request."""
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)


EXAMPLES = 1  # per operation and role
# Per role; the whole test stays under three minutes. A longer run: TANDEM_FUZZ_SECONDS=900.
BUDGET_SECONDS = float(os.environ.get("TANDEM_FUZZ_SECONDS", "60"))
ROLES = ("po@demo.test", "stakeholder@demo.test")
_PARAMETER = re.compile(r"\{(?:[a-z]+:)?([a-z_]+)\}")


class Ids:
    """A record that exists for each path parameter, read from the list the path hangs off."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.found: dict[str, Any] = {}

    def for_path(self, path: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for match in _PARAMETER.finditer(path):
            name = match.group(1)
            collection = _fill(path[: match.start()].rstrip("/"), values)
            values[name] = self._first(name, collection)
        return values

    def _first(self, name: str, collection: str) -> Any:
        if name == "product_key":
            return "DRN"
        if collection not in self.found:
            self.found[collection] = _first_id(self.client.get(collection))
        found = self.found[collection]
        if name.endswith("_key"):
            return found if isinstance(found, str) else "DRN-1"
        return found if isinstance(found, int) else 1


def _fill(template: str, values: dict[str, Any]) -> str:
    return _PARAMETER.sub(lambda m: str(values.get(m.group(1), "")), template)


def _first_id(response: Any) -> Any:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return None
    body = response.json()
    rows = body.get("items", body.get("results", [])) if isinstance(body, dict) else body
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        return None
    return rows[0].get("key") or rows[0].get("id")


def _exercise(
    schema: Any, token: str, ids: Ids, failures: dict[str, str], *, backwards: bool = False
) -> int:
    """Call every operation; returns how many were reached in time.

    The second role goes through the list from the other end, so a slow machine
    still covers both ends between them.
    """
    deadline = time.monotonic() + BUDGET_SECONDS
    headers = {"Authorization": f"Bearer {token}"}
    reached = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    # Reads first, so a delete does not take away what later reads are given.
    operations.sort(key=lambda op: (op.method.upper() != "GET", op.method, op.path))
    if backwards:
        operations.reverse()
    for operation in operations:
        if time.monotonic() > deadline:
            break
        reached += 1
        strategy = operation.as_strategy(path_parameters=ids.for_path(operation.path))

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # every operation's is collected
            failures[f"{operation.method.upper()} {operation.path}"] = str(failure)[:600]
    return reached


def test_the_api_answers_generated_input_without_server_errors_or_schema_violations() -> None:
    call_command("demo", stdout=StringIO())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    total = sum(1 for _ in schema.get_all_operations())
    failures: dict[str, str] = {}
    reached = {}
    for n, email in enumerate(ROLES):
        token = workspace_services.token_create(user=User.objects.get(email=email))[1]
        ids = Ids(Client(headers={"Authorization": f"Bearer {token}"}))
        reached[email] = _exercise(schema, token, ids, failures, backwards=n % 2 == 1)
    summary = f"operations reached of {total}: {reached}"
    assert not failures, "\n\n".join(
        [summary, *(f"{op}: {text}" for op, text in sorted(failures.items()))]
    )
    assert all(reached.values()), summary
    print(summary)  # the coverage this machine reached, for the log
