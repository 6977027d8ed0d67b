"""Every backlog page renders for every role, and offers only what the role may do."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.workspace.models import Role
from tests.conftest import Team

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
HX = {"HX-Request": "true"}


def _backlog(team: Team, titles: list[str]) -> list[Item]:
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def _pages(team: Team) -> list[str]:
    key = team.product.key
    return [
        reverse("backlog:list", args=[key]),
        reverse("backlog:list", args=[key]) + "?sort=rice&kind=story&ready=0&assignee=me",
        reverse("backlog:matrix", args=[key]),
        reverse("backlog:refinement", args=[key]),
        reverse("backlog:refinement", args=[key]) + "?view=archived",
        reverse("backlog:proposals", args=[key]),
        reverse("backlog:item", args=[f"{key}-1"]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_backlog_page_renders_for_each_role(team: Team, client: Client, role: str) -> None:
    _backlog(team, ["Longer flight time", "Obstacle sensing"])
    client.force_login(team.person(role))
    for url in _pages(team):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<html" in response.content


def test_someone_from_another_organization_gets_not_found(team: Team, client: Client) -> None:
    _backlog(team, ["Longer flight time"])
    client.force_login(team.outsider)
    for url in _pages(team):
        assert client.get(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(team: Team, client: Client) -> None:
    response = client.get(reverse("backlog:list", args=[team.product.key]))
    assert response.status_code == 302
    assert reverse("web:sign-in") in response["Location"]


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_see_no_drag_handles_and_no_editing_controls(
    team: Team, client: Client, role: str
) -> None:
    a, _ = _backlog(team, ["Longer flight time", "Obstacle sensing"])
    services.item_update(
        access=team.access("product_owner"),
        item=a,
        changes={"value": 8, "effort": 3},
        expected_version=a.version,
    )
    client.force_login(team.person(role))
    pages = [
        client.get(reverse("backlog:list", args=[team.product.key])),
        client.get(reverse("backlog:matrix", args=[team.product.key])),
    ]
    for response in pages:
        html = response.content.decode()
        assert "drag-handle" not in html
        assert "data-sortable" not in html
        assert 'id="quick-add-text"' not in html
    assert 'aria-label="Status of' not in pages[0].content.decode()


@pytest.mark.parametrize("role", ["product_owner", "product_manager", "team_member"])
def test_people_who_may_reorder_get_drag_handles_and_quick_add(
    team: Team, client: Client, role: str
) -> None:
    _backlog(team, ["Longer flight time"])
    client.force_login(team.person(role))
    html = client.get(reverse("backlog:list", args=[team.product.key])).content.decode()
    assert 'class="drag-handle"' in html
    assert 'data-sortable="rows"' in html
    assert 'id="quick-add-text"' in html


def test_sorting_by_a_score_hides_the_drag_handles(team: Team, client: Client) -> None:
    _backlog(team, ["Longer flight time"])
    client.force_login(team.po)
    html = client.get(reverse("backlog:list", args=[team.product.key]) + "?sort=wsjf")
    assert "drag-handle" not in html.content.decode()


def test_an_empty_backlog_says_what_to_do_first(team: Team, client: Client) -> None:
    client.force_login(team.po)
    html = client.get(reverse("backlog:list", args=[team.product.key])).content.decode()
    assert "No items yet — type a story above" in html


def test_only_the_product_owner_sees_archive_and_proposal_decisions(
    team: Team, client: Client
) -> None:
    (item,) = _backlog(team, ["Longer flight time"])
    services.item_move(access=team.access("product_manager"), item=item, position="top")
    item_url = reverse("backlog:item", args=[item.key])
    proposals_url = reverse("backlog:proposals", args=[team.product.key])
    client.force_login(team.po)
    assert "Archive" in client.get(item_url).content.decode()
    assert "Accept" in client.get(proposals_url).content.decode()
    client.force_login(team.pm)
    assert ">Archive<" not in client.get(item_url).content.decode()
    assert ">Accept<" not in client.get(proposals_url).content.decode()


def test_product_home_links_to_the_proposals_page(team: Team, client: Client) -> None:
    client.force_login(team.po)
    html = client.get(reverse("web:product-home", args=[team.product.key])).content.decode()
    assert reverse("backlog:proposals", args=[team.product.key]) in html
    assert "?proposals=1" not in html


def test_an_htmx_request_gets_the_partial_and_a_plain_one_the_page(
    team: Team, client: Client
) -> None:
    _backlog(team, ["Longer flight time"])
    client.force_login(team.po)
    url = reverse("backlog:list", args=[team.product.key]) + "?kind=story&status="
    partial = client.get(url, headers=HX)
    assert b"<html" not in partial.content
    assert b'id="backlog-rows"' in partial.content
    assert (
        partial["HX-Push-Url"] == reverse("backlog:list", args=[team.product.key]) + "?kind=story"
    )
    assert "HX-Request" in partial["Vary"]
    assert b"<html" in client.get(url).content
