"""The suggestions on the pages: the item panel, refinement's card, quick add's warning."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog.models import Item
from tests.conftest import Team

from .conftest import Make

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def backlog(make: Make) -> None:
    make("Export flight logs as CSV", estimate=2)
    make("Night mode for the camera", estimate=5)
    make("Export the flight logs to CSV")
    make(
        "See and edit my children",
        kind="story",
        as_a="parent",
        i_want="to see and edit my children",
    )


def _page(client: Client, key: str) -> str:
    response = client.get(reverse("backlog:item", args=[key]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_item_page_shows_similar_items_read_from_stored_rows(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.viewer)
    html = _page(client, "DRN-3")
    panel = html[html.index('id="item-suggestions"') :]
    assert "Similar items" in panel
    assert "DRN-1" in panel
    assert "Export flight logs as CSV" in panel
    assert "likely duplicate" in panel
    assert "% alike" in panel


def test_an_unestimated_item_loads_its_suggestion_after_the_page(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.dev)
    html = _page(client, "DRN-3")
    assert reverse("suggestions:estimate", args=["DRN-3"]) in html
    fragment = client.get(reverse("suggestions:estimate", args=["DRN-3"]), headers=HTMX)
    text = fragment.content.decode()
    assert "Suggested estimate: 2 points" in text
    assert "cold start" in text
    assert "too few to learn from" in text
    assert "Apply 2 points" in text
    assert 'name="version" value="1"' in text


def test_a_viewer_sees_the_suggestion_without_an_apply_button(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.viewer)
    text = client.get(reverse("suggestions:estimate", args=["DRN-3"])).content.decode()
    assert "Suggested estimate" in text
    assert "Apply" not in text


def test_applying_the_suggestion_is_an_ordinary_versioned_update(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.dev)
    response = client.post(
        reverse("backlog:item-update", args=["DRN-3"]),
        {"version": "1", "section": "details", "estimate": "2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Item.objects.get(number=3).estimate == 2
    stale = client.post(
        reverse("backlog:item-update", args=["DRN-3"]),
        {"version": "1", "section": "details", "estimate": "3"},
        headers=HTMX,
    )
    assert stale.status_code == 409


def test_an_estimated_item_shows_no_estimate_suggestion(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.po)
    assert reverse("suggestions:estimate", args=["DRN-1"]) not in _page(client, "DRN-1")


def test_the_story_panel_offers_the_split_to_those_who_may_write(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.dev)
    html = _page(client, "DRN-4")
    assert "Asks for 2 things at once" in html
    assert "As a parent, I want to edit my children." in html
    assert "Split into two stories" in html
    client.force_login(team.stakeholder)
    html = _page(client, "DRN-4")
    assert "Asks for 2 things at once" in html
    assert "Split into two stories" not in html


def test_splitting_from_the_page_creates_the_second_story(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.po)
    response = client.post(reverse("suggestions:split", args=["DRN-4"]), {"version": "1"})
    assert response.status_code == 302
    assert Item.objects.get(number=4).i_want == "to see my children"
    assert Item.objects.get(number=5).i_want == "to edit my children"


def test_a_stakeholder_split_is_refused(team: Team, client: Client, backlog: None) -> None:
    client.force_login(team.stakeholder)
    response = client.post(
        reverse("suggestions:split", args=["DRN-4"]), {"version": "1"}, headers=HTMX
    )
    assert response.status_code == 403
    assert Item.objects.count() == 4


def test_an_outsider_gets_404_on_the_suggestion_pages(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.outsider)
    assert client.get(reverse("suggestions:estimate", args=["DRN-3"])).status_code == 404
    assert client.get(reverse("suggestions:refinement", args=["DRN"])).status_code == 404


def test_refinement_lists_suggested_estimates_and_findings(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.po)
    page = client.get(reverse("backlog:refinement", args=["DRN"])).content.decode()
    assert reverse("suggestions:refinement", args=["DRN"]) in page
    card = client.get(reverse("suggestions:refinement", args=["DRN"]), headers=HTMX)
    html = card.content.decode()
    assert "Suggested estimates and story checks" in html
    assert "DRN-3" in html
    assert "Apply 2 points" in html
    assert "Asks for 2 things at once" in html


def test_quick_add_warns_of_a_look_alike_before_saving(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.dev)
    backlog_page = client.get(reverse("backlog:list", args=["DRN"])).content.decode()
    assert reverse("suggestions:similar-check", args=["DRN"]) in backlog_page
    response = client.post(
        reverse("suggestions:similar-check", args=["DRN"]),
        {"text": "Export flight logs as CSV files"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "This looks like" in html
    assert "DRN-1" in html
    assert Item.objects.count() == 4  # nothing saved


def test_quick_add_says_nothing_for_a_new_idea(team: Team, client: Client, backlog: None) -> None:
    client.force_login(team.dev)
    response = client.post(
        reverse("suggestions:similar-check", args=["DRN"]), {"text": "Gimbal calibration"}
    )
    assert "This looks like" not in response.content.decode()
