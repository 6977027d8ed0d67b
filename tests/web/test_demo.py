"""``tandem demo``: a realistic product to explore, loaded once, through the real services."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import QuerySet

from tandem.backlog import selectors
from tandem.backlog.models import Comment, Item, Kind, Link, Status
from tandem.backlog.services.proposing import ItemOperation
from tandem.core.scoring import Quadrant, quadrant
from tandem.web.demo import content
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event, Membership, Product, Proposal, Role, User
from tandem.workspace.selectors import product_access

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "pm@demo.test",
    "po@demo.test",
    "dev@demo.test",
    "qa@demo.test",
    "stakeholder@demo.test",
]


def _run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def output(demo: str) -> str:
    """What ``tandem demo`` printed; the demo is loaded once for this module."""
    return demo


@pytest.fixture
def po(output: str) -> ProductAccess:
    return product_access(user=User.objects.get(email="po@demo.test"), product_key="DRN")


def _backlog() -> QuerySet[Item]:
    """The backlog the content defines; the sprint history adds finished work beside it."""
    titles = [spec.title for spec in content.BACKLOG] + [epic.title for epic in content.EPICS]
    return Item.objects.filter(product__key="DRN", title__in=titles)


def _stories() -> list[Item]:
    return list(_backlog().filter(kind=Kind.STORY))


def _counts() -> dict[str, int]:
    return {
        "items": Item.objects.count(),
        "events": Event.objects.count(),
        "comments": Comment.objects.count(),
        "users": User.objects.count(),
        "proposals": Proposal.objects.filter(record_type="item").count(),
        "products": Product.objects.count(),
    }


def test_every_demo_login_signs_in_with_the_demo_password(output: str) -> None:
    people = [authenticate(username=email, password="demo") for email in DEMO_EMAILS]
    assert [getattr(person, "email", None) for person in people] == DEMO_EMAILS


def test_demo_people_hold_their_roles_on_the_skylens_product(output: str) -> None:
    product = Product.objects.select_related("organization").get(key="DRN")
    roles = set(Membership.objects.filter(product=product).values_list("user__email", "role"))
    po_membership = Membership.objects.get(user__email="po@demo.test", product=product)
    assert (product.name, product.organization.name) == ("SkyLens Drones", "SkyLens")
    assert roles == {
        ("pm@demo.test", Role.PRODUCT_MANAGER),
        ("po@demo.test", Role.PRODUCT_OWNER),
        ("dev@demo.test", Role.TEAM_MEMBER),
        ("qa@demo.test", Role.TEAM_MEMBER),
        ("stakeholder@demo.test", Role.STAKEHOLDER),
    }
    assert po_membership.reports_to == User.objects.get(email="pm@demo.test")


def test_about_sixty_stories_most_with_criteria_and_estimates(output: str) -> None:
    stories = _stories()
    with_criteria = sum(story.criteria_count >= 1 for story in stories)
    estimated = sum(story.estimate is not None for story in stories)
    assert 55 <= len(stories) <= 65
    assert with_criteria >= 0.9 * len(stories)
    assert estimated >= 0.9 * len(stories)


def test_every_story_hangs_under_one_of_the_epics(po: ProductAccess) -> None:
    epics = list(selectors.epics_of(access=po))
    parents = {story.parent_id for story in _stories()}
    assert len(epics) == 6
    assert parents == {epic.pk for epic in epics}


def test_tasks_bugs_and_a_spike_sit_beside_the_stories(output: str) -> None:
    kinds = Counter(_backlog().exclude(kind=Kind.STORY).values_list("kind", flat=True))
    assert kinds == {
        Kind.EPIC: 6,
        Kind.TASK: 3,
        Kind.BUG: 3,
        Kind.SPIKE: 1,
    }


def test_stories_marked_ready_meet_the_definition_of_ready(output: str) -> None:
    marked_ready = list(Item.objects.filter(kind=Kind.STORY, status=Status.READY))
    assert len(marked_ready) >= 10
    assert all(story.is_ready for story in marked_ready)


def test_statuses_run_from_new_to_accepted(output: str) -> None:
    statuses = [story.status for story in _stories()]
    assert set(statuses) == set(Status.values)
    assert statuses.count(Status.NEW) + statuses.count(Status.READY) > 0.7 * len(statuses)


def test_finished_stories_have_their_criteria_ticked_and_the_po_accepted_some(
    output: str,
) -> None:
    finished = _backlog().filter(status__in=[Status.DONE, Status.ACCEPTED], kind=Kind.STORY)
    criteria = [c for item in finished for c in item.criteria.all()]
    acceptances = Event.objects.filter(verb="item.updated", after__status=Status.ACCEPTED)
    assert criteria
    assert all(criterion.is_met for criterion in criteria)
    assert Item.objects.filter(status=Status.ACCEPTED).count() >= 1
    assert set(acceptances.values_list("actor__email", flat=True)) == {"po@demo.test"}


def test_some_work_is_assigned_to_the_team(output: str) -> None:
    assignees = set(_backlog().exclude(assignee=None).values_list("assignee__email", flat=True))
    assert assignees == {"dev@demo.test", "qa@demo.test"}


def test_scores_place_items_in_all_four_value_effort_quadrants(po: ProductAccess) -> None:
    placed = {quadrant(item.value, item.effort) for item in selectors.matrix_items(access=po)}
    rice_scored = Item.objects.exclude(rice_score=None).count()
    wsjf_scored = Item.objects.exclude(wsjf_score=None).count()
    assert placed == set(Quadrant)
    assert rice_scored >= 20
    assert wsjf_scored >= 10


def test_team_questions_get_answers_from_the_product_owner(output: str) -> None:
    questions = Comment.objects.filter(is_question=True)
    answerers = set(
        Comment.objects.filter(reply_to__in=questions).values_list("author__email", flat=True)
    )
    stakeholder_comments = Comment.objects.filter(author__email="stakeholder@demo.test")
    assert Comment.objects.count() >= 15
    assert questions.count() >= 5
    assert answerers == {"po@demo.test"}
    assert stakeholder_comments.count() >= 2


def test_some_stories_link_to_mockups_and_documents(output: str) -> None:
    kinds = set(Link.objects.values_list("kind", flat=True))
    assert Link.objects.count() >= 4
    assert kinds == {"mockup", "document"}


def test_the_product_owner_has_proposals_from_the_product_manager_waiting(
    po: ProductAccess,
) -> None:
    waiting = list(selectors.pending_proposals(access=po))
    assert {p.operation for p in waiting} == {ItemOperation.MOVE, ItemOperation.UPDATE}
    assert {getattr(p.proposed_by, "email", None) for p in waiting} == {"pm@demo.test"}


def test_backlog_health_shows_stale_and_not_ready_items(po: ProductAccess) -> None:
    health = selectors.backlog_health(access=po)
    assert 5 <= health.stale <= 8
    assert 4 <= health.not_ready <= 8
    assert len(selectors.stale_items(access=po)) == health.stale


def test_refinement_finds_the_planted_duplicates(po: ProductAccess) -> None:
    pairs = {frozenset((a.title, b.title)) for a, b, _ in selectors.duplicate_candidates(access=po)}
    assert pairs == {
        frozenset(("Longer flight time", "Longer flight times in cold weather")),
        frozenset(("Offline maps for remote areas", "Download offline maps for remote areas")),
    }


def test_loading_the_demo_again_changes_nothing(output: str) -> None:
    before = _counts()
    again = _run_demo()
    assert _counts() == before
    assert "Demo product DRN already loaded" in again


def test_demo_prints_every_login_with_its_password_and_role(output: str) -> None:
    logins = output.split("Demo logins (e-mail / password / role):\n")[1]
    printed = [line.split()[:2] for line in logins.splitlines()]
    assert printed == [[email, "demo"] for email in DEMO_EMAILS]
    assert "Product Owner (Oscar Lindqvist)" in output
