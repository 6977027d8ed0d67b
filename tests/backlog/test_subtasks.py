"""Sub-tasks under stories, tasks and bugs; progress of a parent and of an epic."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import rollups, selectors, services
from tandem.backlog.models import Item, WorkRollup
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tests.conftest import Team

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _item(team: Team, title: str, role: str = "product_owner", **fields: Any) -> Item:
    return services.item_create(access=team.access(role), fields={"title": title, **fields})


@pytest.fixture
def story(team: Team) -> Item:
    epic = _item(team, "Flight platform", kind="epic")
    return _item(team, "Longer flight time", parent=epic.key, estimate=5)


@pytest.mark.parametrize("role", ["product_owner", "product_manager", "team_member"])
def test_the_team_adds_a_subtask_under_a_story(team: Team, story: Item, role: str) -> None:
    subtask = _item(team, "Bigger battery", role=role, kind="subtask", parent=story.key)
    assert (subtask.kind, subtask.parent_id) == ("subtask", story.pk)


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_stakeholders_and_viewers_cannot_add_subtasks(team: Team, story: Item, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _item(team, "Bigger battery", role=role, kind="subtask", parent=story.key)


def test_a_subtask_needs_a_parent(team: Team) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _item(team, "Bigger battery", kind="subtask")
    assert set(caught.value.errors) == {"parent"}


def test_a_subtask_cannot_sit_under_an_epic_or_another_subtask(team: Team, story: Item) -> None:
    subtask = _item(team, "Bigger battery", kind="subtask", parent=story.key)
    for parent in (story.parent.key, subtask.key):  # type: ignore[union-attr]
        with pytest.raises(ValidationFailed) as caught:
            _item(team, "Smaller motor", kind="subtask", parent=parent)
        assert set(caught.value.errors) == {"parent"}


def test_a_story_still_sits_only_under_an_epic(team: Team, story: Item) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _item(team, "Share logs", parent=story.key)
    assert "is not an epic" in caught.value.errors["parent"]


def test_a_story_with_subtasks_cannot_become_an_epic(team: Team, story: Item) -> None:
    _item(team, "Bigger battery", kind="subtask", parent=story.key)
    with pytest.raises(ValidationFailed) as caught:
        services.item_update(
            access=team.access("product_owner"),
            item=story,
            changes={"kind": "epic", "parent": None},
            expected_version=story.version,
        )
    assert set(caught.value.errors) == {"kind"}


def test_subtasks_do_not_count_twice_in_the_epics_rollup(team: Team, story: Item) -> None:
    for title in ("Bigger battery", "Lighter frame"):
        _item(team, title, kind="subtask", parent=story.key, estimate=3)
    sums = {
        (r.parent_key, r.items, r.points)
        for r in WorkRollup.objects.filter(product=team.product, items__gt=0)
    }
    assert sums == {(story.parent_id, 1, 5)}
    maintained = sorted(
        WorkRollup.objects.filter(items__gt=0).values_list("parent_key", "items", "points")
    )
    rollups.recompute(team.product)
    rebuilt = sorted(
        WorkRollup.objects.filter(items__gt=0).values_list("parent_key", "items", "points")
    )
    assert maintained == rebuilt


def test_a_parent_counts_its_subtasks_done(team: Team, story: Item) -> None:
    po = team.access("product_owner")
    first = _item(team, "Bigger battery", kind="subtask", parent=story.key)
    _item(team, "Lighter frame", kind="subtask", parent=story.key)
    services.item_update(access=po, item=first, changes={"status": "done"}, expected_version=1)
    progress = selectors.children_progress(access=po, parents=[story])[story.pk]
    assert (progress.done_items, progress.items, progress.label) == (
        1,
        2,
        "1 of 2 sub-tasks done",
    )


def test_an_epic_counts_points_and_items_done(team: Team, story: Item) -> None:
    po = team.access("product_owner")
    epic = story.parent
    other = _item(team, "Share logs", parent=epic.key, estimate=3)  # type: ignore[union-attr]
    services.item_update(access=po, item=other, changes={"status": "done"}, expected_version=1)
    _item(team, "Bigger battery", kind="subtask", parent=story.key, estimate=8)
    progress = selectors.children_progress(access=po, parents=[epic])[epic.pk]  # type: ignore[index]
    assert progress.label == "3 of 8 pts · 1 of 2 items done"
    assert progress.percent == 38


def test_the_backlog_lists_subtasks_under_their_parent_not_as_rows(team: Team, story: Item) -> None:
    _item(team, "Bigger battery", kind="subtask", parent=story.key)
    po = team.access("product_owner")
    rows = selectors.backlog_page(access=po, filters=selectors.BacklogFilters()).items
    assert [r.kind for r in rows] == ["epic", "story"]
    only = selectors.backlog_page(access=po, filters=selectors.BacklogFilters(kind="subtask"))
    assert [r.title for r in only.items] == ["Bigger battery"]


def test_the_item_page_adds_and_ticks_off_subtasks(team: Team, story: Item, signed_in) -> None:  # type: ignore[no-untyped-def]
    client: Client = signed_in(team.dev)
    added = client.post(
        reverse("backlog:subtask-add", args=[story.key]), {"title": "Bigger battery"}, headers=HX
    )
    assert added.status_code == 200
    assert "0 of 1 sub-tasks done" in added.content.decode()
    subtask = Item.objects.get(kind="subtask")
    ticked = client.post(
        reverse("backlog:subtask-check", args=[story.key, subtask.key]),
        {"version": subtask.version, "done": "1"},
        headers=HX,
    )
    assert ticked.status_code == 200
    assert "1 of 1 sub-tasks done" in ticked.content.decode()
    page = client.get(reverse("backlog:item", args=[story.key])).content.decode()
    assert "Bigger battery" in page
    assert "1 of 1 sub-tasks done" in page


def test_a_viewer_sees_the_checklist_without_boxes(team: Team, story: Item, signed_in) -> None:  # type: ignore[no-untyped-def]
    _item(team, "Bigger battery", kind="subtask", parent=story.key)
    page = signed_in(team.viewer).get(reverse("backlog:item", args=[story.key])).content.decode()
    assert "Bigger battery" in page
    assert "New sub-task" not in page


def test_the_epic_page_and_row_show_the_epics_progress(team: Team, story: Item, signed_in) -> None:  # type: ignore[no-untyped-def]
    client: Client = signed_in(team.po)
    epic_page = client.get(reverse("backlog:item", args=[story.parent.key])).content.decode()  # type: ignore[union-attr]
    assert "0 of 5 pts · 0 of 1 items done" in epic_page
    backlog = client.get(reverse("backlog:list", args=["DRN"])).content.decode()
    assert "0 of 5 pts · 0 of 1 items done" in backlog


def test_the_api_lists_subtasks_and_progress(team: Team, story: Item) -> None:
    _item(team, "Bigger battery", kind="subtask", parent=story.key)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('team_member')}")
    subtasks = client.get(f"/api/v1/items/{story.key}/subtasks").json()
    assert [s["title"] for s in subtasks] == ["Bigger battery"]
    item = client.get(f"/api/v1/items/{story.key}").json()
    assert (item["progress"]["items"], item["progress"]["done_items"]) == (1, 0)
    created = client.post(
        "/api/v1/products/DRN/items",
        {"title": "Lighter frame", "kind": "subtask", "parent": story.key},
        content_type="application/json",
    )
    assert (created.status_code, created.json()["parent"]) == (201, story.key)
