"""Nothing crosses organizations: an outsider cannot read, write or even detect DRN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tandem.backlog import selectors, services
from tandem.backlog.models import AcceptanceCriterion, Comment, Item, Link
from tandem.workspace import services as workspace_services
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.selectors import product_access

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def drn(team) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """DRN's story DRN-1 with a criterion, a comment, a link and a waiting proposal."""
    po = team.access("product_owner")
    story = services.item_create(access=po, fields={"title": "Secret roadmap item"})
    services.item_create(access=po, fields={"title": "Second"})
    return {
        "story": story,
        "criterion": services.criterion_add(access=po, item=story, fields={"text": "ok"}),
        "comment": services.comment_add(access=po, item=story, body="Internal note"),
        "link": services.link_add(access=po, item=story, url="https://example.test/secret"),
        "proposal": services.item_move(
            access=team.access("product_manager"), item=story, position="bottom"
        ).proposal,
    }


@pytest.fixture
def outsider(team) -> Client:  # type: ignore[no-untyped-def]
    """The outsider's script: a valid token, for another organization."""
    secret = workspace_services.token_create(user=team.outsider)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _drn_state() -> list[object]:
    return [
        list(Item.objects.order_by("id").values_list("title", "rank", "version", "archived_at")),
        list(AcceptanceCriterion.objects.values_list("text", "is_met", "archived_at")),
        list(Comment.objects.values_list("body", "archived_at")),
        list(Link.objects.values_list("url")),
        list(Proposal.objects.filter(record_type="item").values_list("status")),
    ]


# --- over HTTP --------------------------------------------------------------------------


def test_an_outsider_lists_only_their_own_products(team, outsider: Client) -> None:  # type: ignore[no-untyped-def]
    assert [p["key"] for p in outsider.get("/api/v1/products").json()] == ["OUT"]
    assert [p["key"] for p in outsider.get("/api/v1/me").json()["products"]] == ["OUT"]


READS = [
    "/api/v1/products/DRN",
    "/api/v1/products/DRN/items",
    "/api/v1/products/DRN/members",
    "/api/v1/products/DRN/events",
    "/api/v1/products/DRN/proposals",
    "/api/v1/products/DRN/refinement",
    "/api/v1/items/DRN-1",
    "/api/v1/items/DRN-1/events",
    "/api/v1/items/DRN-1/criteria",
    "/api/v1/items/DRN-1/comments",
    "/api/v1/items/DRN-1/links",
]


