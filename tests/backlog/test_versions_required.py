"""An edit of an item or a criterion names the version it read: none is 428, a stale one 409."""

from __future__ import annotations

import pytest

from tandem.backlog import services
from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace.errors import Conflict, PreconditionRequired
from tests.conftest import Team
from tests.versions import (
    assert_a_patch_without_a_version_is_428,
    assert_a_stale_patch_is_409_with_the_current_state,
)

pytestmark = pytest.mark.django_db


def _story(team: Team) -> Item:
    return services.item_create(
        access=team.access("product_owner"), fields={"title": "Longer flight time"}
    )


def _criterion(team: Team) -> AcceptanceCriterion:
    return services.criterion_add(
        access=team.access("product_owner"), item=_story(team), fields={"text": "Flies 40"}
    )


def test_an_item_update_without_a_version_is_refused_and_changes_nothing(team: Team) -> None:
    item = _story(team)
    with pytest.raises(PreconditionRequired):
        services.item_update(
            access=team.access("product_owner"),
            item=item,
            changes={"title": "Fly 40 minutes"},
            expected_version=None,
        )
    item.refresh_from_db()
    assert (item.title, item.version) == ("Longer flight time", 1)


def test_a_stale_item_update_of_the_same_field_is_a_conflict_with_the_current_state(
    team: Team,
) -> None:
    item = _story(team)
    po = team.access("product_owner")
    services.item_update(access=po, item=item, changes={"title": "First"}, expected_version=1)
    with pytest.raises(Conflict) as stale:
        services.item_update(access=po, item=item, changes={"title": "Late"}, expected_version=1)
    assert (stale.value.current["title"], stale.value.current["version"]) == ("First", 2)


def test_a_criterion_update_without_a_version_is_refused_and_changes_nothing(team: Team) -> None:
    criterion = _criterion(team)
    with pytest.raises(PreconditionRequired):
        services.criterion_update(
            access=team.access("product_owner"),
            criterion_id=criterion.pk,
            fields={"text": "Flies 45"},
            expected_version=None,
        )
    criterion.refresh_from_db()
    assert (criterion.text, criterion.version) == ("Flies 40", 1)


def test_a_stale_criterion_update_is_a_conflict_with_the_current_state(team: Team) -> None:
    criterion = _criterion(team)
    po = team.access("product_owner")
    services.criterion_update(
        access=po, criterion_id=criterion.pk, fields={"text": "Flies 45"}, expected_version=1
    )
    with pytest.raises(Conflict) as stale:
        services.criterion_update(
            access=po, criterion_id=criterion.pk, fields={"text": "Late"}, expected_version=1
        )
    assert stale.value.current == stale.value.current | {
        "id": criterion.pk,
        "text": "Flies 45",
        "version": 2,
    }


def _item_path(team: Team) -> tuple[str, str]:
    return f"/api/v1/items/{_story(team).key}", "title"


def _criterion_path(team: Team) -> tuple[str, str]:
    criterion = _criterion(team)
    return f"/api/v1/items/{criterion.item.key}/criteria/{criterion.pk}", "text"


RECORDS = {"item": _item_path, "criterion": _criterion_path}


@pytest.mark.parametrize("record", RECORDS)
def test_the_api_answers_428_for_a_patch_without_a_version(team: Team, record: str) -> None:
    assert_a_patch_without_a_version_is_428(team.token("product_owner"), *RECORDS[record](team))


@pytest.mark.parametrize("record", RECORDS)
def test_the_api_answers_409_with_the_current_state_for_a_stale_patch(
    team: Team, record: str
) -> None:
    assert_a_stale_patch_is_409_with_the_current_state(
        team.token("product_owner"), *RECORDS[record](team)
    )
