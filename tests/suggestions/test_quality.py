"""Story quality: findings for stories, and a split that goes through the item services."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog import selectors
from tandem.backlog.models import Item
from tandem.core.story_quality import Criterion
from tandem.suggestions import quality
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .conftest import Make

pytestmark = pytest.mark.django_db

TWO_THINGS: dict[str, Any] = {
    "kind": "story",
    "as_a": "parent",
    "i_want": "to see and edit my children",
    "so_that": "I can fix mistakes",
}


def _story(make: Make) -> Item:
    return make("See and edit my children", **TWO_THINGS)


@pytest.mark.parametrize(
    "role", ["product_owner", "product_manager", "team_member", "stakeholder", "viewer"]
)
def test_every_member_reads_the_findings_and_the_suggested_split(
    team: Team, make: Make, role: str
) -> None:
    item = _story(make)
    findings = quality.quality_findings(access=team.access(role), item=item)
    assert Criterion.ATOMIC in {f.criterion for f in findings}
    assert quality.suggested_split(findings) == (
        "As a parent, I want to see my children, so that I can fix mistakes.",
        "As a parent, I want to edit my children, so that I can fix mistakes.",
    )


def test_a_title_without_a_story_is_not_well_formed(team: Team, make: Make) -> None:
    item = make("Longer flight time", kind="story")
    findings = quality.quality_findings(access=team.access("product_owner"), item=item)
    assert Criterion.WELL_FORMED in {f.criterion for f in findings}


def test_bugs_are_not_held_to_the_story_template(team: Team, make: Make) -> None:
    item = make("Gimbal drifts after landing", kind="bug")
    assert quality.quality_findings(access=team.access("product_owner"), item=item) == ()


def test_a_likely_duplicate_makes_a_story_not_unique(team: Team, make: Make) -> None:
    make("Export flight logs", kind="story", as_a="pilot", i_want="to export the flight logs")
    second = make("Export flight logs", kind="story", as_a="pilot", i_want="to export flight logs")
    findings = quality.quality_findings(access=team.access("product_owner"), item=second)
    unique = [f for f in findings if f.criterion == Criterion.UNIQUE]
    assert unique
    assert "DRN-1" in unique[0].message


def test_the_product_owner_splits_a_story_in_two(team: Team, make: Make) -> None:
    item = _story(make)
    po = team.access("product_owner")
    outcome = quality.story_split(access=po, item=item, expected_version=1)
    item.refresh_from_db()
    assert (item.i_want, item.version) == ("to see my children", 2)
    assert outcome.updated.proposal is None
    created = selectors.item_of(access=po, number=outcome.created.number)
    assert (created.kind, created.as_a, created.i_want, created.so_that) == (
        "story",
        "parent",
        "to edit my children",
        "I can fix mistakes",
    )


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_proposer_adds_the_second_story_and_proposes_the_change(
    team: Team, make: Make, role: str
) -> None:
    item = _story(make)
    outcome = quality.story_split(access=team.access(role), item=item, expected_version=1)
    item.refresh_from_db()
    assert item.i_want == "to see and edit my children"  # unchanged until accepted
    assert outcome.updated.proposal is not None
    assert Proposal.objects.filter(
        pk=outcome.updated.proposal.pk, record_type="item", record_id=item.pk
    ).exists()
    assert outcome.created.i_want == "to edit my children"


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_split(team: Team, make: Make, role: str) -> None:
    item = _story(make)
    with pytest.raises(PermissionDenied):
        quality.story_split(access=team.access(role), item=item, expected_version=1)
    assert Item.objects.count() == 1


def test_a_stale_split_is_a_conflict_and_creates_nothing(team: Team, make: Make) -> None:
    item = _story(make)
    with pytest.raises(Conflict):
        quality.story_split(access=team.access("product_owner"), item=item, expected_version=7)
    assert Item.objects.count() == 1


def test_a_story_with_nothing_to_split_is_refused_naming_the_item(team: Team, make: Make) -> None:
    item = make("Export", kind="story", as_a="pilot", i_want="to export the flight log")
    with pytest.raises(ValidationFailed) as refused:
        quality.story_split(access=team.access("product_owner"), item=item, expected_version=1)
    assert "item" in refused.value.errors
