"""The sprint review page: the PO accepts or rejects in place; others read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.backlog.models import Comment, Status
from tandem.delivery import services
from tandem.delivery.models import SprintReview
from tests.conftest import Team

from .factories import SprintItemFactory, done_story, make_increment

pytestmark = pytest.mark.django_db


def test_the_review_page_lists_the_increment_within_a_query_ceiling(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:
    increment = make_increment(team)
    for number in range(6):
        SprintItemFactory(sprint=increment.sprint, item=done_story(team, f"Story {number}"))
    url = reverse("delivery:review", args=[team.product.key, increment.sprint.pk])
    client = signed_in(team.po)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('class="card" id="review-') == 7
    assert f"Accept {increment.item.key}" in html
    assert "Given battery at 15%, when flying 0, then it returns" in html


def test_the_po_accepts_in_place_with_htmx(team: Team, signed_in) -> None:
    increment = make_increment(team)
    key = increment.item.key
    response = signed_in(team.po).post(
        reverse("delivery:review-accept", args=[team.product.key, increment.sprint.pk, key]),
        {"version": increment.item.version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'id="review-{key}"' in html
    assert "Accepted by" in html
    increment.item.refresh_from_db()
    assert increment.item.status == Status.ACCEPTED


def test_the_po_rejects_with_a_reason_from_the_page(team: Team, signed_in) -> None:
    increment = make_increment(team)
    key = increment.item.key
    response = signed_in(team.po).post(
        reverse("delivery:review-reject", args=[team.product.key, increment.sprint.pk, key]),
        {"version": increment.item.version, "reason": "Beeps too quietly"},
        HTTP_HX_REQUEST="true",
    )
    assert "went back to the backlog" in response.content.decode()
    assert Comment.objects.filter(item=increment.item, body__contains="Beeps too quietly").exists()


def test_an_open_test_case_shows_the_override_field_and_refuses_without_it(
    team: Team, signed_in
) -> None:
    increment = make_increment(team)
    services.cases_generate(access=team.access("team_member"), item=increment.item)
    url = reverse("delivery:review", args=[team.product.key, increment.sprint.pk])
    client = signed_in(team.po)
    assert "Why accept with 2 open test cases?" in client.get(url).content.decode()
    refused = client.post(
        reverse(
            "delivery:review-accept",
            args=[team.product.key, increment.sprint.pk, increment.item.key],
        ),
        {"version": increment.item.version},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    assert "give a reason to accept anyway" in refused.content.decode()


def test_the_team_sees_the_review_without_accept_buttons(team: Team, signed_in) -> None:
    increment = make_increment(team)
    url = reverse("delivery:review", args=[team.product.key, increment.sprint.pk])
    html = signed_in(team.dev).get(url).content.decode()
    assert "Waiting for the Product Owner" in html
    assert "Accept " + increment.item.key not in html


def test_the_po_saves_attendees_and_feedback(team: Team, signed_in) -> None:
    increment = make_increment(team)
    signed_in(team.po).post(
        reverse("delivery:review-save", args=[team.product.key, increment.sprint.pk]),
        {"version": "0", "attendees": [team.stakeholder.email], "feedback": "Loved it"},
    )
    review = SprintReview.objects.get(sprint=increment.sprint)
    assert review.feedback == "Loved it"
    assert list(review.attendees.all()) == [team.stakeholder]


def test_the_reviews_index_lists_sprints_and_waiting_items(team: Team, signed_in) -> None:
    increment = make_increment(team)
    html = signed_in(team.viewer).get(reverse("delivery:reviews", args=[team.product.key])).content
    assert increment.sprint.name in html.decode()
    assert increment.item.key in html.decode()
