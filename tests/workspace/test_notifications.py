"""Who hears of what: watchers, mentions, followers; never the actor, never an outsider."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.backlog import services as backlog
from tandem.delivery import services as delivery
from tandem.delivery.models import SprintState
from tandem.insights import services as insights
from tandem.workspace import writes
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Event, Membership
from tandem.workspace.notifications import selectors, services
from tandem.workspace.notifications.models import Notification, Watch
from tandem.workspace.selectors import product_access
from tests.conftest import Team
from tests.delivery.factories import SprintFactory, SprintItemFactory, done_story

pytestmark = pytest.mark.django_db

NAMES = {"pm": "Pat", "po": "Olga", "dev": "Dan", "stakeholder": "Sue", "viewer": "Vera Lind"}


@pytest.fixture(autouse=True)
def _named(team: Team) -> None:
    for attribute, name in NAMES.items():
        person = getattr(team, attribute)
        person.name = name
        person.save(update_fields=["name"])


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Any:
    """Audited writes announce themselves after commit: run those jobs as a server would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def told(user: Any) -> list[str]:
    return [
        line.said.about(group.label)
        for group in selectors.grouped(list(selectors.notifications_of(user=user)))
        for line in group.lines
    ]


def story(team: Team, **fields: Any) -> Any:
    return backlog.item_create(
        access=team.access("product_owner"), fields={"title": "Battery saver", **fields}
    )


def watch(team: Team, role: str, object_type: str, object_id: int) -> None:
    services.watch_start(access=team.access(role), object_type=object_type, object_id=object_id)


def test_the_creator_and_the_assignee_watch_an_item_automatically(team: Team, run: Any) -> None:
    with run():
        item = story(team, assignee=team.dev.email)
    watchers = Watch.objects.filter(object_type="item", object_id=item.pk)
    assert set(watchers.values_list("user", flat=True)) == {team.po.pk, team.dev.pk}


def test_watchers_hear_of_an_acceptance_in_words_and_the_actor_does_not(
    team: Team, run: Any
) -> None:
    item = done_story(team)
    watch(team, "stakeholder", "item", item.pk)
    item.refresh_from_db()
    with run():
        delivery.item_accept(
            access=team.access("product_owner"), item=item, expected_version=item.version
        )

    assert f"Olga accepted {item.key} 'Return home on low battery'" in told(team.stakeholder)
    assert not any("accepted" in line for line in told(team.po))


def test_nobody_hears_of_their_own_change(team: Team, run: Any) -> None:
    with run():
        item = story(team)
        backlog.comment_add(access=team.access("product_owner"), item=item, body="Note to self")
    assert Notification.objects.filter(user=team.po).count() == 0


def test_a_mention_by_address_or_first_name_notifies_and_starts_a_watch(
    team: Team, run: Any
) -> None:
    item = story(team)
    with run():
        backlog.comment_add(
            access=team.access("team_member"), item=item, body="@pm and @Vera, please look"
        )

    assert told(team.pm) == [f"Dan mentioned you on {item.key} 'Battery saver'"]
    assert told(team.viewer) == [f"Dan mentioned you on {item.key} 'Battery saver'"]
    assert Watch.objects.filter(user=team.viewer, object_id=item.pk, reason="mentioned").exists()


def test_an_edit_that_keeps_a_mention_does_not_mention_again(team: Team, run: Any) -> None:
    with run():
        item = story(team, description="Ask @viewer")
    assert len(told(team.viewer)) == 1
    with run():
        backlog.item_update(
            access=team.access("product_owner"),
            item=item,
            changes={"description": "Ask @viewer today"},
            expected_version=item.version,
        )
    assert [n.reason for n in Notification.objects.filter(user=team.viewer)] == [
        "mentioned",
        "watching",
    ]


def test_a_foreign_products_members_are_never_told_even_when_mentioned(
    team: Team, run: Any
) -> None:
    with run():
        item = story(team, description="Ask @outsider about it")
        backlog.comment_add(access=team.access("team_member"), item=item, body="@outsider ?")
    assert Notification.objects.filter(user=team.outsider).count() == 0


def test_a_question_and_its_answer_reach_the_other_side(team: Team, run: Any) -> None:
    with run():
        item = story(team)
    with run():
        question = backlog.comment_add(
            access=team.access("team_member"), item=item, body="Which level?", is_question=True
        )
    with run():
        backlog.comment_add(
            access=team.access("product_owner"), item=item, body="20%", reply_to_id=question.pk
        )

    assert f"Dan asked a question on {item.key} 'Battery saver'" in told(team.po)
    assert f"Olga answered a question on {item.key} 'Battery saver'" in told(team.dev)


def test_a_blocker_raised_on_my_item_reaches_me_under_the_item(team: Team, run: Any) -> None:
    with run():
        item = story(team, assignee=team.dev.email)
    with run():
        delivery.impediment_raise(
            access=team.access("product_manager"),
            fields={"kind": "blocker", "description": "Vendor SDK late", "items": [item.key]},
        )

    assert (
        told(team.dev)[0] == f"Pat raised a blocker on {item.key} 'Battery saver': Vendor SDK late"
    )


