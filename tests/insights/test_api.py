"""The insights endpoints as a script sees them: JSON in, JSON, ETags and problems out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.insights.models import Feedback, IdeaStatus
from tandem.strategy.models import Initiative
from tandem.workspace.models import Role
from tandem.workspace.services import token_create

from ..conftest import Team
from .conftest import Evidence

PROBLEM = "application/problem+json"
API = "/api/v1/products/DRN"


def _client(team: Team, role: str = Role.PRODUCT_OWNER) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.patch(path, body, content_type="application/json", headers=headers)


def test_feedback_round_trip_with_etag_and_a_stale_write(team: Team, evidence: Evidence) -> None:
    client = _client(team)
    created = _post(client, f"{API}/feedback", {"text": "Add offline maps", "customer": "Acme"})
    assert created.status_code == 201
    body = created.json()
    assert body["customer_name"] == "Acme"
    assert created["ETag"] == '"1"'

    fresh = client.get(f"{API}/feedback/{body['id']}")
    assert fresh.json()["suggestion"]["kind"] in {"bug", "feature", "usability", "praise"}

    changed = _patch(client, f"{API}/feedback/{body['id']}", {"kind": "feature"}, If_Match='"1"')
    assert changed.status_code == 200
    assert changed["ETag"] == '"2"'
    assert changed.json()["state"] == "triaged"

    stale = _patch(client, f"{API}/feedback/{body['id']}", {"kind": "bug"}, If_Match='"1"')
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    assert stale.json()["current"]["kind"] == "feature"

    missing = _patch(client, f"{API}/feedback/{body['id']}", {"kind": "bug"})
    assert missing.status_code == 428


def test_linking_feedback_shows_in_the_items_demand(team: Team, evidence: Evidence) -> None:
    client = _client(team)
    feedback = _post(client, f"{API}/feedback", {"text": "maps", "customer": "Acme"}).json()
    link = _post(
        client,
        f"{API}/feedback/{feedback['id']}/links",
        {"item": evidence.first.key, "importance": 3},
    )
    assert link.status_code == 201

    demand = client.get(f"/api/v1/items/{evidence.first.key}/demand").json()

    assert (demand["feedback"], demand["customers"], demand["weighted"]) == (1, 1, 3)
    assert float(demand["mrr"]) == 1000


def test_a_bad_link_names_the_field(team: Team, evidence: Evidence) -> None:
    client = _client(team)
    feedback = _post(client, f"{API}/feedback", {"text": "maps"}).json()
    response = _post(client, f"{API}/feedback/{feedback['id']}/links", {"item": "DRN-999"})
    assert response.status_code == 422
    assert "item" in response.json()["errors"]


def test_a_viewer_reads_but_cannot_add_feedback(team: Team) -> None:
    client = _client(team, Role.VIEWER)
    assert client.get(f"{API}/feedback").status_code == 200
    refused = _post(client, f"{API}/feedback", {"text": "hello"})
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM


def test_an_outsider_gets_404_everywhere(team: Team, evidence: Evidence) -> None:
    client = _client(team)
    feedback = _post(client, f"{API}/feedback", {"text": "maps"}).json()
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=team.outsider)[1]}")
    for path in (
        f"{API}/feedback",
        f"{API}/feedback/{feedback['id']}",
        f"{API}/stakeholders",
        f"{API}/customers",
        f"{API}/ideas",
        f"{API}/surveys",
        f"{API}/evidence",
        f"/api/v1/items/{evidence.first.key}/demand",
    ):
        assert outsider.get(path).status_code == 404, path


def test_import_preview_writes_nothing_and_import_writes_all(
    team: Team, evidence: Evidence
) -> None:
    client = _client(team, Role.STAKEHOLDER)
    csv = "Body,Account\nSlow sync,Acme\nNo dark mode,Globex\n"
    preview = _post(
        client,
        f"{API}/feedback/import",
        {"csv": csv, "mapping": {"text": "Body", "customer": "Account"}, "preview": True},
    )
    assert preview.status_code == 200
    assert preview.json()["columns"] == {"text": "Body", "customer": "Account"}
    assert not Feedback.objects.exists()

    done = _post(
        client,
        f"{API}/feedback/import",
        {"csv": csv, "mapping": {"text": "Body", "customer": "Account"}},
    )
    assert done.json()["imported"] == 2

    bad = _post(client, f"{API}/feedback/import", {"csv": "text,customer\nx,Nobody\n"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"line 2: customer": "no customer 'Nobody' in DRN"}
    assert Feedback.objects.count() == 2


def test_stakeholders_customers_and_people(team: Team, evidence: Evidence) -> None:
    client = _client(team, Role.PRODUCT_MANAGER)
    s = _post(client, f"{API}/stakeholders", {"name": "CFO", "influence": 5, "interest": 2}).json()
    assert s["quadrant"] == "keep_satisfied"
    follows = client.put(
        f"{API}/stakeholders/{s['id']}/follows",
        {"items": [evidence.first.key]},
        content_type="application/json",
    )
    assert follows.status_code == 200
    digest = client.get(f"{API}/stakeholders/{s['id']}/digest?days=30").json()
    assert digest["stakeholder"] == "CFO"

    customer = _post(client, f"{API}/customers", {"name": "Initech", "mrr": "99.50"}).json()
    assert customer["arr"] == "1194.00"
    person = _post(client, f"{API}/customers/{customer['id']}/people", {"name": "Peter"})
    assert person.status_code == 201
    assert client.delete(f"{API}/customers/{customer['id']}").status_code == 204
    assert client.get(f"{API}/customers").json()[0]["name"] != "Initech"
    restored = _post(client, f"{API}/customers/{customer['id']}/restore", {})
    assert restored.json()["archived"] is False

    team_client = _client(team, Role.TEAM_MEMBER)
    assert _post(team_client, f"{API}/customers", {"name": "Nope"}).status_code == 403


def test_ideas_are_proposed_voted_and_accepted_into_the_roadmap(team: Team) -> None:
    dev = _client(team, Role.TEAM_MEMBER)
    idea = _post(dev, f"{API}/ideas", {"title": "Follow-me mode"}).json()
    voted = _post(dev, f"{API}/ideas/{idea['id']}/vote", {}).json()
    assert (voted["votes"], voted["voted"]) == (1, True)
    assert (
        _post(
            dev, f"{API}/ideas/{idea['id']}/accept", {"destination": "story", "version": 1}
        ).status_code
        == 403
    )

    pm = _client(team, Role.PRODUCT_MANAGER)
    accepted = _post(
        pm,
        f"{API}/ideas/{idea['id']}/accept",
        {"destination": "initiative", "horizon": "next", "version": 1},
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == IdeaStatus.ACCEPTED
    assert Initiative.objects.get(pk=accepted.json()["initiative"]).horizon == "next"


def test_the_po_cannot_accept_an_idea_into_the_roadmap(team: Team) -> None:
    idea = _post(_client(team, Role.TEAM_MEMBER), f"{API}/ideas", {"title": "VR"}).json()
    po = _client(team)
    refused = _post(
        po, f"{API}/ideas/{idea['id']}/accept", {"destination": "initiative", "version": 1}
    )
    assert refused.status_code == 403
    story = _post(po, f"{API}/ideas/{idea['id']}/accept", {"destination": "story", "version": 1})
    assert story.json()["item"].startswith("DRN-")


def test_surveys_and_results_over_the_api(team: Team) -> None:
    client = _client(team, Role.PRODUCT_MANAGER)
    survey = _post(
        client,
        f"{API}/surveys",
        {"title": "Q1", "questions": [{"kind": "nps", "prompt": "Recommend?"}]},
    )
    assert survey.status_code == 201
    body = survey.json()
    assert body["public_url"].endswith(f"/s/{body['public_url'].rstrip('/').rsplit('/', 1)[1]}/")
    results = client.get(f"{API}/surveys/{body['id']}/results").json()
    assert results["responses"] == 0
    assert results["questions"][0]["nps"] is None


def test_evidence_weights_are_the_pos_call(team: Team, evidence: Evidence) -> None:
    po = _client(team)
    ranking = po.get(f"{API}/evidence").json()
    assert [r["manual_position"] for r in ranking["items"]] == [1, 2, 3]
    saved = po.put(
        f"{API}/evidence/weights",
        {"weights": {"demand": 10}, "version": ranking["weights"]["version"]},
        content_type="application/json",
    )
    assert saved.json()["weights"]["demand"] == 10
    pm = _client(team, Role.PRODUCT_MANAGER)
    refused = pm.put(
        f"{API}/evidence/weights",
        {"weights": {"demand": 1}, "version": 2},
        content_type="application/json",
    )
    assert refused.status_code == 403
    bad = po.put(
        f"{API}/evidence/weights",
        {"weights": {"luck": 1}, "version": 2},
        content_type="application/json",
    )
    assert bad.status_code == 422


@pytest.mark.parametrize("body", [{"text": "x", "colour": "red"}, {"text": "x\x00"}])
def test_unknown_fields_and_nul_characters_are_refused(team: Team, body: dict[str, str]) -> None:
    assert _post(_client(team), f"{API}/feedback", body).status_code == 422


def test_feedback_counts_per_initiative(team: Team) -> None:
    from tandem.strategy.services import create_initiative

    initiative = create_initiative(
        access=team.access(Role.PRODUCT_MANAGER), fields={"title": "Alps"}
    )
    client = _client(team)
    for _ in range(2):
        feedback = _post(client, f"{API}/feedback", {"text": "mountain rescue"}).json()
        _post(client, f"{API}/feedback/{feedback['id']}/links", {"initiative": initiative.pk})

    assert client.get(f"{API}/initiatives/demand").json() == {str(initiative.pk): 2}
