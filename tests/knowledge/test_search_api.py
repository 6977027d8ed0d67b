"""``GET /api/v1/search`` as each role and outsider sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog.services import items as item_services
from tandem.knowledge import embeddings
from tandem.workspace import writes
from tests.conftest import ROLES, Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)


@pytest.fixture
def seeded(team: Team, django_capture_on_commit_callbacks: Any) -> Team:
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_create(
            access=team.access("product_owner"),
            fields={"title": "Gimbal calibration", "description": "Level the horizon"},
        )
        writes.record_create(
            access=team.access("product_manager"),
            kind="customer",
            fields={"name": "Gimbal Films", "segment": "studios", "mrr": "98765.00"},
        )
        out = team.access("product_owner")
        out = type(out)(user=team.outsider, product=team.outsider_product, roles=out.roles)
        item_services.item_create(access=out, fields={"title": "Gimbal of another company"})
    return team


def _get(team: Team, role: str, **params: Any) -> Any:
    client = Client(headers={"Authorization": f"Bearer {team.token(role)}"})
    return client.get("/api/v1/search", params)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_finds_its_products_records_and_only_those(seeded: Team, role: str) -> None:
    answer = _get(seeded, role, q="gimbal")
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert {r["product"] for r in results} == {"DRN"}
    item = next(r for r in results if r["kind"] == "item")
    assert item["key"].startswith("DRN-")
    assert item["url"] == f"/items/{item['key']}/"
    assert "<mark>Gimbal</mark>" in item["snippet"] or "<mark>gimbal</mark>" in item["snippet"]
    assert {"kind", "title", "snippet", "url", "score"} <= set(item)


def test_revenue_never_appears_in_a_result(seeded: Team) -> None:
    for role in ROLES:
        assert "98765" not in _get(seeded, role, q="98765").content.decode()
        assert "98765" not in _get(seeded, role, q="gimbal films").content.decode()


def test_the_outsider_sees_only_their_own_product(seeded: Team) -> None:
    client = Client(headers={"Authorization": f"Bearer {seeded.token('product_manager')}"})
    assert client.get("/api/v1/search", {"q": "gimbal", "product": "OUT"}).status_code == 404
    outsider = Client()
    outsider.force_login(seeded.outsider)
    results = outsider.get("/api/v1/search", {"q": "gimbal"}).json()["results"]
    assert [r["title"] for r in results] == ["Gimbal of another company"]


def test_a_kind_filter_narrows_and_an_unknown_kind_is_named(seeded: Team) -> None:
    only = _get(seeded, "viewer", q="gimbal", kind="customer").json()["results"]
    assert [r["kind"] for r in only] == ["customer"]
    refused = _get(seeded, "viewer", q="gimbal", kind="spaceship")
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "kind" in refused.json()["errors"]


def test_a_missing_query_is_refused(seeded: Team) -> None:
    assert _get(seeded, "viewer").status_code == 422


def test_without_signing_in_nothing_is_searched(seeded: Team) -> None:
    assert Client().get("/api/v1/search", {"q": "gimbal"}).status_code == 401