def test_a_sprint_start_reaches_its_watchers(team: Team, run: Any) -> None:
    sprint = SprintFactory(product=team.product, name="Sprint 7", state=SprintState.PLANNED)
    SprintItemFactory(sprint=sprint, item=story(team))
    watch(team, "viewer", "sprint", sprint.pk)
    with run():
        delivery.sprint_start(
            access=team.access("product_owner"), sprint=sprint, expected_version=sprint.version
        )
    assert told(team.viewer) == ["Olga started sprint 'Sprint 7'"]


def test_the_same_change_eight_times_is_one_line_with_a_count(team: Team, run: Any) -> None:
    item = story(team)
    watch(team, "viewer", "item", item.pk)
    with run():
        for n in range(8):
            backlog.comment_add(access=team.access("team_member"), item=item, body=f"note {n}")

    groups = selectors.grouped(list(selectors.notifications_of(user=team.viewer)))
    assert [line.text for group in groups for line in group.lines] == [
        "Dan commented on it (8 times)"
    ]


def test_a_stakeholder_is_not_told_of_a_change_to_a_figure_they_may_not_read(
    team: Team, run: Any
) -> None:
    pm = team.access("product_manager")
    customer = writes.record_create(
        access=pm, kind="customer", fields={"name": "Acme", "mrr": 100}
    ).record
    watch(team, "stakeholder", "customer", customer.pk)
    watch(team, "product_owner", "customer", customer.pk)
    with run():
        writes.record_update(
            access=pm,
            kind="customer",
            record_id=customer.pk,
            changes={"mrr": 900},
            expected_version=1,
        )

    assert told(team.stakeholder) == []
    assert told(team.po) == ["Pat changed the mrr of Customer 'Acme'"]


def test_stakeholders_follow_the_direction_without_watching(team: Team, run: Any) -> None:
    with run():
        writes.record_create(
            access=team.access("product_manager"),
            kind="initiative",
            fields={"title": "Night flights"},
        )
    assert told(team.stakeholder) == ["Pat added Initiative 'Night flights'"]
    assert told(team.dev) == []


def test_the_author_of_an_idea_hears_its_outcome(team: Team, run: Any) -> None:
    with run():
        idea = writes.record_create(
            access=team.access("stakeholder"), kind="idea", fields={"title": "VR goggles"}
        ).record
    with run():
        insights.idea_decline(
            access=team.access("product_manager"),
            idea_id=idea.pk,
            reason="Not this year",
            expected_version=idea.version,
        )
    assert told(team.stakeholder) == ["Pat declined Idea 'VR goggles': Not this year"]


def test_a_member_who_left_hears_nothing_more(team: Team, run: Any) -> None:
    item = story(team)
    watch(team, "viewer", "item", item.pk)
    Membership.objects.filter(user=team.viewer).delete()
    with run():
        backlog.comment_add(access=team.access("team_member"), item=item, body="Still there?")
    assert Notification.objects.filter(user=team.viewer).count() == 0


def test_the_job_run_twice_tells_nobody_twice(team: Team, run: Any) -> None:
    item = story(team)
    watch(team, "viewer", "item", item.pk)
    with run():
        backlog.comment_add(access=team.access("team_member"), item=item, body="Once")
    event = Event.objects.get(verb="comment.added")
    services.notify_events(event_ids=[event.pk])
    assert Notification.objects.filter(user=team.viewer).count() == 1


def test_marking_all_read_marks_only_ones_own(team: Team, run: Any) -> None:
    item = story(team)
    watch(team, "viewer", "item", item.pk)
    watch(team, "stakeholder", "item", item.pk)
    with run():
        backlog.comment_add(access=team.access("team_member"), item=item, body="Read me")

    services.notifications_mark_all_read(user=team.viewer)

    assert selectors.unread_count(user=team.viewer) == 0
    assert selectors.unread_count(user=team.stakeholder) == 1


def test_the_activity_list_is_grouped_and_worded_in_fixed_queries(
    team: Team, django_assert_max_num_queries: Any
) -> None:
    item = story(team)
    for n in range(5):
        backlog.comment_add(access=team.access("team_member"), item=item, body=f"note {n}")
    with django_assert_max_num_queries(4):
        groups = selectors.activity(access=team.access("viewer"))
    assert [(g.label, [line.text for line in g.lines]) for g in groups] == [
        (f"{item.key} 'Battery saver'", ["Dan commented on it (5 times)", "Olga added it"])
    ]


def test_a_record_of_another_product_cannot_be_watched(team: Team) -> None:
    item = story(team)
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        services.watch_start(access=outsider, object_type="item", object_id=item.pk)


def test_an_unknown_kind_is_refused_naming_the_field(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.watch_start(access=team.access("viewer"), object_type="spaceship", object_id=1)
    assert "object_type" in refused.value.errors


def test_the_proposer_hears_that_their_proposal_was_decided(team: Team, run: Any) -> None:
    item = story(team)
    with run():
        outcome = backlog.item_update(
            access=team.access("team_member"),
            item=item,
            changes={"title": "Battery saver mode"},
            expected_version=item.version,
        )
    assert outcome.proposal is not None
    with run():
        backlog.proposal_accept(
            access=team.access("product_owner"), proposal_id=outcome.proposal.pk
        )
    assert f"Olga accepted a proposal on {item.key} 'Battery saver mode'" in told(team.dev)
