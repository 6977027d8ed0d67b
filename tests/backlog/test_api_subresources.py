"""Criteria, comments, links, proposals, bulk refinement and the refinement report over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tandem.backlog import services
from tandem.backlog.models import Item

pytestmark = pytest.mark.django_db


def _client(team, role: str = "product_owner") -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any = None, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.patch(path, body, content_type="application/json", headers=headers)


def _backlog(team, *titles: str) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


# --- acceptance criteria ----------------------------------------------------------------


def test_criteria_are_added_edited_ticked_and_removed(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    po, dev = _client(team), _client(team, "team_member")
    added = _post(po, "/api/v1/items/DRN-1/criteria", {"text": "Flies 40 minutes"})
    assert added.status_code == 201
    criterion = added.json()
    assert (criterion["position"], criterion["version"]) == (1, 1)
    path = f"/api/v1/items/DRN-1/criteria/{criterion['id']}"
    edited = _patch(po, path, {"text": "Flies 45 minutes"}, **{"If-Match": '"1"'})
    assert (edited.status_code, edited.json()["text"]) == (200, "Flies 45 minutes")
    ticked = _post(dev, f"{path}/check", {"is_met": True})
    assert ticked.json()["is_met"] is True
    assert [c["text"] for c in dev.get("/api/v1/items/DRN-1/criteria").json()] == [
        "Flies 45 minutes"
    ]
    assert po.delete(path).status_code == 204
    assert dev.get("/api/v1/items/DRN-1/criteria").json() == []
    assert dev.get("/api/v1/items/DRN-1").json()["criteria_count"] == 0


def test_a_stale_criterion_edit_is_a_409(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight time")
    criterion = services.criterion_add(
        access=team.access("product_owner"), item=item, fields={"text": "Flies 40 minutes"}
    )
    response = _patch(
        _client(team),
        f"/api/v1/items/DRN-1/criteria/{criterion.pk}",
        {"text": "Flies 45", "version": 7},
    )
    assert response.status_code == 409
    assert response.json()["current"]["text"] == "Flies 40 minutes"


def test_a_proposed_removal_is_a_202_and_another_items_path_is_a_404(team) -> None:  # type: ignore[no-untyped-def]
    first, _ = _backlog(team, "Longer flight time", "Quieter props")
    criterion = services.criterion_add(
        access=team.access("product_owner"), item=first, fields={"text": "Flies 40 minutes"}
    )
    po, dev = _client(team), _client(team, "team_member")
    wrong = f"/api/v1/items/DRN-2/criteria/{criterion.pk}"
    assert po.delete(wrong).status_code == 404
    assert _patch(po, wrong, {"text": "x"}, **{"If-Match": '"1"'}).status_code == 404
    assert _post(po, f"{wrong}/check", {"is_met": True}).status_code == 404
    proposed = dev.delete(f"/api/v1/items/DRN-1/criteria/{criterion.pk}")
    assert proposed.status_code == 202
    assert proposed.json()["status"] == "pending"
    assert [c["text"] for c in po.get("/api/v1/items/DRN-1/criteria").json()] == [
        "Flies 40 minutes"
    ]


def test_an_if_match_the_server_never_issued_is_a_412(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight time")
    criterion = services.criterion_add(
        access=team.access("product_owner"), item=item, fields={"text": "Flies 40 minutes"}
    )
    po = _client(team)
    for path, body in (
        ("/api/v1/items/DRN-1", {"title": "y"}),
        (f"/api/v1/items/DRN-1/criteria/{criterion.pk}", {"text": "x"}),
    ):
        response = _patch(po, path, body, **{"If-Match": "stale-0"})
        assert response.status_code == 412, path
        assert response["Content-Type"].startswith("application/problem+json")


def test_a_criterion_edit_without_a_version_is_a_428(team) -> None:  # type: ignore[no-untyped-def]
    (item,) = _backlog(team, "Longer flight time")
    criterion = services.criterion_add(
        access=team.access("product_owner"), item=item, fields={"text": "Flies 40 minutes"}
    )
    response = _patch(_client(team), f"/api/v1/items/DRN-1/criteria/{criterion.pk}", {"text": "x"})
    assert response.status_code == 428


def test_an_empty_criterion_is_a_422_naming_the_text(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _post(_client(team), "/api/v1/items/DRN-1/criteria", {"text": "  "})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["text"]


# --- comments and links -----------------------------------------------------------------


def test_a_stakeholder_asks_and_the_product_owner_answers(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    question = _post(
        _client(team, "stakeholder"),
        "/api/v1/items/DRN-1/comments",
        {"body": "Does this include **cold** weather?", "is_question": True},
    )
    assert question.status_code == 201
    assert "<strong>cold</strong>" in question.json()["body_html"]
    answer = _post(
        _client(team),
        "/api/v1/items/DRN-1/comments",
        {"body": "Yes, down to -10 °C.", "reply_to": question.json()["id"]},
    )
    thread = _client(team, "viewer").get("/api/v1/items/DRN-1/comments").json()
    assert [(c["author"], c["reply_to"]) for c in thread] == [
        ("stakeholder@example.test", None),
        ("po@example.test", question.json()["id"]),
    ]
    assert answer.json()["is_question"] is False


def test_a_viewer_cannot_comment(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _post(_client(team, "viewer"), "/api/v1/items/DRN-1/comments", {"body": "Hi"})
    assert response.status_code == 403


def test_an_author_deletes_their_comment(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    dev = _client(team, "team_member")
    comment = _post(dev, "/api/v1/items/DRN-1/comments", {"body": "Which battery?"}).json()
    assert dev.delete(f"/api/v1/items/DRN-1/comments/{comment['id']}").status_code == 204
    assert dev.get("/api/v1/items/DRN-1/comments").json() == []


def test_links_are_added_listed_and_removed(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    dev = _client(team, "team_member")
    link = _post(
        dev,
        "/api/v1/items/DRN-1/links",
        {"url": "https://example.test/mockup", "title": "Flight screen", "kind": "mockup"},
    )
    assert link.status_code == 201
    assert dev.get("/api/v1/items/DRN-1/links").json() == [
        {
            "id": link.json()["id"],
            "url": "https://example.test/mockup",
            "title": "Flight screen",
            "kind": "mockup",
        }
    ]
    assert dev.delete(f"/api/v1/items/DRN-1/links/{link.json()['id']}").status_code == 204
    assert dev.get("/api/v1/items/DRN-1/links").json() == []


def test_a_link_that_is_not_http_is_a_422_naming_the_url(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    response = _post(
        _client(team, "team_member"), "/api/v1/items/DRN-1/links", {"url": "javascript:alert(1)"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["url"]


# --- proposals --------------------------------------------------------------------------


def _proposal(team) -> int:  # type: ignore[no-untyped-def]
    response = _patch(
        _client(team, "product_manager"),
        "/api/v1/items/DRN-1",
        {"title": "Fly 40 minutes"},
        **{"If-Match": '"1"'},
    )
    return int(response.json()["id"])


def test_the_product_owner_sees_and_accepts_a_proposal(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    proposal_id = _proposal(team)
    po = _client(team)
    waiting = po.get("/api/v1/products/DRN/proposals").json()
    assert [(p["id"], p["proposed_by"]) for p in waiting] == [(proposal_id, "pm@example.test")]
    accepted = po.post(f"/api/v1/products/DRN/proposals/{proposal_id}/accept")
    assert (accepted.status_code, accepted.json()["decided_by"]) == (200, "po@example.test")
    assert po.get("/api/v1/items/DRN-1").json()["title"] == "Fly 40 minutes"
    assert po.get("/api/v1/products/DRN/proposals").json() == []


def test_the_product_owner_declines_a_proposal_with_a_reason(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    proposal_id = _proposal(team)
    declined = _post(
        _client(team), f"/api/v1/products/DRN/proposals/{proposal_id}/decline", {"reason": "Vague"}
    )
    assert (declined.json()["status"], declined.json()["reason"]) == ("declined", "Vague")
    assert Item.objects.get().title == "Longer flight time"


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_proposer_cannot_accept_a_proposal(team, role: str) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Longer flight time")
    proposal_id = _proposal(team)
    response = _client(team, role).post(f"/api/v1/products/DRN/proposals/{proposal_id}/accept")
    assert response.status_code == 403


# --- bulk and refinement ----------------------------------------------------------------


def test_bulk_archive_estimate_and_move(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A", "B", "C", "D")
    po = _client(team)
    bulk = "/api/v1/products/DRN/items/bulk"
    assert _post(
        po, bulk, {"action": "estimate", "items": ["DRN-1", "DRN-2"], "estimate": 3}
    ).json() == {"changed": 2, "proposed": 0}
    assert _post(po, bulk, {"action": "move", "items": ["DRN-4"], "position": "top"}).json() == {
        "changed": 1,
        "proposed": 0,
    }
    archived = _post(po, bulk, {"action": "archive", "items": ["DRN-3"]}).json()
    assert archived == {"changed": 1, "proposed": 0}
    listed = po.get("/api/v1/products/DRN/items").json()["items"]
    assert [(i["key"], i["estimate"]) for i in listed] == [
        ("DRN-4", None),
        ("DRN-1", 3),
        ("DRN-2", 3),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "estimate", "items": ["DRN-1"]}, "estimate"),
        ({"action": "estimate", "items": ["DRN-1"], "estimate": 4}, "estimate"),
        ({"action": "move", "items": ["DRN-1"]}, "position"),
        ({"action": "archive", "items": []}, "items"),
        ({"action": "shred", "items": ["DRN-1"]}, "action"),
    ],
)
def test_a_bad_bulk_request_is_a_422_naming_the_field(
    team, body: dict[str, Any], field: str
) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A")
    response = _post(_client(team), "/api/v1/products/DRN/items/bulk", body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_a_bulk_request_naming_an_unknown_item_is_a_404(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A")
    body = {"action": "archive", "items": ["DRN-1", "DRN-9"]}
    assert _post(_client(team), "/api/v1/products/DRN/items/bulk", body).status_code == 404
    assert Item.objects.get().archived_at is None


def test_the_refinement_report_lists_stale_unready_and_duplicate_items(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Export flight logs as CSV", "Night mode", "Export the flight logs to CSV")
    Item.objects.filter(number=2).update(updated_at=timezone.now() - timedelta(days=45))
    report = _client(team, "viewer").get("/api/v1/products/DRN/refinement").json()
    assert report["stale_after_days"] == 30
    assert [i["key"] for i in report["stale"]] == ["DRN-2"]
    assert [i["key"] for i in report["not_ready"]] == ["DRN-1", "DRN-2", "DRN-3"]
    assert [(d["first"], d["second"]) for d in report["duplicates"]] == [("DRN-1", "DRN-3")]


def test_the_refinement_report_takes_its_own_stale_days(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "A")
    Item.objects.update(updated_at=timezone.now() - timedelta(days=10))
    report = _client(team).get("/api/v1/products/DRN/refinement?stale_days=7").json()
    assert (report["stale_after_days"], [i["key"] for i in report["stale"]]) == (7, ["DRN-1"])


def test_a_bulk_request_reads_its_items_in_a_fixed_number_of_queries(
    team,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    _backlog(team, *[f"Story {n}" for n in range(40)])
    keys = [f"DRN-{n}" for n in range(1, 41)]
    po = _client(team)
    with django_assert_max_num_queries(20):
        response = _post(
            po,
            "/api/v1/products/DRN/items/bulk",
            {"action": "move", "items": keys, "position": "top"},
        )
    assert response.json() == {"changed": 40, "proposed": 0}
