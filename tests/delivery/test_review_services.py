"""The sprint review: only the PO accepts or rejects, and never past an open test case."""

from __future__ import annotations

import pytest

from tandem.backlog.models import Comment, Status
from tandem.delivery import selectors, services
from tandem.delivery.models import Acceptance, Outcome, SprintReview, Verdict
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .factories import Increment, SprintItemFactory, done_story, make_increment

pytestmark = pytest.mark.django_db


@pytest.fixture
def increment(team: Team) -> Increment:
    return make_increment(team)


NOT_THE_PO = ["product_manager", "team_member", "stakeholder", "viewer"]


def test_the_po_accepts_a_done_item_without_test_cases(team: Team, increment: Increment) -> None:
    acceptance = services.item_accept(
        access=team.access("product_owner"),
        item=increment.item,
        sprint_id=increment.sprint.pk,
        expected_version=increment.item.version,
    )
    increment.item.refresh_from_db()
    assert increment.item.status == Status.ACCEPTED
    assert acceptance.decision == Verdict.ACCEPTED
    assert acceptance.decided_by == team.po
    assert Event.objects.filter(verb="item.accepted", object_id=increment.item.pk).exists()


@pytest.mark.parametrize("role", NOT_THE_PO)
def test_nobody_but_the_po_accepts(team: Team, increment: Increment, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.item_accept(
            access=team.access(role), item=increment.item, expected_version=increment.item.version
        )
    increment.item.refresh_from_db()
    assert increment.item.status == Status.DONE


@pytest.mark.parametrize("role", NOT_THE_PO)
def test_nobody_but_the_po_rejects(team: Team, increment: Increment, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.item_reject(
            access=team.access(role),
            item=increment.item,
            reason="Not what we asked for",
            expected_version=increment.item.version,
        )
    assert not Acceptance.objects.exists()


def test_an_outsider_cannot_even_find_the_product(team: Team) -> None:
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key=team.product.key)


def test_an_outsiders_own_po_rights_do_not_reach_another_products_item(
    team: Team, increment: Increment
) -> None:
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    with pytest.raises(NotFound):
        services.item_accept(
            access=outsider, item=increment.item, expected_version=increment.item.version
        )


def test_rejection_puts_the_item_back_with_the_reason_as_a_comment(
    team: Team, increment: Increment
) -> None:
    services.item_reject(
        access=team.access("product_owner"),
        item=increment.item,
        reason="The drone lands 20 m off the home point",
        sprint_id=increment.sprint.pk,
        expected_version=increment.item.version,
    )
    increment.item.refresh_from_db()
    assert increment.item.status == Status.READY
    comment = Comment.objects.get(item=increment.item)
    assert "lands 20 m off the home point" in comment.body
    assert comment.author == team.po
    rejection = Acceptance.objects.get(item=increment.item)
    assert (rejection.decision, rejection.sprint) == (Verdict.REJECTED, increment.sprint)


def test_a_rejection_needs_a_reason(team: Team, increment: Increment) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.item_reject(
            access=team.access("product_owner"),
            item=increment.item,
            reason="  ",
            expected_version=increment.item.version,
        )
    assert "reason" in refused.value.errors


def test_acceptance_is_refused_while_a_test_case_is_unrun(team: Team, increment: Increment) -> None:
    dev, po = team.access("team_member"), team.access("product_owner")
    services.cases_generate(access=dev, item=increment.item)
    with pytest.raises(ValidationFailed) as refused:
        services.item_accept(
            access=po, item=increment.item, expected_version=increment.item.version
        )
    assert "2 test case(s) failing or not run" in refused.value.errors["override_reason"]


def test_acceptance_is_refused_while_a_test_case_fails(team: Team, increment: Increment) -> None:
    dev, po = team.access("team_member"), team.access("product_owner")
    first, second = services.cases_generate(access=dev, item=increment.item)
    services.run_record(
        access=dev,
        item=increment.item,
        results={first.pk: Outcome.PASSED, second.pk: Outcome.FAILED},
    )
    with pytest.raises(ValidationFailed):
        services.item_accept(
            access=po, item=increment.item, expected_version=increment.item.version
        )


def test_a_later_passing_run_clears_the_way(team: Team, increment: Increment) -> None:
    dev, po = team.access("team_member"), team.access("product_owner")
    first, second = services.cases_generate(access=dev, item=increment.item)
    services.run_record(
        access=dev, item=increment.item, results={first.pk: "passed", second.pk: "failed"}
    )
    services.run_record(access=dev, item=increment.item, results={second.pk: "passed"})
    acceptance = services.item_accept(
        access=po, item=increment.item, expected_version=increment.item.version
    )
    assert acceptance.open_cases == 0
    assert acceptance.override_reason == ""


def test_the_po_overrides_an_open_test_case_with_a_reason(team: Team, increment: Increment) -> None:
    dev, po = team.access("team_member"), team.access("product_owner")
    services.cases_generate(access=dev, item=increment.item)
    acceptance = services.item_accept(
        access=po,
        item=increment.item,
        expected_version=increment.item.version,
        override_reason="Field test booked for Monday; the demo showed it works",
    )
    assert acceptance.open_cases == 2
    assert acceptance.override_reason.startswith("Field test booked")
    increment.item.refresh_from_db()
    assert increment.item.status == Status.ACCEPTED


def test_only_a_done_item_is_accepted(team: Team) -> None:
    item = done_story(team)
    services.item_reject(
        access=team.access("product_owner"),
        item=item,
        reason="Wrong",
        expected_version=item.version,
    )
    item.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        services.item_accept(
            access=team.access("product_owner"), item=item, expected_version=item.version
        )
    assert refused.value.errors == {"status": "only a done item can be accepted"}


def test_a_stale_acceptance_is_a_conflict(team: Team, increment: Increment) -> None:
    with pytest.raises(Conflict):
        services.item_accept(
            access=team.access("product_owner"),
            item=increment.item,
            expected_version=increment.item.version - 1,
        )


def test_the_po_records_attendees_and_stakeholder_feedback(
    team: Team, increment: Increment
) -> None:
    po = team.access("product_owner")
    review = services.review_update(
        access=po,
        sprint_id=increment.sprint.pk,
        attendees=[team.po.email, team.stakeholder.email],
        feedback="Sales want the return-home demo for the fair.",
        expected_version=0,
    )
    assert {u.email for u in review.attendees.all()} == {team.po.email, team.stakeholder.email}
    again = services.review_update(
        access=po, sprint_id=increment.sprint.pk, feedback="Updated", expected_version=1
    )
    assert again.version == 2
    with pytest.raises(Conflict):
        services.review_update(
            access=po, sprint_id=increment.sprint.pk, feedback="Stale", expected_version=1
        )


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer", "product_manager"])
def test_only_the_po_records_the_review(team: Team, increment: Increment, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.review_update(
            access=team.access(role),
            sprint_id=increment.sprint.pk,
            feedback="Hello",
            expected_version=0,
        )
    assert not SprintReview.objects.exists()


def test_a_review_attendee_must_be_a_member(team: Team, increment: Increment) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.review_update(
            access=team.access("product_owner"),
            sprint_id=increment.sprint.pk,
            attendees=[team.outsider.email],
            expected_version=0,
        )
    assert "attendees" in refused.value.errors


def test_the_review_page_shows_the_done_items_of_the_sprint_with_their_criteria(
    team: Team, increment: Increment, django_assert_max_num_queries
) -> None:
    for title in ("Geofence", "Follow me", "Spot landing"):
        SprintItemFactory(sprint=increment.sprint, item=done_story(team, title))
    access = team.access("stakeholder")
    with django_assert_max_num_queries(8):
        page = selectors.sprint_review(access=access, sprint_id=increment.sprint.pk)
    assert len(page.increment) == 4
    assert all(len(row.criteria) == 2 for row in page.increment)
    assert page.waiting == 4
