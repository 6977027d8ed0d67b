"""The strategy API: ETag and If-Match, proposals as 202, problem+json, tenancy."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.strategy.models import Initiative
from tests.conftest import Team

pytestmark = pytest.mark.django_db

BASE = "/api/v1/products/DRN/strategy"


def _client(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _create(client: Client, title: str = "Longer flights", **extra: object) -> dict:
    response = client.post(
        f"{BASE}/initiatives", {"title": title, **extra}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_pm_creates_reads_and_updates_an_initiative_with_if_match(team: Team) -> None:
    pm = _client(team, "product_manager")
    created = _create(pm, horizon="now", confidence=70, budget=1500.5)
    assert created["horizon"] == "now"
    assert created["budget"] == "1500.50"
    read = pm.get(f"{BASE}/initiatives/{created['id']}")
    assert read["ETag"] == '"1"'
    updated = pm.patch(
        f"{BASE}/initiatives/{created['id']}",
        {"title": "All-day flying"},
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    assert updated.status_code == 200
    assert updated["ETag"] == '"2"'
    assert updated.json()["title"] == "All-day flying"


def test_a_stale_if_match_gets_409_with_the_current_state(team: Team) -> None:
    pm = _client(team, "product_manager")
    created = _create(pm)
    pm.patch(
        f"{BASE}/initiatives/{created['id']}",
        {"title": "A"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    stale = pm.patch(
        f"{BASE}/initiatives/{created['id']}",
        {"title": "B"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["current"]["title"] == "A"


def test_an_update_without_a_version_gets_428(team: Team) -> None:
    pm = _client(team, "product_manager")
    created = _create(pm)
    response = pm.patch(
        f"{BASE}/initiatives/{created['id']}", {"title": "A"}, content_type="application/json"
    )
    assert response.status_code == 428


def test_the_pos_change_answers_202_with_the_proposal_and_the_pm_accepts_it(team: Team) -> None:
    created = _create(_client(team, "product_manager"))
    po = _client(team, "product_owner")
    response = po.patch(
        f"{BASE}/initiatives/{created['id']}",
        {"horizon": "now"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 202
    proposal = response.json()
    assert proposal["operation"] == "update"
    assert proposal["payload"] == {"horizon": "now"}
    pm = _client(team, "product_manager")
    assert [p["id"] for p in pm.get(f"{BASE}/proposals").json()] == [proposal["id"]]
    accepted = pm.post(f"{BASE}/proposals/{proposal['id']}/accept")
    assert accepted.json()["status"] == "accepted"
    assert Initiative.objects.get().horizon == "now"


def test_the_pos_move_is_a_proposal_and_the_pms_applies(team: Team) -> None:
    created = _create(_client(team, "product_manager"), horizon="next")
    po_move = _client(team, "product_owner").post(
        f"{BASE}/initiatives/{created['id']}/move",
        {"horizon": "now"},
        content_type="application/json",
    )
    assert po_move.status_code == 202
    pm_move = _client(team, "product_manager").post(
        f"{BASE}/initiatives/{created['id']}/move",
        {"horizon": "now"},
        content_type="application/json",
    )
    assert pm_move.status_code == 200
    assert pm_move.json()["horizon"] == "now"


def test_a_stakeholder_reads_but_cannot_write(team: Team) -> None:
    created = _create(_client(team, "product_manager"))
    holder = _client(team, "stakeholder")
    assert holder.get(f"{BASE}/initiatives").json()[0]["id"] == created["id"]
    refused = holder.post(f"{BASE}/initiatives", {"title": "X"}, content_type="application/json")
    assert refused.status_code == 403


def test_a_foreign_organization_gets_404(team: Team) -> None:
    created = _create(_client(team, "product_manager"))
    outsider = Client()
    outsider.force_login(team.outsider)
    assert outsider.get(f"{BASE}/initiatives").status_code == 404
    assert (
        outsider.get(f"/api/v1/products/OUT/strategy/initiatives/{created['id']}").status_code
        == 404
    )


def test_invalid_fields_answer_problem_json_with_field_names(team: Team) -> None:
    response = _client(team, "product_manager").post(
        f"{BASE}/initiatives",
        {"title": "X", "horizon": "someday", "confidence": 300},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"horizon", "confidence"}


def test_archive_and_restore_over_the_api(team: Team) -> None:
    pm = _client(team, "product_manager")
    created = _create(pm)
    assert pm.delete(f"{BASE}/initiatives/{created['id']}").status_code == 204
    assert pm.get(f"{BASE}/initiatives").json() == []
    assert pm.post(f"{BASE}/initiatives/{created['id']}/restore").status_code == 200
    history = pm.get(f"{BASE}/initiatives/{created['id']}/history").json()
    assert [e["verb"] for e in history][:2] == ["initiative.restored", "initiative.archived"]


def test_alignment_and_roadmap_endpoints_answer(team: Team) -> None:
    pm = _client(team, "product_manager")
    _create(pm, horizon="now")
    assert pm.get(f"{BASE}/alignment").json()["initiatives_without_work"]
    assert pm.get(f"{BASE}/roadmap").json()[0]["horizon"] == "now"


def test_a_share_link_secret_is_answered_once_and_listed_to_no_one(team: Team) -> None:
    pm = _client(team, "product_manager")
    made = pm.post(f"{BASE}/shares", {"label": "Board"}, content_type="application/json")
    assert made.status_code == 201
    secret = made.json()["token"]
    assert made.json()["url"].endswith(f"/roadmap/{secret}/")
    listed = pm.get(f"{BASE}/shares").json()
    assert [s["label"] for s in listed] == ["Board"]
    assert secret not in str(listed)
    assert "token" not in listed[0]
    for role in ("product_owner", "team_member", "stakeholder"):
        assert _client(team, role).get(f"{BASE}/shares").json() == []
    assert Client().get(f"/roadmap/{secret}/").status_code == 200
