"""Alignment and progress on a known backlog: points traced, orphans, gaps."""

from __future__ import annotations

import pytest

from tandem.backlog import services as backlog
from tandem.strategy import extensions, selectors
from tandem.workspace import writes
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_alignment_figures_on_a_known_backlog(team: Team, django_assert_max_num_queries) -> None:
    pm, po = team.access("product_manager"), team.access("product_owner")
    served = writes.record_create(access=pm, kind="objective", fields={"title": "Served"}).record
    lonely = writes.record_create(access=pm, kind="objective", fields={"title": "Lonely"}).record
    assert served is not None
    assert lonely is not None
    flights = writes.record_create(
        access=pm, kind="initiative", fields={"title": "Flights", "objectives": [served.pk]}
    ).record
    no_goal = writes.record_create(access=pm, kind="initiative", fields={"title": "No goal"}).record
    idle = writes.record_create(
        access=pm, kind="initiative", fields={"title": "Idle", "objectives": [served.pk]}
    ).record
    assert flights is not None
    assert no_goal is not None
    assert idle is not None
    epic = backlog.item_create(
        access=po, fields={"kind": "epic", "title": "Battery", "initiative": flights.pk}
    )
    backlog.item_create(
        access=po,
        fields={"title": "Swap", "parent": epic.key, "estimate": 5, "status": "done"},
    )
    backlog.item_create(access=po, fields={"title": "Gauge", "parent": epic.key, "estimate": 3})
    backlog.item_create(
        access=po, fields={"title": "Direct", "initiative": no_goal.pk, "estimate": 8}
    )
    orphan = backlog.item_create(access=po, fields={"title": "Orphan", "estimate": 2})
    orphan_epic = backlog.item_create(access=po, fields={"kind": "epic", "title": "Loose"})

    with django_assert_max_num_queries(8):
        figures = selectors.alignment(access=pm)
    assert figures.total_points == 18
    assert figures.traced_points == 8  # "Direct" serves an initiative with no objective
    assert figures.traced_percent == 44
    assert {o.key for o in figures.orphans} == {orphan.key, orphan_epic.key}
    assert figures.orphan_count == 2
    assert [o.title for o in figures.objectives_without_initiatives] == ["Lonely"]
    assert [i.title for i in figures.initiatives_without_work] == ["Idle"]

    work = extensions.work(pm).by_initiative[flights.pk]
    assert (work.done_points, work.total_points, work.percent) == (5, 8, 62)
    assert [e.key for e in work.epics] == [epic.key]


def test_a_story_inherits_its_epics_initiative_in_the_trace(team: Team) -> None:
    pm, po = team.access("product_manager"), team.access("product_owner")
    objective = writes.record_create(access=pm, kind="objective", fields={"title": "O"}).record
    assert objective is not None
    initiative = writes.record_create(
        access=pm, kind="initiative", fields={"title": "I", "objectives": [objective.pk]}
    ).record
    assert initiative is not None
    epic = backlog.item_create(access=po, fields={"kind": "epic", "title": "E"})
    outcome = backlog.item_update(
        access=po, item=epic, changes={"initiative": initiative.pk}, expected_version=epic.version
    )
    assert outcome.applied
    story = backlog.item_create(access=po, fields={"title": "S", "parent": epic.key})
    from tandem.strategy.templatetags.strategy_tags import item_trace

    story.refresh_from_db()
    trace = item_trace(story)
    assert trace.initiative == initiative
    assert trace.objectives == [objective]


def test_the_pm_linking_an_epic_to_an_initiative_is_a_proposal_to_the_po(team: Team) -> None:
    pm, po = team.access("product_manager"), team.access("product_owner")
    initiative = writes.record_create(access=pm, kind="initiative", fields={"title": "I"}).record
    assert initiative is not None
    epic = backlog.item_create(access=po, fields={"kind": "epic", "title": "E"})
    outcome = backlog.item_update(
        access=pm, item=epic, changes={"initiative": initiative.pk}, expected_version=epic.version
    )
    assert outcome.proposal is not None
    with pytest.raises(Exception, match="initiative"):
        backlog.item_update(
            access=po, item=epic, changes={"initiative": 999_999}, expected_version=epic.version
        )
