"""The wiki in the browser: tree, page, edit with preview, history with diff, restore,
and "Linked from wiki" on the linked records' pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.knowledge.models import WikiPage
from tandem.workspace.models import Role
from tests.conftest import Team

from .wiki_helpers import edit, item, page, record

pytestmark = pytest.mark.django_db

WIKI = "/p/DRN/wiki/"


def _signed_in(team: Team, role: str) -> Client:
    client = Client()
    client.force_login(team.person(role))
    return client


def test_the_index_shows_the_pages_as_a_tree(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Product")
    page(po, title="Specs", parent=top.pk)
    html = _signed_in(team, Role.VIEWER).get(WIKI).content.decode()
    assert (
        html.index(">Product<") < html.index("<ul", html.index(">Product<")) < html.index(">Specs<")
    )
    assert 'id="wiki-new"' not in html  # a viewer reads; the new-page form is for writers


def test_an_empty_wiki_says_what_to_do_first(team: Team) -> None:
    html = _signed_in(team, Role.TEAM_MEMBER).get(WIKI).content.decode()
    assert "No pages yet." in html
    assert 'id="wiki-new"' in html


def test_creating_from_a_template_opens_the_new_page_for_editing(team: Team) -> None:
    client = _signed_in(team, Role.TEAM_MEMBER)
    answer = client.post(f"{WIKI}new", {"title": "Sprint 12 review", "template": "meeting"})
    created = WikiPage.objects.get(title="Sprint 12 review")
    assert answer["Location"] == f"{WIKI}{created.pk}/edit"
    form = client.get(answer["Location"]).content.decode()
    assert "## Action items" in form


def test_a_page_shows_its_text_with_links_and_nothing_executable(team: Team) -> None:
    story = item(team)
    body = f"# Scope\n\nCovers {story.key} with @po.\n\n<script>alert(1)</script>"
    written = page(team.access(Role.PRODUCT_OWNER), title="PRD", body=body)
    html = _signed_in(team, Role.STAKEHOLDER).get(f"{WIKI}{written.pk}/").content.decode()
    assert (
        f'<a href="/items/{story.key}/" rel="noopener noreferrer nofollow">{story.key}</a>' in html
    )
    assert "<h1>Scope</h1>" in html
    assert "<script>alert(1)" not in html
    assert f"{WIKI}{written.pk}/edit" not in html  # a stakeholder reads


def test_saving_the_edit_form_makes_a_new_version(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Plan", body="first")
    client = _signed_in(team, Role.PRODUCT_MANAGER)
    answer = client.post(
        f"{WIKI}{written.pk}/edit", {"title": "Plan", "body": "second", "parent": "", "version": 1}
    )
    assert answer.status_code == 302
    written.refresh_from_db()
    assert (written.version, written.body) == (2, "second")


def test_a_stale_edit_shows_the_other_persons_words_and_keeps_yours(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, body="the PO's words")
    answer = _signed_in(team, Role.TEAM_MEMBER).post(
        f"{WIKI}{written.pk}/edit", {"title": "Plan", "body": "my words", "version": 1}
    )
    html = answer.content.decode()
    assert answer.status_code == 409
    assert "the PO&#x27;s words" in html
    assert "my words" in html
    assert 'name="version" value="2"' in html


def test_moving_a_page_under_its_sub_page_is_refused_on_the_form(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Product")
    below = page(po, title="Specs", parent=top.pk)
    answer = _signed_in(team, Role.PRODUCT_OWNER).post(
        f"{WIKI}{top.pk}/edit", {"title": "Product", "parent": below.pk, "version": 1}
    )
    assert answer.status_code == 422
    assert "parent a page cannot sit under itself" in answer.content.decode()


def test_the_preview_renders_the_text_for_htmx(team: Team) -> None:
    answer = _signed_in(team, Role.TEAM_MEMBER).post(
        f"{WIKI}preview", {"body": "**bold** <img src=x onerror=alert(1)>"}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert "<strong>bold</strong>" in html
    assert "onerror" not in html


def test_history_shows_the_latest_change_and_any_two_versions_on_request(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="alpha")
    edit(po, written.pk, body="beta")
    edit(po, written.pk, body="gamma")
    client = _signed_in(team, Role.VIEWER)
    latest = client.get(f"{WIKI}{written.pk}/history").content.decode()
    assert "Version 2 → version 3" in latest
    assert 'form="restore-' not in latest  # a viewer cannot restore
    swapped = client.get(f"{WIKI}{written.pk}/history?from=1&to=3", HTTP_HX_REQUEST="true")
    html = swapped.content.decode()
    assert html.startswith('<section id="wiki-diff"')
    assert "Version 1 → version 3" in html
    assert "alpha" in html
    assert "gamma" in html


def test_restoring_a_version_from_history(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, body="second")
    client = _signed_in(team, Role.TEAM_MEMBER)
    assert 'form="restore-1"' in client.get(f"{WIKI}{written.pk}/history").content.decode()
    answer = client.post(f"{WIKI}{written.pk}/restore-version", {"revision": 1, "version": 2})
    assert answer.status_code == 302
    written.refresh_from_db()
    assert (written.version, written.body) == (3, "first")


def test_archive_and_restore_a_page_from_its_page(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Old notes")
    client = _signed_in(team, Role.PRODUCT_OWNER)
    url = f"{WIKI}{written.pk}/"
    generic = client.get(f"/p/DRN/r/wiki-page/{written.pk}/")  # the spine's own page works too
    assert (generic.status_code, "Wiki page: Old notes" in generic.content.decode()) == (200, True)
    client.post(f"/p/DRN/r/wiki-page/{written.pk}/archive/", {"next": url, "version": 1})
    assert ">Old notes<" not in client.get(WIKI).content.decode()
    assert ">Old notes<" in client.get(f"{WIKI}?archived=1").content.decode()
    client.post(
        f"/p/DRN/r/wiki-page/{written.pk}/archive/",
        {"next": url, "version": 2, "restore": "1"},
    )
    assert ">Old notes<" in client.get(WIKI).content.decode()


def test_a_decision_and_an_initiative_list_the_pages_that_link_to_them(team: Team) -> None:
    decision = record(team, "decision", title="Ship without the case", level="strategic")
    initiative = record(team, "initiative", title="Longer flights")
    written = page(
        team.access(Role.PRODUCT_OWNER),
        title="Case study",
        body=f"Follows decision:{decision.pk} for initiative:{initiative.pk}.",
    )
    client = _signed_in(team, Role.STAKEHOLDER)
    for kind, pk in (("decision", decision.pk), ("initiative", initiative.pk)):
        html = client.get(f"/p/DRN/strategy/{kind}/{pk}/").content.decode()
        assert "Linked from wiki" in html
        assert f'href="{WIKI}{written.pk}/">Case study</a>' in html


def test_another_organization_finds_no_wiki(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Plan")
    outsider = Client()
    outsider.force_login(team.outsider)
    assert outsider.get(WIKI).status_code == 404
    assert outsider.get(f"{WIKI}{written.pk}/").status_code == 404