@pytest.mark.parametrize("path", READS)
def test_an_outsider_reading_drn_gets_404_not_403(drn, outsider: Client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = outsider.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert "Secret" not in response.content.decode()


WRITES = [
    ("post", "/api/v1/products/DRN/items", {"title": "Planted"}),
    ("post", "/api/v1/products/DRN/items/quick-add", {"text": "As a spy I want in"}),
    ("patch", "/api/v1/items/DRN-1", {"title": "Defaced", "version": 1}),
    ("delete", "/api/v1/items/DRN-1", None),
    ("post", "/api/v1/items/DRN-1/restore", None),
    ("post", "/api/v1/items/DRN-1/move", {"position": "top"}),
    ("post", "/api/v1/items/DRN-1/criteria", {"text": "Planted"}),
    ("patch", "/api/v1/items/DRN-1/criteria/{criterion}", {"text": "x", "version": 1}),
    ("post", "/api/v1/items/DRN-1/criteria/{criterion}/check", {"is_met": True}),
    ("delete", "/api/v1/items/DRN-1/criteria/{criterion}", None),
    ("post", "/api/v1/items/DRN-1/comments", {"body": "Planted"}),
    ("delete", "/api/v1/items/DRN-1/comments/{comment}", None),
    ("post", "/api/v1/items/DRN-1/links", {"url": "https://evil.test"}),
    ("delete", "/api/v1/items/DRN-1/links/{link}", None),
    ("post", "/api/v1/products/DRN/proposals/{proposal}/accept", None),
    ("post", "/api/v1/products/DRN/proposals/{proposal}/decline", {"reason": "x"}),
    ("post", "/api/v1/products/DRN/items/bulk", {"action": "archive", "items": ["DRN-1"]}),
    (
        "post",
        "/api/v1/products/DRN/members",
        {"email": "outsider@elsewhere.test", "role": "viewer"},
    ),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_an_outsiders_write_to_drn_is_a_404_and_changes_nothing(  # type: ignore[no-untyped-def]
    drn, outsider: Client, method: str, path: str, body: Any
) -> None:
    ids = {name: drn[name].pk for name in ("criterion", "comment", "link", "proposal")}
    before = _drn_state()
    response = getattr(outsider, method)(path.format(**ids), body, content_type="application/json")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert _drn_state() == before


def test_the_outsiders_own_product_is_theirs_to_use(team, outsider: Client) -> None:  # type: ignore[no-untyped-def]
    response = outsider.post(
        "/api/v1/products/OUT/items", {"title": "Our own"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["key"]) == (201, "OUT-1")


def test_moving_next_to_another_products_item_is_a_404(team, drn, outsider: Client) -> None:  # type: ignore[no-untyped-def]
    outsider.post("/api/v1/products/OUT/items", {"title": "Ours"}, content_type="application/json")
    response = outsider.post(
        "/api/v1/items/OUT-1/move", {"before": "DRN-1"}, content_type="application/json"
    )
    assert response.status_code == 404


# --- below the API: services handed the outsider's own access -----------------------------


def _theirs(team) -> ProductAccess:  # type: ignore[no-untyped-def]
    """The outsider is Product Owner and Manager of OUT: every right, in the wrong product."""
    return product_access(user=team.outsider, product_key="OUT")


SERVICE_CALLS: dict[str, Callable[[ProductAccess, dict[str, Any]], object]] = {
    "update": lambda a, d: services.item_update(
        access=a, item=d["story"], changes={"title": "Defaced"}, expected_version=d["story"].version
    ),
    "archive": lambda a, d: services.item_archive(access=a, item=d["story"]),
    "restore": lambda a, d: services.item_restore(access=a, item=d["story"]),
    "move": lambda a, d: services.item_move(access=a, item=d["story"], position="top"),
    "add criterion": lambda a, d: services.criterion_add(
        access=a, item=d["story"], fields={"text": "x"}
    ),
    "edit criterion": lambda a, d: services.criterion_update(
        access=a,
        criterion_id=d["criterion"].pk,
        fields={"text": "x"},
        expected_version=d["criterion"].version,
    ),
    "check criterion": lambda a, d: services.criterion_check(
        access=a, criterion_id=d["criterion"].pk, is_met=True
    ),
    "remove criterion": lambda a, d: services.criterion_remove(
        access=a, criterion_id=d["criterion"].pk
    ),
    "comment": lambda a, d: services.comment_add(access=a, item=d["story"], body="x"),
    "remove comment": lambda a, d: services.comment_archive(access=a, comment_id=d["comment"].pk),
    "link": lambda a, d: services.link_add(access=a, item=d["story"], url="https://evil.test"),
    "remove link": lambda a, d: services.link_remove(access=a, link_id=d["link"].pk),
    "accept proposal": lambda a, d: services.proposal_accept(
        access=a, proposal_id=d["proposal"].pk
    ),
    "decline proposal": lambda a, d: services.proposal_decline(
        access=a, proposal_id=d["proposal"].pk
    ),
}


@pytest.mark.parametrize("call", list(SERVICE_CALLS))
def test_a_service_given_another_products_record_says_not_found(team, drn, call: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        SERVICE_CALLS[call](_theirs(team), drn)


@pytest.mark.parametrize("call", list(SERVICE_CALLS))
def test_a_refused_cross_product_write_leaves_drn_untouched(team, drn, call: str) -> None:  # type: ignore[no-untyped-def]
    before = _drn_state()
    with pytest.raises(NotFound):
        SERVICE_CALLS[call](_theirs(team), drn)
    assert _drn_state() == before


@pytest.mark.parametrize(
    "bulk",
    [
        lambda a, ids: services.items_bulk_archive(access=a, item_ids=ids),
        lambda a, ids: services.items_bulk_estimate(access=a, item_ids=ids, estimate=3),
        lambda a, ids: services.items_bulk_move(access=a, item_ids=ids, position="top"),
    ],
    ids=["archive", "estimate", "move"],
)
def test_a_bulk_action_on_another_products_items_changes_nothing(team, drn, bulk) -> None:  # type: ignore[no-untyped-def]
    before = _drn_state()
    with pytest.raises(ValidationFailed) as caught:
        bulk(_theirs(team), [drn["story"].pk])
    assert set(caught.value.errors) == {"items"}
    assert _drn_state() == before


def test_filtering_by_another_products_epic_shows_nothing(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    epic = services.item_create(access=po, fields={"title": "Platform", "kind": "epic"})
    services.item_create(access=po, fields={"title": "Child", "parent": epic.key})
    page = selectors.backlog_page(access=po, filters=selectors.BacklogFilters(epic="OUT-1"))
    assert page.items == []


def test_an_outsider_cannot_be_assigned_to_a_drn_item(team, drn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.item_update(
            access=team.access("product_owner"),
            item=drn["story"],
            changes={"assignee": team.outsider.email},
            expected_version=drn["story"].version,
        )
    assert set(caught.value.errors) == {"assignee"}
