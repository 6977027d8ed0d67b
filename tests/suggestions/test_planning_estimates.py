"""Suggested estimates beside unestimated items: sprint planning's backlog and refinement."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tandem.backlog.models import Item
from tandem.delivery.models import Sprint
from tests.conftest import Team
from tests.delivery.sprint_data import new_sprint

from .conftest import Make

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def backlog(make: Make) -> None:
    make("Export flight logs as CSV", estimate=2)
    make("Night mode for the camera", estimate=5)
    make("Export the flight logs to CSV")


def _planning(client: Client, sprint: Sprint) -> str:
    response = client.get(reverse("delivery:planning", args=["DRN", sprint.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _hint(html: str, number: int) -> str:
    item = Item.objects.get(number=number)
    start = html.index(f'id="estimate-hint-{item.pk}"')
    return html[start : html.index("</details>", start)]


def test_planning_suggests_an_estimate_with_its_reasons_for_an_unestimated_item(
    team: Team, client: Client, backlog: None
) -> None:
    sprint = new_sprint(team)
    client.force_login(team.po)
    hint = _hint(_planning(client, sprint), 3)
    assert "Suggested estimate: <strong" in hint
    assert "2 points</strong>" in hint
    assert "cold start" in hint
    assert "too few to learn from" in hint
    assert re.search(r"DRN-1</a> Export flight logs as CSV <span[^>]*>· 2 pts", hint)
    assert re.search(r"DRN-2</a> Night mode for the camera <span[^>]*>· 5 pts", hint)
    assert "Apply 2 points to DRN-3" in hint
    assert 'name="version" value="1"' in hint


def test_planning_suggests_nothing_for_an_estimated_item(
    team: Team, client: Client, backlog: None
) -> None:
    sprint = new_sprint(team)
    client.force_login(team.po)
    html = _planning(client, sprint)
    for number in (1, 2):
        assert f'id="estimate-hint-{Item.objects.get(number=number).pk}"' not in html
    assert html.count('class="estimate-hint') == 1


def test_a_stakeholder_reads_the_suggestion_without_an_apply_button(
    team: Team, client: Client, backlog: None
) -> None:
    sprint = new_sprint(team)
    client.force_login(team.stakeholder)
    hint = _hint(_planning(client, sprint), 3)
    assert "2 points</strong>" in hint
    assert "Apply" not in hint


def test_applying_from_planning_saves_once_and_a_stale_version_is_a_conflict(
    team: Team, client: Client, backlog: None
) -> None:
    sprint = new_sprint(team)
    client.force_login(team.po)
    hint = _hint(_planning(client, sprint), 3)
    action = re.search(r'hx-post="([^"]+)"', hint)
    assert action is not None
    assert action.group(1) == reverse("backlog:item-update", args=["DRN-3"])
    values = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', hint))
    values.pop("csrfmiddlewaretoken")
    assert values == {"version": "1", "section": "details", "estimate": "2"}
    assert client.post(action.group(1), values, headers=HTMX).status_code == 200
    assert Item.objects.get(number=3).estimate == 2
    # A second click from the same, now stale, page: the conflict, nothing overwritten.
    stale = client.post(action.group(1), {**values, "estimate": "5"}, headers=HTMX)
    assert stale.status_code == 409
    assert Item.objects.get(number=3).estimate == 2
    assert f'id="estimate-hint-{Item.objects.get(number=3).pk}"' not in _planning(client, sprint)


def test_planning_reads_suggestions_for_many_items_in_a_fixed_number_of_queries(
    team: Team,
    client: Client,
    make: Make,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(8):
        make(f"Flight log export {n}", estimate=(1, 2, 3, 5)[n % 4])
    for n in range(20):
        make(f"Flight log filter {n}")
    sprint = new_sprint(team)
    client.force_login(team.po)
    url = reverse("delivery:planning", args=["DRN", sprint.pk])
    # Learning the model, the items' vectors and the similar items' titles are five reads
    # however many items get a suggestion; a read per item would pass the bound by far.
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert html.count('class="estimate-hint') == 20


def test_refinement_suggests_estimates_only_for_unestimated_items_and_ticks_them_for_bulk(
    team: Team, client: Client, backlog: None
) -> None:
    client.force_login(team.po)
    card = client.get(reverse("suggestions:refinement", args=["DRN"]), headers=HTMX)
    html = card.content.decode()
    row = html[html.index('href="/items/DRN-3/"') :]
    assert "Suggested estimate: 2 points" in row
    assert "too few to learn from" in row
    assert re.search(r"DRN-1</a> Export flight logs as CSV <span[^>]*>· 2 pts", row)
    assert "Apply 2 points" in row
    item = Item.objects.get(number=3)
    assert f'name="items" value="{item.pk}" form="bulk-form"' in html
    assert 'href="/items/DRN-1/" class="item-key">DRN-1</a></td>' not in html
    assert html.count("Suggested estimate:") == 1
