from __future__ import annotations

import pytest

from tandem.backlog.models import Item, Kind
from tandem.insights import selectors, services
from tandem.insights.models import Feedback, FeedbackState
from tandem.workspace import writes
from tandem.workspace.errors import (
    Conflict,
    PermissionDenied,
    PreconditionRequired,
    ValidationFailed,
)
from tandem.workspace.models import Event, Role

from ..conftest import Team
from .conftest import Evidence, create


def test_anyone_with_access_but_a_viewer_can_add_feedback(team: Team) -> None:
    for role in (Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER, Role.TEAM_MEMBER, Role.STAKEHOLDER):
        create(kind="feedback", access=team.access(role), fields={"text": f"from {role}"})
    with pytest.raises(PermissionDenied):
        create(kind="feedback", access=team.access(Role.VIEWER), fields={"text": "hello"})
    assert Feedback.objects.filter(product=team.product, state=FeedbackState.NEW).count() == 4


def test_feedback_names_its_customer_by_name_and_is_audited(team: Team, evidence: Evidence) -> None:
    feedback = create(
        kind="feedback",
        access=team.access(Role.STAKEHOLDER),
        fields={"text": "Maps vanish offline", "customer": "acme", "source": "support"},
    )
    assert feedback.customer == evidence.acme
    assert Event.objects.filter(verb="feedback.created", object_id=feedback.pk).exists()


def test_feedback_with_an_unknown_customer_and_source_names_both_fields(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        create(
            kind="feedback",
            access=team.access(Role.PRODUCT_OWNER),
            fields={"text": "x", "customer": "Nobody Inc", "source": "pigeon"},
        )
    assert set(refused.value.errors) == {"customer", "source"}


def test_a_team_member_adds_feedback_but_cannot_triage_it(team: Team, evidence: Evidence) -> None:
    feedback = create(kind="feedback", access=team.access(Role.TEAM_MEMBER), fields={"text": "x"})
    with pytest.raises(PermissionDenied):
        services.feedback_link(
            access=team.access(Role.TEAM_MEMBER),
            feedback_id=feedback.pk,
            item_key=evidence.first.key,
        )


def test_linking_feedback_counts_demand_by_distinct_customer_and_revenue(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    for customer in (evidence.acme, evidence.acme, evidence.globex, None):
        feedback = create(
            kind="feedback",
            access=po,
            fields={"text": "need maps", "customer": customer.name if customer else None},
        )
        services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
        assert Feedback.objects.get(pk=feedback.pk).state == FeedbackState.TRIAGED

    demand = selectors.demand_of_items(access=po)[evidence.first.pk]

    assert (demand.feedback, demand.customers, demand.people) == (4, 2, 3)
    assert demand.mrr == 1250


def test_duplicates_and_archived_feedback_stop_counting_as_demand(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    original, copy, gone = (
        create(kind="feedback", access=po, fields={"text": "maps", "customer": "Acme"})
        for _ in range(3)
    )
    for feedback in (original, copy, gone):
        services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
    services.feedback_mark_duplicate(access=po, feedback_id=copy.pk, original_id=original.pk)
    writes.record_archive(access=po, kind="feedback", record_id=gone.pk)

    assert selectors.demand_of_items(access=po)[evidence.first.pk].feedback == 1

    writes.record_restore(access=po, kind="feedback", record_id=gone.pk)
    assert selectors.demand_of_items(access=po)[evidence.first.pk].feedback == 2


def test_feedback_cannot_duplicate_itself(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "maps"})
    with pytest.raises(ValidationFailed):
        services.feedback_mark_duplicate(
            access=po, feedback_id=feedback.pk, original_id=feedback.pk
        )


def test_creating_an_item_from_a_bug_report_makes_a_linked_bug(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(
        kind="feedback", access=po, fields={"text": "The app crashes when I land", "kind": "bug"}
    )

    item = services.feedback_create_item(
        access=po, feedback_id=feedback.pk, title="Crash on landing"
    )

    assert item.kind == Kind.BUG
    assert selectors.demand_of_items(access=po)[item.pk].feedback == 1


def test_a_stale_feedback_edit_is_refused_with_the_current_state(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "maps"})
    writes.record_update(
        access=po,
        kind="feedback",
        record_id=feedback.pk,
        changes={"kind": "feature"},
        expected_version=1,
    )
    with pytest.raises(Conflict) as stale:
        writes.record_update(
            access=po,
            kind="feedback",
            record_id=feedback.pk,
            changes={"kind": "bug"},
            expected_version=1,
        )
    assert stale.value.current["kind"] == "feature"
    with pytest.raises(PreconditionRequired):
        writes.record_update(
            access=po,
            kind="feedback",
            record_id=feedback.pk,
            changes={"kind": "bug"},
            expected_version=None,
        )


def test_unlinking_is_soft_and_linking_again_restores_the_link(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "maps"})
    link = services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
    services.feedback_unlink(access=po, link_id=link.pk)
    assert evidence.first.pk not in selectors.demand_of_items(access=po)

    again = services.feedback_link(
        access=po, feedback_id=feedback.pk, item_key=evidence.first.key, importance=3
    )

    assert again.pk == link.pk
    assert selectors.demand_of_items(access=po)[evidence.first.pk].weighted == 3


def test_reach_from_demand_sets_rice_reach_through_the_backlog(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    for name in ("Acme", "Globex"):
        feedback = create(kind="feedback", access=po, fields={"text": "maps", "customer": name})
        services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)

    outcome = services.item_reach_from_demand(
        access=po, item=evidence.first, expected_version=evidence.first.version
    )

    assert outcome.applied
    assert Item.objects.get(pk=evidence.first.pk).reach == 2


def test_a_pm_applying_demand_as_reach_proposes_it_to_the_po(
    team: Team, evidence: Evidence
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "maps", "customer": "Acme"})
    services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)

    outcome = services.item_reach_from_demand(
        access=team.access(Role.PRODUCT_MANAGER),
        item=evidence.first,
        expected_version=evidence.first.version,
    )

    assert outcome.proposal is not None
    assert Item.objects.get(pk=evidence.first.pk).reach is None


def test_the_outsider_cannot_see_this_products_feedback(team: Team) -> None:
    from tandem.workspace.errors import NotFound
    from tandem.workspace.selectors import product_access

    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key=team.product.key)
