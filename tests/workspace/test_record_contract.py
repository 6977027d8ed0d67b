"""The record-type contract, run for every registered kind through its generic API routes.

create → read → stale 409 → missing 428 → change → archive → restore → history →
outsider 404 → each role against the rights table. A kind joins by registering;
``tests/records.py`` holds how to make a valid one.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.workspace.access import ProductAccess
from tandem.workspace.registry import RecordType, all_types
from tandem.workspace.rights import Level
from tests.conftest import ROLES, Team
from tests.records import CHANGES, EXAMPLES

pytestmark = pytest.mark.django_db

ROUTED = [t for t in all_types() if t.api is not None and t.schema is not None]


def _client(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _writer(team: Team, spec: RecordType, example: dict[str, Any]) -> str:
    """A role that writes this kind directly (the decider, or an editor)."""
    return next(
        role
        for role in ROLES
        if team.access(role).level(spec.action_of(None, example)) >= spec.create_level
    )


def _url(team: Team, spec: RecordType, record_id: int | None = None) -> str:
    assert spec.api is not None
    base = "/api/v1" + spec.api.path.replace("{product_key}", team.product.key)
    return base if record_id is None else f"{base}/{record_id}"


def _example(team: Team, spec: RecordType) -> dict[str, Any]:
    # The role with the most say over the kind (its decider, or an editor where no one
    # decides, as for recorded evidence) makes what the example refers to.
    decider = max(ROLES, key=lambda role: team.access(role).level(spec.action))
    return EXAMPLES[spec.name](team.access(decider))


def test_every_kind_with_routes_has_an_example_and_a_change() -> None:
    names = {t.name for t in ROUTED}
    assert names
    assert names <= set(EXAMPLES)
    assert names <= set(CHANGES)


@pytest.mark.parametrize("spec", ROUTED, ids=lambda t: t.name)
def test_a_kind_keeps_the_record_contract(team: Team, spec: RecordType) -> None:
    example = _example(team, spec)
    client = _client(team, _writer(team, spec, example))
    created = client.post(_url(team, spec), example, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created["ETag"] == '"1"'
    record_id = created.json()["id"]
    url = _url(team, spec, record_id)

    read = client.get(url)
    assert (read.status_code, read["ETag"]) == (200, '"1"')

    field, value = CHANGES[spec.name]
    missing = client.patch(url, {field: value}, content_type="application/json")
    assert missing.status_code == 428
    assert missing["Content-Type"] == "application/problem+json"

    changed = client.patch(
        url, {field: value}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.content
    assert (changed["ETag"], changed.json()[field]) == ('"2"', value)

    stale = client.patch(
        url, {field: "Again"}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 409
    assert stale.json()["current"][field] == value

    assert client.delete(url).status_code == 204
    assert record_id not in [r["id"] for r in client.get(_url(team, spec)).json()]
    archived = client.get(_url(team, spec), {"archived": "true"}).json()
    assert record_id in [r["id"] for r in archived]
    restored = client.post(f"{url}/restore")
    assert (restored.status_code, restored.json()["archived"]) == (200, False)

    verbs = [e["verb"] for e in client.get(f"{url}/history").json()]
    assert verbs[0] == f"{spec.name}.restored"
    assert verbs[-1] == f"{spec.name}.created"
    assert f"{spec.name}.archived" in verbs


@pytest.mark.parametrize("spec", ROUTED, ids=lambda t: t.name)
def test_another_organization_finds_no_record_of_a_kind(team: Team, spec: RecordType) -> None:
    example = _example(team, spec)
    created = _client(team, _writer(team, spec, example)).post(
        _url(team, spec), example, content_type="application/json"
    )
    url = _url(team, spec, created.json()["id"])
    outsider = Client()
    outsider.force_login(team.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.patch(url, {}, content_type="application/json").status_code == 404
    assert outsider.delete(url).status_code == 404
    assert outsider.get(url.rsplit("/", 1)[0]).status_code == 404


def _expected(access: ProductAccess, spec: RecordType, example: dict[str, Any]) -> int:
    level = access.level(spec.action_of(None, example))
    if level >= spec.create_level:
        return 201
    if level == Level.PROPOSE and spec.operations:
        return 202
    return 403


@pytest.mark.parametrize("spec", ROUTED, ids=lambda t: t.name)
def test_each_role_creates_proposes_or_is_refused_as_the_rights_table_says(
    team: Team, spec: RecordType
) -> None:
    example = _example(team, spec)
    writer = _client(team, _writer(team, spec, example))
    answers = {}
    for role in ROLES:
        response = _client(team, role).post(
            _url(team, spec), example, content_type="application/json"
        )
        answers[role] = response.status_code
        if response.status_code == 201:  # one live record per product for some kinds
            writer.delete(_url(team, spec, response.json()["id"]))
    expected = {role: _expected(team.access(role), spec, example) for role in ROLES}
    assert answers == expected
    assert 201 in answers.values()


@pytest.mark.parametrize("spec", ROUTED, ids=lambda t: t.name)
def test_every_member_reads_a_kind_and_sees_only_the_fields_their_role_may(
    team: Team, spec: RecordType
) -> None:
    example = _example(team, spec)
    created = _client(team, _writer(team, spec, example)).post(
        _url(team, spec), example, content_type="application/json"
    )
    url = _url(team, spec, created.json()["id"])
    for role in ROLES:
        body = _client(team, role).get(url).json()
        hidden = {
            name for name in spec.fields if name not in spec.readable_fields(team.access(role))
        }
        assert body["id"] == created.json()["id"]
        assert {name for name in hidden if body.get(name) is not None} == set()
