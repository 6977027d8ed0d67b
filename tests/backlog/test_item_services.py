"""The spine of every item write: audit, versions, conflicts, soft delete, field errors."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Proposal

pytestmark = pytest.mark.django_db


def _story(team, title: str = "Longer flight time", **fields: Any) -> Item:  # type: ignore[no-untyped-def]
    return services.item_create(
        access=team.access("product_owner"), fields={"title": title, **fields}
    )


def _update(team, item: Item, role: str = "product_owner", **changes: Any):  # type: ignore[no-untyped-def]
    return services.item_update(
        access=team.access(role), item=item, changes=changes, expected_version=item.version
    )


def _fresh(item: Item) -> Item:
    return Item.objects.select_related("product").get(pk=item.pk)


def _live_keys(team) -> list[str]:  # type: ignore[no-untyped-def]
    page = selectors.backlog_page(
        access=team.access("product_owner"), filters=selectors.BacklogFilters()
    )
    return [i.key for i in page.items]


# --- create -----------------------------------------------------------------------------


def test_items_are_numbered_in_order_with_the_product_key(team) -> None:  # type: ignore[no-untyped-def]
    assert [_story(team, t).key for t in ("A", "B", "C")] == ["DRN-1", "DRN-2", "DRN-3"]


def test_creating_an_item_records_who_created_it_and_what(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, as_a="pilot", estimate=3)
    event = Event.objects.get(verb="item.created", object_id=item.pk)
    assert event.actor == team.po
    assert event.before is None
    assert (event.after["title"], event.after["as_a"], event.after["estimate"]) == (
        "Longer flight time",
        "pilot",
        3,
    )


def test_the_product_owner_can_add_an_item_at_the_top(team) -> None:  # type: ignore[no-untyped-def]
    _story(team, "First")
    services.item_create(
        access=team.access("product_owner"), fields={"title": "Urgent"}, position="top"
    )
    assert _live_keys(team) == ["DRN-2", "DRN-1"]


def test_a_team_members_new_story_waits_at_the_bottom_for_the_po_to_place_it(team) -> None:  # type: ignore[no-untyped-def]
    _story(team, "First")
    services.item_create(
        access=team.access("team_member"), fields={"title": "Mine first!"}, position="top"
    )
    assert _live_keys(team) == ["DRN-1", "DRN-2"]


def test_a_new_item_cannot_start_accepted(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        _story(team, status="accepted")
    assert set(caught.value.errors) == {"status"}


def test_quick_add_fills_in_the_three_parts_of_a_story(team) -> None:  # type: ignore[no-untyped-def]
    item = services.item_quick_add(
        access=team.access("product_owner"),
        text="As a pilot I want longer flight time so that I can film a whole event",
    )
    assert (item.kind, item.as_a, item.i_want, item.so_that) == (
        "story",
        "pilot",
        "longer flight time",
        "I can film a whole event",
    )
    assert item.title == "Longer flight time"


def test_quick_add_of_plain_text_keeps_it_as_the_title(team) -> None:  # type: ignore[no-untyped-def]
    item = services.item_quick_add(access=team.access("product_owner"), text="Gimbal drifts")
    assert (item.title, item.as_a) == ("Gimbal drifts", "")


def test_quick_add_of_nothing_names_the_text_field(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.item_quick_add(access=team.access("product_owner"), text="   ")
    assert set(caught.value.errors) == {"text"}


# --- update: audit and versions ---------------------------------------------------------


def test_an_update_bumps_the_version(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _update(team, item, title="Fly 40 minutes")
    assert _fresh(item).version == 2


def test_an_update_audits_only_the_fields_that_changed(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, as_a="pilot")
    _update(team, item, title="Fly 40 minutes", as_a="pilot", estimate=5)
    event = Event.objects.get(verb="item.updated", object_id=item.pk)
    assert event.actor == team.po
    assert event.before == {"estimate": None, "title": "Longer flight time"}
    assert event.after == {"estimate": 5, "title": "Fly 40 minutes"}


def test_labels_are_stored_and_audited_by_name(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _update(team, item, labels=["battery", " camera ", "battery"])
    assert sorted(_fresh(item).labels.values_list("name", flat=True)) == ["battery", "camera"]
    event = Event.objects.get(verb="item.updated", object_id=item.pk)
    assert (event.before, event.after) == ({"labels": []}, {"labels": ["battery", "camera"]})


def test_a_stale_version_is_refused_with_the_current_state(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _update(team, item, title="Fly 40 minutes")
    with pytest.raises(Conflict) as caught:
        services.item_update(
            access=team.access("product_owner"),
            item=item,
            changes={"title": "Fly an hour"},
            expected_version=1,
        )
    assert caught.value.current["title"] == "Fly 40 minutes"
    assert caught.value.current["version"] == 2
    assert caught.value.current["key"] == "DRN-1"


def test_a_stale_write_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _update(team, item, title="Fly 40 minutes")
    events = Event.objects.count()
    with pytest.raises(Conflict):
        services.item_update(
            access=team.access("product_owner"),
            item=item,
            changes={"title": "Fly an hour", "estimate": 8},
            expected_version=1,
        )
    fresh = _fresh(item)
    assert (fresh.title, fresh.estimate, fresh.version) == ("Fly 40 minutes", None, 2)
    assert Event.objects.count() == events


def test_the_status_can_move_along_the_workflow(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    for status in ("ready", "in_progress", "done"):
        _update(team, _fresh(item), role="team_member", status=status)
    assert _fresh(item).status == "done"


def test_only_a_done_item_can_be_accepted(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    with pytest.raises(ValidationFailed) as caught:
        _update(team, item, status="accepted")
    assert set(caught.value.errors) == {"status"}


def test_the_team_cannot_reopen_an_accepted_item(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, status="done")
    _update(team, item, status="accepted")
    with pytest.raises(PermissionDenied):
        _update(team, _fresh(item), role="team_member", status="in_progress")


def test_a_product_managers_content_edit_waits_as_a_proposal(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    outcome = _update(team, item, role="product_manager", title="Fly 40 minutes")
    assert not outcome.applied
    assert outcome.proposal.payload["changes"] == {"title": "Fly 40 minutes"}
    fresh = _fresh(item)
    assert (fresh.title, fresh.version) == ("Longer flight time", 1)
    assert Event.objects.filter(verb="item.change_proposed", actor=team.pm).count() == 1


def test_a_team_members_mixed_edit_applies_the_status_and_proposes_the_title(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    outcome = _update(team, item, role="team_member", status="in_progress", title="Renamed")
    fresh = _fresh(item)
    assert (fresh.status, fresh.title) == ("in_progress", "Longer flight time")
    assert outcome.proposal.payload["changes"] == {"title": "Renamed"}


def test_a_team_member_edits_a_tasks_content_directly(team) -> None:  # type: ignore[no-untyped-def]
    task = _story(team, "Update SDK", kind="task")
    outcome = _update(team, task, role="team_member", title="Update the flight SDK")
    assert outcome.applied
    assert _fresh(task).title == "Update the flight SDK"


def test_a_team_member_cannot_turn_a_story_into_a_task_to_edit_it_directly(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    outcome = _update(team, item, role="team_member", kind="task", title="Mine now")
    fresh = _fresh(item)
    assert (fresh.kind, fresh.title) == ("story", "Longer flight time")
    assert outcome.proposal.payload["changes"] == {"kind": "task", "title": "Mine now"}


def test_a_team_member_cannot_turn_a_task_into_an_epic_directly(team) -> None:  # type: ignore[no-untyped-def]
    task = _story(team, "Update SDK", kind="task")
    outcome = _update(team, task, role="team_member", kind="epic")
    assert _fresh(task).kind == "task"
    assert outcome.proposal is not None


def test_an_empty_update_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    outcome = _update(team, item)
    assert outcome.applied
    assert _fresh(item).version == 1
    assert not Event.objects.filter(verb="item.updated").exists()


def test_priority_inputs_give_the_scores(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _update(team, item, value=8, effort=2, reach=1000, impact=2.0, confidence=50, rice_effort=2.0)
    fresh = _fresh(item)
    assert (fresh.value_effort_score, fresh.rice_score) == (4.0, 500.0)


# --- archive ----------------------------------------------------------------------------


def test_archiving_keeps_the_row_and_hides_it_from_the_backlog(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _story(team, "Other")
    services.item_archive(access=team.access("product_owner"), item=item)
    fresh = _fresh(item)
    assert fresh.archived_at is not None
    assert fresh.version == 2
    assert _live_keys(team) == ["DRN-2"]


def test_an_archived_item_can_be_restored_to_its_place(team) -> None:  # type: ignore[no-untyped-def]
    first, _ = _story(team, "First"), _story(team, "Second")
    po = team.access("product_owner")
    services.item_archive(access=po, item=first)
    services.item_restore(access=po, item=first)
    assert _fresh(first).archived_at is None
    assert _live_keys(team) == ["DRN-1", "DRN-2"]


def test_archive_and_restore_are_audited(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    po = team.access("product_owner")
    services.item_archive(access=po, item=item)
    services.item_restore(access=po, item=item)
    verbs = list(
        Event.objects.filter(object_id=item.pk, actor=team.po)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["item.created", "item.archived", "item.restored"]


def test_archiving_twice_is_harmless(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    po = team.access("product_owner")
    services.item_archive(access=po, item=item)
    services.item_archive(access=po, item=item)
    assert _fresh(item).version == 2
    assert Event.objects.filter(verb="item.archived").count() == 1


def test_an_archived_item_must_be_restored_before_it_is_edited(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    archived = services.item_archive(access=team.access("product_owner"), item=item).item
    with pytest.raises(ValidationFailed) as caught:
        _update(team, archived, title="Edited")
    assert set(caught.value.errors) == {"item"}


# --- field errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"estimate": 4}, "estimate"),
        ({"estimate": "5"}, "estimate"),
        ({"estimate": True}, "estimate"),
        ({"value": 11}, "value"),
        ({"value": 0}, "value"),
        ({"value": "high"}, "value"),
        ({"effort": -1}, "effort"),
        ({"confidence": 101}, "confidence"),
        ({"impact": 7.0}, "impact"),
        ({"reach": -5}, "reach"),
        ({"reach": 10**12}, "reach"),
        ({"job_size": 22}, "job_size"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"as_a": "x" * 201}, "as_a"),
        ({"description": "x" * 20_001}, "description"),
        ({"kind": "saga"}, "kind"),
        ({"status": "blocked"}, "status"),
        ({"moscow": "maybe"}, "moscow"),
        ({"labels": "battery"}, "labels"),
        ({"labels": ["x" * 51]}, "labels"),
        ({"assignee": "outsider@elsewhere.test"}, "assignee"),
        ({"assignee": "nobody@example.test"}, "assignee"),
        ({"parent": "DRN-1"}, "parent"),
        ({"parent": "DRN-99"}, "parent"),
        ({"parent": "OUT-1"}, "parent"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field(team, changes: dict[str, Any], field: str) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    with pytest.raises(ValidationFailed) as caught:
        _update(team, item, **changes)
    assert set(caught.value.errors) == {field}
    assert _fresh(item).version == 1


def test_every_bad_field_is_named_at_once(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        _story(team, estimate=4, value=11, assignee="nobody@example.test")
    assert set(caught.value.errors) == {"estimate", "value", "assignee"}


def test_a_proposal_with_a_bad_value_is_refused_up_front(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    with pytest.raises(ValidationFailed) as caught:
        _update(team, item, role="product_manager", title="")
    assert set(caught.value.errors) == {"title"}
    assert not Proposal.objects.filter(record_type="item").exists()


def test_an_epic_can_be_a_parent_but_not_its_own(team) -> None:  # type: ignore[no-untyped-def]
    epic = _story(team, "Flight platform", kind="epic")
    story = _story(team, parent=epic.key)
    assert _fresh(story).parent == epic
    with pytest.raises(ValidationFailed) as caught:
        _update(team, epic, parent=epic.key)
    assert set(caught.value.errors) == {"parent"}


def test_a_member_can_be_assigned_by_e_mail(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, assignee="DEV@example.test")
    assert _fresh(item).assignee == team.dev


@pytest.mark.parametrize(
    "write",
    [
        lambda a, i: services.criterion_add(access=a, item=i, fields={"text": "Late"}),
        lambda a, i: services.comment_add(access=a, item=i, body="Anyone?"),
        lambda a, i: services.link_add(access=a, item=i, url="https://example.test/doc"),
    ],
    ids=["criterion", "comment", "link"],
)
def test_an_archived_item_takes_no_criteria_comments_or_links(team, write) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    item = services.item_archive(access=po, item=_story(team)).item
    with pytest.raises(ValidationFailed) as caught:
        write(po, item)
    assert set(caught.value.errors) == {"item"}
