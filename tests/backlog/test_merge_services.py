"""A stale edit merges when nobody changed its fields since; the same field is a conflict."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _story(team, **fields: Any) -> Item:  # type: ignore[no-untyped-def]
    fields = {"title": "Longer flight time", "kind": "task", **fields}
    return services.item_create(access=team.access("product_owner"), fields=fields)


def _edit(team, item: Item, version: int, role: str = "product_owner", **changes: Any):  # type: ignore[no-untyped-def]
    return services.item_update(
        access=team.access(role), item=item, changes=changes, expected_version=version
    )


def _fresh(item: Item) -> Item:
    return Item.objects.select_related("product").get(pk=item.pk)


@pytest.mark.parametrize("role", ["product_owner", "team_member"])
def test_a_status_change_merges_over_someone_elses_description_edit(team, role: str) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _edit(team, item, 1, description="Batteries first")
    _edit(team, item, 1, role=role, status="in_progress")
    fresh = _fresh(item)
    assert (fresh.status, fresh.description, fresh.version) == (
        "in_progress",
        "Batteries first",
        3,
    )


def test_an_edit_on_the_same_field_is_a_conflict_naming_it(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _edit(team, item, 1, description="Batteries first", estimate=3)
    with pytest.raises(Conflict) as caught:
        _edit(team, item, 1, description="Camera first", status="ready")
    assert caught.value.fields == ["description"]
    assert "description" in caught.value.detail
    assert caught.value.current["description"] == "Batteries first"
    fresh = _fresh(item)
    assert (fresh.description, fresh.status, fresh.version) == ("Batteries first", "new", 2)


def test_a_whole_form_sent_back_keeps_the_other_persons_change(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team, description="Draft")
    _edit(team, item, 1, description="Batteries first")
    # The form still holds the description it read, and changes only the status.
    _edit(team, item, 1, description="Draft", status="ready", title="Longer flight time")
    fresh = _fresh(item)
    assert (fresh.description, fresh.status) == ("Batteries first", "ready")


def test_writing_the_value_someone_else_already_wrote_is_no_conflict(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _edit(team, item, 1, estimate=5)
    outcome = _edit(team, item, 1, estimate=5)
    assert outcome.item.version == 2
    assert _fresh(item).estimate == 5


def test_merges_span_several_versions_and_criteria_changes(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    po = team.access("product_owner")
    _edit(team, item, 1, description="Batteries first")
    services.criterion_add(access=po, item=item, fields={"text": "Flies 40 minutes"})
    _edit(team, item, 3, labels=["battery"])
    _edit(team, item, 1, assignee="dev@example.test")
    fresh = _fresh(item)
    assert (fresh.assignee, fresh.label_names, fresh.version) == (team.dev, ["battery"], 5)


def test_an_item_archived_meanwhile_is_still_refused(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    services.item_archive(access=team.access("product_owner"), item=item)
    with pytest.raises(ValidationFailed):
        _edit(team, item, 1, status="ready")


def test_a_version_with_no_known_change_is_a_plain_conflict(team) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    Item.objects.filter(pk=item.pk).update(version=2)  # as an import writes: no event
    with pytest.raises(Conflict) as caught:
        _edit(team, item, 1, status="ready")
    assert caught.value.fields == []
    assert _fresh(item).status == "new"


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_a_merge_never_widens_rights(team, role: str) -> None:  # type: ignore[no-untyped-def]
    item = _story(team)
    _edit(team, item, 1, description="Batteries first")
    with pytest.raises(PermissionDenied):
        _edit(team, item, 1, role=role, status="ready")
