"""The wiki over the API, as each role's token and a stranger's session meet it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.workspace.models import Role
from tests.conftest import ROLES, Team

from .wiki_helpers import edit, item, page

pytestmark = pytest.mark.django_db

PAGES = "/api/v1/products/DRN/pages"
CREATED = {
    Role.PRODUCT_MANAGER: 201,
    Role.PRODUCT_OWNER: 201,
    Role.TEAM_MEMBER: 201,
    Role.STAKEHOLDER: 403,
    Role.VIEWER: 403,
}


def _client(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_creates_a_page_or_is_refused_and_every_member_lists_them(
    team: Team, role: str
) -> None:
    page(team.access(Role.PRODUCT_OWNER), title="Onboarding")
    client = _client(team, role)
    created = _post(client, PAGES, {"title": "Notes", "template": "meeting"})
    assert created.status_code == CREATED[Role(role)]
    titles = [p["title"] for p in client.get(PAGES).json()]
    assert titles == (["Notes", "Onboarding"] if created.status_code == 201 else ["Onboarding"])


def test_another_organization_finds_neither_the_list_nor_a_page_nor_its_diff(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Secret plan")
    outsider = Client()
    outsider.force_login(team.outsider)
    assert outsider.get(PAGES).status_code == 404
    assert outsider.get(f"{PAGES}/{written.pk}/diff?from=1&to=1").status_code == 404
    restore = _post(outsider, f"{PAGES}/{written.pk}/restore-version", {"revision": 1})
    assert restore.status_code == 404


def test_a_page_under_its_own_sub_page_is_refused_naming_the_parent(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Product")
    below = page(po, title="Specs", parent=top.pk)
    refused = _client(team, Role.TEAM_MEMBER).patch(
        f"{PAGES}/{top.pk}",
        {"parent": below.pk},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert set(refused.json()["errors"]) == {"parent"}


def test_the_diff_between_two_versions(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="alpha\nbeta")
    edit(po, written.pk, body="alpha\ngamma")
    answer = _client(team, Role.STAKEHOLDER).get(f"{PAGES}/{written.pk}/diff?from=1&to=2")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["from_version"], body["to_version"], body["added"], body["removed"]) == (
        1,
        2,
        1,
        1,
    )
    assert [(line["tag"], line["old"], line["new"]) for line in body["lines"]] == [
        ("equal", "alpha", "alpha"),
        ("replace", "beta", "gamma"),
    ]


def test_a_diff_of_a_version_never_saved_is_a_field_error(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Plan")
    answer = _client(team, Role.VIEWER).get(f"{PAGES}/{written.pk}/diff?from=4&to=1")
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"from"}
    missing = _client(team, Role.VIEWER).get(f"{PAGES}/{written.pk}/diff?to=1")
    assert (missing.status_code, set(missing.json()["errors"])) == (422, {"from"})


def test_restoring_a_version_needs_if_match_and_answers_the_new_version(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, body="second")
    url = f"{PAGES}/{written.pk}/restore-version"
    client = _client(team, Role.TEAM_MEMBER)
    assert _post(client, url, {"revision": 1}).status_code == 428
    stale = _post(client, url, {"revision": 1}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale.json()["current"]["body"]) == (409, "second")
    restored = _post(client, url, {"revision": 1}, **{"If-Match": '"2"'})
    assert (restored.status_code, restored["ETag"]) == (200, '"3"')
    assert restored.json()["body"] == "first"
    versions = client.get(f"{PAGES}/{written.pk}/versions").json()
    assert [v["body"] for v in versions] == ["first", "second", "first"]
    history = client.get(f"{PAGES}/{written.pk}/history").json()
    assert history[0]["verb"] == "wiki_page.version_restored"


def test_a_stakeholder_cannot_restore_a_version(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, body="second")
    url = f"{PAGES}/{written.pk}/restore-version"
    refused = _post(_client(team, Role.STAKEHOLDER), url, {"revision": 1}, **{"If-Match": '"2"'})
    assert refused.status_code == 403


def test_a_page_answers_the_records_it_links_to_as_a_linked_items_backlink(team: Team) -> None:
    story = item(team)
    client = _client(team, Role.PRODUCT_MANAGER)
    created = _post(client, PAGES, {"title": "PRD", "body": f"Covers {story.key}."})
    assert created.status_code == 201
    page_html = Client()
    page_html.force_login(team.stakeholder)
    shown = page_html.get(f"/items/{story.key}/")
    assert "Linked from wiki" in shown.content.decode()
    assert f"/p/DRN/wiki/{created.json()['id']}/" in shown.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(
    team: Team, django_assert_max_num_queries: Any
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Top")
    for n in range(15):
        page(po, title=f"Page {n}", parent=top.pk, body=f"See DRN-{n} and @po")
    client = _client(team, Role.VIEWER)
    client.get(PAGES)  # the token's first use is remembered
    with django_assert_max_num_queries(8):
        assert len(client.get(PAGES).json()) == 16
