"""A read is answered 304 only when the caller already holds exactly the body it would get."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.backlog import services
from tests.conftest import Team

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/products/DRN/items"


def _bearer(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _story(team: Team, title: str = "Longer flight time") -> None:
    services.item_create(access=team.access("product_owner"), fields={"title": title})


def test_an_api_read_carries_an_etag_and_a_matching_read_is_a_bodiless_304(team: Team) -> None:
    _story(team)
    client = _bearer(team)
    first = client.get(ITEMS)
    again = client.get(ITEMS, headers={"If-None-Match": first["ETag"]})
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])


def test_an_api_read_is_private_revalidated_and_varies_by_session_and_token(team: Team) -> None:
    _story(team)
    response = _bearer(team).get(ITEMS)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"private", "no-cache"} <= cache_control
    assert {"Cookie", "Authorization"} <= vary


def test_after_ones_own_write_the_old_etag_gets_the_new_body(team: Team) -> None:
    _story(team)
    client = _bearer(team)
    before = client.get(ITEMS)
    written = client.patch(
        "/api/v1/items/DRN-1",
        {"title": "Fly 40 minutes"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    after = client.get(ITEMS, headers={"If-None-Match": before["ETag"]})
    assert written.status_code == 200
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["items"][0]["title"] == "Fly 40 minutes"


def test_a_record_version_etag_stays_and_never_answers_304(team: Team) -> None:
    # The item's answer also carries its progress, which moves without its version.
    _story(team)
    client = _bearer(team)
    first = client.get("/api/v1/items/DRN-1")
    again = client.get("/api/v1/items/DRN-1", headers={"If-None-Match": first["ETag"]})
    assert first["ETag"] == '"1"'
    assert (again.status_code, again["ETag"]) == (200, '"1"')


def test_a_page_read_again_unchanged_is_a_304(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _story(team)
    client = signed_in(team.po)
    first = client.get("/p/DRN/backlog/")
    again = client.get("/p/DRN/backlog/", headers={"If-None-Match": first["ETag"]})
    assert first.status_code == 200
    assert "private" in first["Cache-Control"]
    assert (again.status_code, again.content) == (304, b"")


def test_a_page_after_ones_own_change_is_read_afresh(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _story(team)
    client = signed_in(team.po)
    first = client.get("/p/DRN/backlog/")
    _story(team, "Obstacle avoidance")
    after = client.get("/p/DRN/backlog/", headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert "Obstacle avoidance" in after.content.decode()


def test_a_signed_out_answer_carries_no_private_validator() -> None:
    response = Client().get("/signin/")
    assert "ETag" not in response
