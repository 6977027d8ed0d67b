"""Acceptance criteria: ordered, checkable, and part of whether a story is ready."""

from __future__ import annotations

import pytest

from tandem.backlog import selectors, services
from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace.errors import Conflict, NotFound, ValidationFailed
from tandem.workspace.models import Event

pytestmark = pytest.mark.django_db


def _ready_but_for_criteria(team) -> Item:  # type: ignore[no-untyped-def]
    return services.item_create(
        access=team.access("product_owner"),
        fields={
            "title": "Longer flight time",
            "as_a": "pilot",
            "i_want": "longer flight time",
            "so_that": "I can film a whole event",
            "estimate": 5,
        },
    )


def _add(team, item: Item, **fields: str) -> AcceptanceCriterion:  # type: ignore[no-untyped-def]
    return services.criterion_add(
        access=team.access("product_owner"), item=item, fields=fields or {"text": "It works"}
    )


def _fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def test_criteria_are_numbered_in_the_order_they_are_added(team) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    for text in ("Flies 40 minutes", "Warns at 10%", "Lands itself at 5%"):
        _add(team, item, text=text)
    criteria = selectors.criteria_of(item=item)
    assert [(c.position, c.text) for c in criteria] == [
        (1, "Flies 40 minutes"),
        (2, "Warns at 10%"),
        (3, "Lands itself at 5%"),
    ]


def test_the_first_criterion_makes_a_complete_story_ready(team) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    assert not item.is_ready
    _add(team, item)
    fresh = _fresh(item)
    assert (fresh.is_ready, fresh.criteria_count, fresh.version) == (True, 1, 2)


def test_removing_the_last_criterion_makes_the_story_not_ready_again(team) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    criterion = _add(team, item)
    services.criterion_remove(access=team.access("product_owner"), criterion_id=criterion.pk)
    fresh = _fresh(item)
    assert (fresh.is_ready, fresh.criteria_count) == (False, 0)


def test_a_removed_criterion_is_kept_but_no_longer_listed(team) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    criterion = _add(team, item)
    services.criterion_remove(access=team.access("product_owner"), criterion_id=criterion.pk)
    assert AcceptanceCriterion.objects.get(pk=criterion.pk).archived_at is not None
    assert list(selectors.criteria_of(item=item)) == []


def test_a_given_when_then_criterion_reads_as_a_sentence(team) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    criterion = _add(team, item, given="a full battery", when="I hover", then="it lasts 40 min")
    assert criterion.summary == "Given a full battery, when I hover, then it lasts 40 min"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"given": "a full battery"}, "when"),
        ({"when": "I hover"}, "then"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "ok", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_criterion_names_the_field(team, fields: dict[str, str], field: str) -> None:  # type: ignore[no-untyped-def]
    item = _ready_but_for_criteria(team)
    with pytest.raises(ValidationFailed) as caught:
        services.criterion_add(access=team.access("product_owner"), item=item, fields=fields)
    assert set(caught.value.errors) == {field}


def test_editing_a_criterion_bumps_its_version_and_is_audited(team) -> None:  # type: ignore[no-untyped-def]
    criterion = _add(team, _ready_but_for_criteria(team), text="Flies 40 minutes")
    updated = services.criterion_update(
        access=team.access("product_owner"),
        criterion_id=criterion.pk,
        fields={"text": "Flies 45 minutes"},
        expected_version=1,
    )
    assert (updated.text, updated.version) == ("Flies 45 minutes", 2)
    event = Event.objects.get(verb="criterion.updated")
    assert (event.before, event.after) == (
        {"text": "Flies 40 minutes"},
        {"text": "Flies 45 minutes"},
    )


def test_a_stale_criterion_edit_is_refused_with_the_current_text(team) -> None:  # type: ignore[no-untyped-def]
    criterion = _add(team, _ready_but_for_criteria(team), text="Flies 40 minutes")
    po = team.access("product_owner")
    services.criterion_update(
        access=po, criterion_id=criterion.pk, fields={"text": "Flies 45"}, expected_version=1
    )
    with pytest.raises(Conflict) as caught:
        services.criterion_update(
            access=po, criterion_id=criterion.pk, fields={"text": "Flies 50"}, expected_version=1
        )
    assert (caught.value.current["text"], caught.value.current["version"]) == ("Flies 45", 2)
    assert AcceptanceCriterion.objects.get(pk=criterion.pk).text == "Flies 45"


def test_ticking_a_criterion_off_and_on_again_is_audited(team) -> None:  # type: ignore[no-untyped-def]
    criterion = _add(team, _ready_but_for_criteria(team))
    dev = team.access("team_member")
    services.criterion_check(access=dev, criterion_id=criterion.pk, is_met=True)
    services.criterion_check(access=dev, criterion_id=criterion.pk, is_met=True)
    services.criterion_check(access=dev, criterion_id=criterion.pk, is_met=False)
    verbs = list(Event.objects.filter(actor=team.dev).order_by("id").values_list("verb", flat=True))
    assert verbs == ["criterion.checked", "criterion.unchecked"]
    assert not AcceptanceCriterion.objects.get(pk=criterion.pk).is_met


def test_a_removed_criterion_cannot_be_edited(team) -> None:  # type: ignore[no-untyped-def]
    criterion = _add(team, _ready_but_for_criteria(team))
    po = team.access("product_owner")
    services.criterion_remove(access=po, criterion_id=criterion.pk)
    with pytest.raises(NotFound):
        services.criterion_update(
            access=po,
            criterion_id=criterion.pk,
            fields={"text": "x"},
            expected_version=criterion.version,
        )


def test_a_team_member_writes_the_criteria_of_a_task(team) -> None:  # type: ignore[no-untyped-def]
    task = services.item_create(
        access=team.access("team_member"), fields={"title": "Update SDK", "kind": "task"}
    )
    criterion = services.criterion_add(
        access=team.access("team_member"), item=task, fields={"text": "Builds on CI"}
    )
    assert criterion.item == task
