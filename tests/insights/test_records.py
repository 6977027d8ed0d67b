"""What the insights kinds add to the record contract: figures kept from those who may not
read them, references by name, an author's own idea, fixed survey questions, bounded lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tandem.insights import services
from tandem.insights.models import Feedback, Survey
from tandem.workspace import writes
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Role

from ..conftest import Team
from .conftest import Evidence, create, survey_for

API = "/api/v1/products/DRN"
BLIND = [Role.STAKEHOLDER, Role.VIEWER]  # the rights table's figures row: none


def _client(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _send(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("role", BLIND)
def test_a_role_without_figures_reads_no_ratings_quadrant_or_revenue(
    team: Team, evidence: Evidence, role: str
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    dana = create(
        kind="stakeholder", access=po, fields={"name": "Dana", "influence": 5, "interest": 1}
    )
    client = _client(team, role)

    stakeholder = client.get(f"{API}/stakeholders/{dana.pk}").json()
    customer = client.get(f"{API}/customers/{evidence.acme.pk}").json()

    assert (stakeholder["influence"], stakeholder["interest"], stakeholder["quadrant"]) == (
        None,
        None,
        None,
    )
    assert (customer["name"], customer["mrr"], customer["arr"]) == ("Acme", None, None)


def test_the_product_owner_reads_ratings_quadrant_and_revenue(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    dana = create(
        kind="stakeholder", access=po, fields={"name": "Dana", "influence": 5, "interest": 1}
    )
    client = _client(team, Role.PRODUCT_OWNER)

    stakeholder = client.get(f"{API}/stakeholders/{dana.pk}").json()
    customer = client.get(f"{API}/customers/{evidence.acme.pk}").json()

    assert (stakeholder["influence"], stakeholder["quadrant"]) == (5, "keep_satisfied")
    assert (customer["mrr"], customer["arr"]) == ("1000.00", "12000.00")


@pytest.mark.parametrize("role", BLIND)
def test_demand_and_the_evidence_ranking_keep_revenue_from_a_role_without_figures(
    team: Team, evidence: Evidence, role: str
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "maps", "customer": "Acme"})
    services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
    client = _client(team, role)

    demand = client.get(f"/api/v1/items/{evidence.first.key}/demand").json()
    ranked = client.get(f"{API}/evidence").json()["items"]

    assert (demand["customers"], demand["mrr"], demand["arr"]) == (1, None, None)
    assert {row["mrr"] for row in ranked} == {None}


@pytest.mark.parametrize("role", BLIND)
def test_the_pages_leave_out_ratings_and_revenue_for_a_role_without_figures(
    team: Team, evidence: Evidence, signed_in, role: str
) -> None:  # type: ignore[no-untyped-def]
    po = team.access(Role.PRODUCT_OWNER)
    dana = create(
        kind="stakeholder", access=po, fields={"name": "Dana", "influence": 5, "interest": 1}
    )
    client = signed_in(team.person(role))
    key = team.product.key

    pages = [
        client.get(reverse(name, args=args)).content.decode()
        for name, args in (
            ("insights:stakeholders", [key]),
            ("insights:stakeholder", [key, dana.pk]),
            ("insights:customers", [key]),
            ("insights:customer", [key, evidence.acme.pk]),
            ("insights:evidence", [key]),
        )
    ]

    assert [("Influence" in page, "MRR" in page) for page in pages] == [(False, False)] * 5
    assert "Dana" in pages[0]
    assert "Acme" in pages[2]


def test_the_product_owner_sees_the_grid_and_revenue_on_the_pages(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.po)
    key = team.product.key

    grid = client.get(reverse("insights:stakeholders", args=[key])).content.decode()
    account = client.get(reverse("insights:customer", args=[key, evidence.acme.pk])).content

    assert 'id="stakeholder-grid"' in grid
    assert b"MRR 1k" in account


def test_feedback_names_a_person_by_e_mail_and_joins_their_customer(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    kim = create(
        kind="customer_person",
        access=po,
        fields={"customer": evidence.globex.pk, "name": "Kim", "email": "kim@globex.example"},
    )

    feedback = create(
        kind="feedback", access=po, fields={"text": "Sync is slow", "person": "KIM@globex.example"}
    )

    assert (feedback.person, feedback.customer) == (kim, evidence.globex)


def test_feedback_refuses_a_person_of_another_customer(team: Team, evidence: Evidence) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    create(
        kind="customer_person",
        access=po,
        fields={"customer": evidence.globex.pk, "name": "Kim"},
    )
    with pytest.raises(ValidationFailed) as refused:
        create(
            kind="feedback",
            access=po,
            fields={"text": "Sync is slow", "customer": "Acme", "person": "Kim"},
        )
    assert refused.value.errors == {"person": "no person 'Kim' at that customer"}


def test_a_person_is_added_from_the_customer_and_changed_at_their_own_path(
    team: Team, evidence: Evidence
) -> None:
    client = _client(team, Role.PRODUCT_OWNER)

    added = _send(client, "post", f"{API}/customers/{evidence.acme.pk}/people", {"name": "Kim"})
    url = f"{API}/people/{added.json()['id']}"
    changed = _send(client, "patch", url, {"title": "CTO"}, If_Match='"1"')
    moved = _send(client, "patch", url, {"customer": evidence.globex.pk}, If_Match='"2"')

    assert (added.status_code, added.json()["customer"]) == (201, evidence.acme.pk)
    assert (changed.status_code, changed.json()["title"]) == (200, "CTO")
    assert moved.status_code == 422
    assert [
        p["name"] for p in client.get(f"{API}/customers/{evidence.acme.pk}").json()["people"]
    ] == ["Kim"]


def test_no_person_joins_an_archived_customer(team: Team, evidence: Evidence) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    writes.record_archive(access=po, kind="customer", record_id=evidence.globex.pk)
    with pytest.raises(ValidationFailed) as refused:
        create(
            kind="customer_person",
            access=po,
            fields={"customer": evidence.globex.pk, "name": "Kim"},
        )
    assert set(refused.value.errors) == {"customer"}


def test_the_author_changes_their_open_idea_through_the_api_and_nobody_else_below_edit(
    team: Team,
) -> None:
    author = _client(team, Role.TEAM_MEMBER)
    idea = _send(author, "post", f"{API}/ideas", {"title": "Follow-me mode"}).json()
    url = f"{API}/ideas/{idea['id']}"

    changed = _send(author, "patch", url, {"title": "Follow-me"}, If_Match='"1"')
    other = _send(_client(team, Role.STAKEHOLDER), "patch", url, {"title": "x"}, If_Match='"2"')
    archived = author.delete(url)

    assert (changed.status_code, changed.json()["title"]) == (200, "Follow-me")
    assert other.status_code == 403
    assert archived.status_code == 204


def test_an_idea_once_decided_is_no_longer_its_authors_to_change(team: Team) -> None:
    author = _client(team, Role.TEAM_MEMBER)
    idea = _send(author, "post", f"{API}/ideas", {"title": "VR"}).json()
    services.idea_decline(
        access=team.access(Role.PRODUCT_MANAGER),
        idea_id=idea["id"],
        reason="No",
        expected_version=1,
    )

    refused = _send(author, "patch", f"{API}/ideas/{idea['id']}", {"title": "AR"}, If_Match='"2"')

    assert refused.status_code == 403


def test_a_surveys_questions_are_fixed_once_written(team: Team) -> None:
    survey = survey_for(team)
    refused = _send(
        _client(team, Role.PRODUCT_MANAGER),
        "patch",
        f"{API}/surveys/{survey.pk}",
        {"questions": [{"kind": "text", "prompt": "Anything?"}]},
        If_Match='"1"',
    )
    assert refused.status_code == 422
    assert Survey.objects.get(pk=survey.pk).questions.count() == 4


def test_the_feedback_list_filters_by_state_kind_customer_and_words(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    for text, customer, kind in (
        ("Offline maps please", "Acme", "feature"),
        ("Crash when landing", "Acme", "bug"),
        ("Offline maps for us too", "Globex", ""),
    ):
        create(
            kind="feedback", access=po, fields={"text": text, "customer": customer, "kind": kind}
        )
    Feedback.objects.filter(kind="bug").update(state="triaged")
    client = _client(team, Role.VIEWER)

    def texts(**query: Any) -> list[str]:
        return [f["text"] for f in client.get(f"{API}/feedback", query).json()]

    assert texts(state="triaged") == ["Crash when landing"]
    assert texts(kind="feature") == ["Offline maps please"]
    assert texts(customer=evidence.globex.pk) == ["Offline maps for us too"]
    assert sorted(texts(text="offline")) == ["Offline maps for us too", "Offline maps please"]
    assert len(texts(limit=1)) == 1


@pytest.mark.parametrize(
    "kind", ["feedback", "ideas", "customers", "people", "surveys", "stakeholders"]
)
def test_each_insights_list_reads_a_fixed_number_of_queries(
    team: Team, evidence: Evidence, django_assert_max_num_queries, kind: str
) -> None:  # type: ignore[no-untyped-def]
    po = team.access(Role.PRODUCT_OWNER)
    for n in range(8):
        feedback = create(
            kind="feedback", access=po, fields={"text": f"maps {n}", "customer": "Acme"}
        )
        services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
        create(kind="idea", access=po, fields={"title": f"Idea {n}"})
        create(
            kind="customer_person",
            access=po,
            fields={"customer": evidence.acme.pk, "name": f"P{n}"},
        )
        create(kind="stakeholder", access=po, fields={"name": f"S{n}"})
        survey_for(team)
    client = _client(team, Role.PRODUCT_OWNER)
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/{kind}")
    assert response.status_code == 200
    assert len(response.json()) >= 2


def test_every_insights_answer_has_one_plainly_named_schema(db: None) -> None:
    names = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("StakeholderOut", "CustomerOut", "CustomerPersonOut", "FeedbackOut", "IdeaOut"):
        assert name in names
    assert [name for name in names if "__" in name or name.startswith("tandem")] == []


@pytest.mark.parametrize("named", ["Nobody Inc", "99999999999999999999999"])
def test_feedback_naming_no_customer_is_refused_on_that_field(team: Team, named: str) -> None:
    response = _send(
        _client(team, Role.PRODUCT_OWNER),
        "post",
        f"{API}/feedback",
        {"text": "x", "customer": named},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"customer": f"no customer {named!r} in DRN"}
