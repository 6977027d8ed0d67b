"""The start dialog, the reopen button and the watch buttons on the sprint and release pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintState
from tests.conftest import Team

from .sprint_data import PO, new_sprint, ready_story, started_sprint

pytestmark = pytest.mark.django_db


def _closed(team: Team, name: str = "Sprint 1") -> Sprint:
    sprint = started_sprint(team, ready_story(team, f"Left in {name}", points=5), name=name)
    sprint.refresh_from_db()
    return services.sprint_close(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version
    )


def _page(client: Client, sprint: Sprint) -> str:
    return client.get(reverse("delivery:sprint", args=["DRN", sprint.pk])).content.decode()


def test_the_start_dialog_shows_commitment_capacity_velocity_length_and_overlaps(
    team: Team, client: Client
) -> None:
    _closed(team, "Before")
    new_sprint(team, name="Beside", starts_on=dt.date.today() + dt.timedelta(days=20))
    sprint = new_sprint(
        team, name="Next", capacity=3, starts_on=dt.date.today() + dt.timedelta(days=14)
    )
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "Big", points=8)]
    )
    client.force_login(team.po)
    html = _page(client, sprint)
    assert 'id="start-dialog"' in html
    assert "8 points · 1 item" in html
    assert "Over capacity" in html
    assert "(average of the last 1 closed sprint)" in html
    assert "14 days" in html
    assert "Beside" in html
    assert "I have seen this: start anyway" in html


def test_starting_over_capacity_without_the_confirm_box_is_refused(
    team: Team, client: Client
) -> None:
    sprint = new_sprint(team, capacity=1)
    services.sprint_items_add(
        access=team.access(PO), sprint=sprint, items=[ready_story(team, "Big", points=5)]
    )
    sprint.refresh_from_db()
    client.force_login(team.po)
    url = reverse("delivery:sprint-start", args=["DRN", sprint.pk])
    refused = client.post(url, {"version": sprint.version})
    assert refused.status_code == 422
    assert "confirm to start" in refused.content.decode()
    started = client.post(url, {"version": sprint.version, "confirm": "true"})
    assert started.status_code == 302
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.ACTIVE


def test_the_product_owner_sees_the_reopen_button_and_uses_it(team: Team, client: Client) -> None:
    sprint = _closed(team)
    client.force_login(team.po)
    assert "Reopen sprint" in _page(client, sprint)
    response = client.post(
        reverse("delivery:sprint-reopen", args=["DRN", sprint.pk]), {"version": sprint.version}
    )
    assert response.status_code == 302
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.ACTIVE
    assert "Close the sprint" in _page(client, sprint)


def test_an_older_closed_sprint_says_why_it_cannot_be_reopened(team: Team, client: Client) -> None:
    first = _closed(team, "First")
    _closed(team, "Second")
    client.force_login(team.po)
    html = _page(client, first)
    assert "Reopen sprint" not in html
    assert "only the most recently closed sprint (Second) can be reopened" in html


@pytest.mark.parametrize("role", ["team_member", "stakeholder"])
def test_others_see_no_reopen_button_and_are_refused(team: Team, client: Client, role: str) -> None:
    sprint = _closed(team)
    client.force_login(team.person(role))
    assert "Reopen sprint" not in _page(client, sprint)
    response = client.post(
        reverse("delivery:sprint-reopen", args=["DRN", sprint.pk]), {"version": sprint.version}
    )
    assert response.status_code == 403
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.CLOSED


def test_the_sprint_page_has_a_watch_button_that_toggles(team: Team, client: Client) -> None:
    sprint = new_sprint(team)
    client.force_login(team.stakeholder)
    url = f"/p/DRN/watch/sprint/{sprint.pk}/"
    assert f'hx-post="{url}"' in _page(client, sprint)
    watching = client.post(url, {"watch": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Watching · 1" in watching


def test_the_release_page_has_a_watch_button(team: Team, client: Client) -> None:
    release = services.release_create(access=team.access(PO), fields={"name": "2.0"})
    client.force_login(team.dev)
    html = client.get(reverse("delivery:release", args=["DRN", release.pk])).content.decode()
    assert f'hx-post="/p/DRN/watch/release/{release.pk}/"' in html


def test_someone_from_another_organization_cannot_open_or_reopen(
    team: Team, client: Client
) -> None:
    sprint = _closed(team)
    client.force_login(team.outsider)
    assert client.get(reverse("delivery:sprint", args=["DRN", sprint.pk])).status_code == 404
    response = client.post(
        reverse("delivery:sprint-reopen", args=["DRN", sprint.pk]), {"version": sprint.version}
    )
    assert response.status_code == 404
