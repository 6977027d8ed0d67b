"""Refinement: bulk archive, estimate and move, and the figures that say what to refine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.backlog.services.refinement import BULK_LIMIT
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Event

pytestmark = pytest.mark.django_db


def _backlog(team, *titles: str, **fields: object) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t, **fields}) for t in titles]


def _ranked_titles(team) -> list[str]:  # type: ignore[no-untyped-def]
    page = selectors.backlog_page(
        access=team.access("product_owner"), filters=selectors.BacklogFilters()
    )
    return [i.title for i in page.items]


def _ids(*items: Item) -> list[int]:
    return [i.pk for i in items]


def _age(item: Item, days: int) -> None:
    """Pretend nobody touched the item for ``days``: time travel, not a write."""
    Item.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(days=days))


# --- bulk -------------------------------------------------------------------------------


def test_bulk_archive_hides_the_selection_and_audits_each_item(team) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = _backlog(team, "A", "B", "C")
    outcome = services.items_bulk_archive(access=team.access("product_owner"), item_ids=_ids(a, b))
    assert (outcome.changed, outcome.proposed) == (2, 0)
    assert _ranked_titles(team) == ["C"]
    assert Event.objects.filter(verb="item.archived", actor=team.po).count() == 2
    assert Item.objects.get(pk=a.pk).version == 2


def test_bulk_estimate_sizes_every_selected_item(team) -> None:  # type: ignore[no-untyped-def]
    a, _, c = _backlog(team, "A", "B", "C")
    services.items_bulk_estimate(access=team.access("team_member"), item_ids=_ids(a, c), estimate=8)
    estimates = dict(Item.objects.values_list("title", "estimate"))
    assert estimates == {"A": 8, "B": None, "C": 8}
    assert Event.objects.filter(verb="item.updated", after={"estimate": 8}).count() == 2


def test_bulk_estimate_can_make_stories_ready(team) -> None:  # type: ignore[no-untyped-def]
    (story,) = _backlog(team, "A", as_a="pilot", i_want="to fly", so_that="I film")
    services.criterion_add(access=team.access("product_owner"), item=story, fields={"text": "ok"})
    services.items_bulk_estimate(access=team.access("team_member"), item_ids=[story.pk], estimate=3)
    assert Item.objects.get(pk=story.pk).is_ready


def test_bulk_estimate_off_the_scale_names_the_estimate(team) -> None:  # type: ignore[no-untyped-def]
    (a,) = _backlog(team, "A")
    with pytest.raises(ValidationFailed) as caught:
        services.items_bulk_estimate(access=team.access("team_member"), item_ids=[a.pk], estimate=4)
    assert set(caught.value.errors) == {"estimate"}


@pytest.mark.parametrize(
    ("position", "expected"), [("top", ["B", "D", "A", "C"]), ("bottom", ["A", "C", "B", "D"])]
)
def test_bulk_move_keeps_the_selection_in_its_backlog_order(  # type: ignore[no-untyped-def]
    team, position: str, expected: list[str]
) -> None:
    _, b, _, d = _backlog(team, "A", "B", "C", "D")
    services.items_bulk_move(
        access=team.access("product_owner"),
        item_ids=_ids(d, b),
        position=position,  # type: ignore[arg-type]
    )
    assert _ranked_titles(team) == expected


def test_bulk_move_anywhere_else_names_the_position(team) -> None:  # type: ignore[no-untyped-def]
    (a,) = _backlog(team, "A")
    with pytest.raises(ValidationFailed) as caught:
        services.items_bulk_move(
            access=team.access("product_owner"),
            item_ids=[a.pk],
            position="middle",  # type: ignore[arg-type]
        )
    assert set(caught.value.errors) == {"position"}


def test_a_bulk_action_on_nothing_names_the_items(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.items_bulk_archive(access=team.access("product_owner"), item_ids=[])
    assert set(caught.value.errors) == {"items"}


def test_a_bulk_action_on_too_many_items_names_the_items(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.items_bulk_archive(
            access=team.access("product_owner"), item_ids=list(range(1, BULK_LIMIT + 2))
        )
    assert set(caught.value.errors) == {"items"}


def test_a_selection_with_an_archived_item_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    a, b = _backlog(team, "A", "B")
    po = team.access("product_owner")
    services.item_archive(access=po, item=a)
    with pytest.raises(ValidationFailed) as caught:
        services.items_bulk_estimate(access=po, item_ids=_ids(a, b), estimate=3)
    assert set(caught.value.errors) == {"items"}
    assert Item.objects.get(pk=b.pk).estimate is None


# --- what to refine ---------------------------------------------------------------------


def test_backlog_health_counts_what_needs_attention(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    ready = services.item_create(
        access=po,
        fields={"title": "Ready", "as_a": "pilot", "i_want": "fly", "so_that": "film"},
    )
    services.criterion_add(access=po, item=ready, fields={"text": "ok"})
    services.items_bulk_estimate(access=po, item_ids=[ready.pk], estimate=3)
    stale, _ = _backlog(team, "Stale story", "Fresh story")
    _backlog(team, "Flight platform", kind="epic")
    (done,) = _backlog(team, "Shipped", status="done")
    _age(stale, days=45)
    _age(done, days=45)
    services.item_move(access=team.access("team_member"), item=stale, position="top")
    assert selectors.backlog_health(access=po) == selectors.BacklogHealth(
        open_items=4, not_ready=2, stale=1, unestimated=2, proposals_waiting=1
    )


def test_stale_items_are_open_items_nobody_touched_oldest_first(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c, d = _backlog(team, "A", "B", "C", "D")
    services.item_update(
        access=team.access("team_member"), item=d, changes={"status": "done"}, expected_version=1
    )
    _age(a, days=40)
    _age(b, days=90)
    _age(d, days=90)
    stale = selectors.stale_items(access=team.access("product_owner"))
    assert [i.title for i in stale] == ["B", "A"]
    assert [
        i.title for i in selectors.stale_items(access=team.access("product_owner"), days=60)
    ] == ["B"]
    assert c not in stale


def test_not_ready_lists_open_stories_missing_something(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Story", "Another story")
    _backlog(team, "Task", kind="task")
    _backlog(team, "Done story", status="done")
    titles = [i.title for i in selectors.not_ready_items(access=team.access("product_owner"))]
    assert titles == ["Story", "Another story"]


def test_duplicates_pair_items_with_nearly_the_same_title(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, "Export flight logs as CSV", "Night mode", "Export the flight logs to CSV")
    pairs = selectors.duplicate_candidates(access=team.access("product_owner"))
    assert [(a.key, b.key) for a, b, _ in pairs] == [("DRN-1", "DRN-3")]


def test_archived_and_done_items_are_not_duplicates(team) -> None:  # type: ignore[no-untyped-def]
    titles = [
        "Export flight logs as CSV",
        "Export flight logs as CSV",
        "Offline maps",
        "Offline maps",
    ]
    archived, _, done, _ = _backlog(team, *titles)
    po = team.access("product_owner")
    services.item_archive(access=po, item=archived)
    services.item_update(access=po, item=done, changes={"status": "done"}, expected_version=1)
    assert selectors.duplicate_candidates(access=po) == []


def test_duplicates_follow_a_title_edit_after_being_computed_once(
    team, django_assert_max_num_queries, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    first, second, _ = _backlog(team, "Export flight logs as CSV", "Night mode", "Offline maps")
    po = team.access("product_owner")
    assert selectors.duplicate_candidates(access=po) == []
    with django_capture_on_commit_callbacks(execute=True):  # the neighbours job after commit
        services.item_update(
            access=po,
            item=second,
            changes={"title": "Export the flight logs to CSV"},
            expected_version=1,
        )
    pairs = selectors.duplicate_candidates(access=po)
    assert [(a.key, b.key) for a, b, _ in pairs] == [(first.key, second.key)]
    # Stored, not computed on read: the stored pairs, the two items and their labels.
    with django_assert_max_num_queries(8):
        again = selectors.duplicate_candidates(access=po)
    assert [(a.key, b.key) for a, b, _ in again] == [(first.key, second.key)]
