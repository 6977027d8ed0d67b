"""The item page: editing, proposals, criteria, comments, links, archive and history."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tandem.backlog import services
from tandem.backlog.models import AcceptanceCriterion, Comment, Item, Link
from tandem.workspace.models import Proposal
from tests.conftest import Team

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _story(team: Team, **fields: object) -> Item:
    return services.item_create(
        access=team.access("product_owner"),
        fields={
            "title": "Longer flight time",
            "as_a": "pilot",
            "i_want": "longer flight time",
            "so_that": "I can film a whole event",
            **fields,
        },
    )


def _edit(client: Client, item: Item, section: str, **fields: object) -> HttpResponse:
    return client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"version": item.version, "section": section, **fields},
        headers=HX,
    )


def test_the_item_page_shows_the_story_parts_and_what_ready_still_needs(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.viewer)
    html = client.get(reverse("backlog:item", args=[item.key])).content.decode()
    assert "pilot" in html
    assert "I can film a whole event" in html
    assert "still missing: acceptance criteria, estimate" in html
    assert "Not ready" in html


def test_the_description_is_rendered_from_markdown_without_scripts(
    team: Team, client: Client
) -> None:
    item = _story(team, description="**Bold** claim\n\n<script>alert('x')</script>")
    client.force_login(team.po)
    html = client.get(reverse("backlog:item", args=[item.key])).content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html


def test_the_product_owner_saves_the_story_and_the_page_gets_the_new_version(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.po)
    response = _edit(
        client,
        item,
        "story",
        title="45-minute flight time",
        as_a="pilot",
        i_want="longer flight time",
        so_that="I can film a whole wedding",
        kind="story",
        description="",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.so_that) == ("45-minute flight time", "I can film a whole wedding")
    html = response.content.decode()
    assert 'id="item-story"' in html
    assert f'id="item-version" data-version="{item.version}" hidden hx-swap-oob="true"' in html
    assert 'id="item-history"' in html
    assert "<del>I can film a whole event</del>" in html


def test_a_product_managers_story_edit_becomes_a_proposal_and_says_so(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.pm)
    page = client.get(reverse("backlog:item", args=[item.key])).content.decode()
    assert "your changes go to them as a proposal" in page
    response = _edit(client, item, "story", title="45-minute flight time", i_want="longer flight")
    assert response.status_code == 202
    assert "went to the Product Owner as a proposal" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Longer flight time"
    proposal = Proposal.objects.get(record_type="item", record_id=item.pk)
    assert proposal.payload["changes"] == {
        "title": "45-minute flight time",
        "i_want": "longer flight",
    }


def test_a_mixed_edit_saves_work_fields_and_proposes_the_rest(team: Team, client: Client) -> None:
    item = _story(team)
    epic = services.item_create(
        access=team.access("product_owner"), fields={"title": "Battery", "kind": "epic"}
    )
    client.force_login(team.dev)
    response = _edit(client, item, "details", estimate="5", parent=epic.key, labels="battery")
    assert response.status_code == 200
    assert "Saved Estimate, Labels" in response.content.decode()
    item.refresh_from_db()
    assert item.estimate == 5
    assert item.parent_id is None
    assert Proposal.objects.get(record_type="item", record_id=item.pk).payload["changes"] == {
        "parent": epic.key
    }


def test_saving_an_unchanged_form_writes_nothing(team: Team, client: Client) -> None:
    item = _story(team, labels=["battery", "app"])
    client.force_login(team.pm)
    response = _edit(client, item, "details", status="new", estimate="", labels="app, battery")
    assert "Nothing to save" in response.content.decode()
    assert not Proposal.objects.filter(record_type="item").exists()
    assert Item.objects.get(pk=item.pk).version == item.version


def test_prioritization_inputs_update_the_scores_and_the_quadrant(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.po)
    response = _edit(
        client,
        item,
        "priority",
        value="8",
        effort="3",
        reach="2000",
        impact="2",
        confidence="80",
        rice_effort="1.5",
        moscow="must",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.rice_score == pytest.approx(2000 * 2 * 0.8 / 1.5)
    assert "Quick win" in response.content.decode()


def test_a_non_number_score_is_refused_per_field(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.po)
    response = _edit(client, item, "priority", value="high")
    assert response.status_code == 422
    assert "value: must be a whole number" in response.content.decode()


# --- acceptance criteria -----------------------------------------------------------------------


def test_criteria_are_added_checked_edited_and_removed_from_the_page(
    team: Team, client: Client
) -> None:
    item = _story(team, estimate=5)
    client.force_login(team.po)
    add = reverse("backlog:criterion-add", args=[item.key])
    response = client.post(
        add, {"text": "Shows minutes left", "item_version": item.version}, headers=HX
    )
    assert response.status_code == 200
    client.post(
        add,
        {"given": "a full battery", "when": "I hover", "then": "it lasts 45 minutes"},
        headers=HX,
    )
    first, second = AcceptanceCriterion.objects.filter(item=item).order_by("position")
    assert "Shows minutes left" in response.content.decode()
    assert 'id="item-version"' in response.content.decode()
    item.refresh_from_db()
    assert item.is_ready

    check = reverse("backlog:criterion-check", args=[item.key, first.pk])
    response = client.post(check, {"is_met": "1"}, headers=HX)
    assert 'id="criterion-' in response.content.decode()
    first.refresh_from_db()
    assert first.is_met

    update = reverse("backlog:criterion-update", args=[item.key, second.pk])
    client.post(
        update, {"version": second.version, "text": "", "then": "it lasts 40 minutes"}, headers=HX
    )
    second.refresh_from_db()
    assert second.then == "it lasts 40 minutes"

    remove = reverse("backlog:criterion-remove", args=[item.key, first.pk])
    client.post(remove, headers=HX)
    assert AcceptanceCriterion.objects.filter(item=item, archived_at__isnull=True).count() == 1


def test_a_criterion_change_on_a_stale_page_withholds_the_new_version(
    team: Team, client: Client
) -> None:
    item = _story(team)
    stale_version = item.version
    services.item_update(
        access=team.access("team_member"),
        item=item,
        changes={"estimate": 3},
        expected_version=stale_version,
    )
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:criterion-add", args=[item.key]),
        {"text": "Shows minutes left", "item_version": stale_version},
        headers=HX,
    )
    assert response.status_code == 200
    assert 'id="item-version"' not in response.content.decode()


def test_a_product_managers_criterion_waits_for_the_product_owner(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.pm)
    response = client.post(
        reverse("backlog:criterion-add", args=[item.key]), {"text": "Works"}, headers=HX
    )
    assert response.status_code == 200
    assert "Proposed to the Product Owner" in response.content.decode()
    assert not AcceptanceCriterion.objects.exists()


def test_a_stakeholder_cannot_touch_a_storys_criteria(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.stakeholder)
    response = client.post(
        reverse("backlog:criterion-add", args=[item.key]), {"text": "Works"}, headers=HX
    )
    assert response.status_code == 403
    assert not AcceptanceCriterion.objects.exists()


# --- comments and links -------------------------------------------------------------------------


def test_a_question_and_its_answer_show_as_a_thread(team: Team, client: Client) -> None:
    item = _story(team)
    url = reverse("backlog:comment-add", args=[item.key])
    client.force_login(team.dev)
    client.post(url, {"body": "Is 40 minutes enough?", "is_question": "1"}, headers=HX)
    question = Comment.objects.get(item=item)
    assert question.is_question
    client.force_login(team.po)
    response = client.post(url, {"body": "Aim for 45.", "reply_to": question.pk}, headers=HX)
    html = response.content.decode()
    assert "Question · answered" in html
    assert html.index("Is 40 minutes enough?") < html.index("Aim for 45.")
    assert Comment.objects.get(body="Aim for 45.").reply_to_id == question.pk


def test_a_stakeholder_comments_but_a_viewer_cannot(team: Team, client: Client) -> None:
    item = _story(team)
    url = reverse("backlog:comment-add", args=[item.key])
    client.force_login(team.stakeholder)
    assert client.post(url, {"body": "Customers ask for this"}, headers=HX).status_code == 200
    client.force_login(team.viewer)
    assert client.post(url, {"body": "Me too"}, headers=HX).status_code == 403
    assert Comment.objects.count() == 1


def test_the_author_removes_their_comment(team: Team, client: Client) -> None:
    item = _story(team)
    comment = services.comment_add(access=team.access("team_member"), item=item, body="Typo")
    client.force_login(team.dev)
    client.post(reverse("backlog:comment-remove", args=[item.key, comment.pk]), headers=HX)
    comment.refresh_from_db()
    assert comment.archived_at is not None


def test_links_to_mockups_are_added_and_removed(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.dev)
    response = client.post(
        reverse("backlog:link-add", args=[item.key]),
        {"url": "https://figma.example/flight", "title": "Flight screen", "kind": "mockup"},
        headers=HX,
    )
    assert "Flight screen" in response.content.decode()
    link = Link.objects.get(item=item)
    client.post(reverse("backlog:link-remove", args=[item.key, link.pk]), headers=HX)
    assert not Link.objects.exists()


def test_a_link_that_is_not_http_is_refused(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.dev)
    response = client.post(
        reverse("backlog:link-add", args=[item.key]), {"url": "javascript:alert(1)"}, headers=HX
    )
    assert response.status_code == 422
    assert not Link.objects.exists()


# --- archive, restore, history -------------------------------------------------------------------


def test_the_product_owner_archives_and_restores_from_the_item_page(
    team: Team, client: Client
) -> None:
    item = _story(team)
    client.force_login(team.po)
    response = client.post(reverse("backlog:item-archive", args=[item.key]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_archived
    page = client.get(response["Location"]).content.decode()
    assert "Archived DRN-1" in page
    assert "Restore to the backlog" in page
    client.post(reverse("backlog:item-restore", args=[item.key]))
    item.refresh_from_db()
    assert not item.is_archived


def test_a_team_members_archive_becomes_a_proposal(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.dev)
    response = client.post(reverse("backlog:item-archive", args=[item.key]), headers=HX)
    assert "Proposed to the Product Owner" in response.content.decode()
    item.refresh_from_db()
    assert not item.is_archived


def test_a_viewer_cannot_archive(team: Team, client: Client) -> None:
    item = _story(team)
    client.force_login(team.viewer)
    assert client.post(reverse("backlog:item-archive", args=[item.key])).status_code == 403
    item.refresh_from_db()
    assert not item.is_archived


def test_history_lists_who_changed_what_from_before_to_after(team: Team, client: Client) -> None:
    item = _story(team)
    services.item_update(
        access=team.access("team_member"),
        item=item,
        changes={"status": "in_progress", "estimate": 5},
        expected_version=item.version,
    )
    services.item_move(access=team.access("product_manager"), item=item, position="top")
    client.force_login(team.viewer)
    html = client.get(reverse("backlog:item", args=[item.key])).content.decode()
    history = html[html.index('id="item-history"') :]
    assert team.dev.display_name in history
    assert "<del>new</del>" in history
    assert "<ins>in_progress</ins>" in history
    assert "proposed to move it to the top" in history
    assert "created the item" in history
