"""The notifications API: my notifications, marking them read, watching by role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.backlog import services as backlog
from tandem.workspace import services as workspace_services
from tandem.workspace.models import Role
from tandem.workspace.notifications.models import Notification, Watch
from tests.conftest import Team

pytestmark = pytest.mark.django_db

API = "/api/v1"


def client_as(team: Team, role: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


@pytest.fixture
def item(team: Team) -> Any:
    return backlog.item_create(access=team.access("product_owner"), fields={"title": "Geofence"})


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_member_may_watch_and_unwatch_a_record_they_read(
    team: Team, item: Any, role: str
) -> None:
    api = client_as(team, role)
    url = f"{API}/products/DRN/watch/item/{item.pk}"

    watched = api.put(url)
    stopped = api.delete(url)

    assert (watched.status_code, watched.json()["watching"]) == (200, True)
    assert stopped.status_code == 204
    assert not Watch.objects.filter(user=team.person(role)).exists()


def test_an_outsider_cannot_watch_a_record_of_the_product(team: Team, item: Any) -> None:
    outsider = workspace_services.token_create(user=team.outsider)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {outsider}")
    answer = api.put(f"{API}/products/DRN/watch/item/{item.pk}")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"


def test_watching_an_unknown_kind_names_the_field(team: Team) -> None:
    answer = client_as(team, "viewer").put(f"{API}/products/DRN/watch/spaceship/1")
    assert answer.status_code == 422
    assert "object_type" in answer.json()["errors"]


def test_watching_a_missing_record_is_not_found(team: Team) -> None:
    answer = client_as(team, "viewer").put(f"{API}/products/DRN/watch/item/999999")
    assert answer.status_code == 404


def test_my_notifications_come_grouped_by_record_and_only_mine(
    team: Team, item: Any, django_capture_on_commit_callbacks: Any
) -> None:
    viewer = client_as(team, "viewer")
    viewer.put(f"{API}/products/DRN/watch/item/{item.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            backlog.comment_add(access=team.access("team_member"), item=item, body=f"n{n}")

    mine = viewer.get(f"{API}/notifications").json()
    theirs = client_as(team, "stakeholder").get(f"{API}/notifications").json()

    assert mine["unread"] == 3
    (group,) = mine["groups"]
    assert (group["label"], group["unread"]) == (f"{item.key} 'Geofence'", 3)
    assert group["url"].endswith(f"/items/{item.key}/")
    lines = [line["text"] for line in group["lines"]]
    assert lines == [f"{team.dev.display_name} commented on it (3 times)"]
    assert theirs == {"unread": 0, "groups": []}


def test_marking_read_by_id_touches_only_my_own(
    team: Team, item: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for role in ("viewer", "stakeholder"):
        client_as(team, role).put(f"{API}/products/DRN/watch/item/{item.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        backlog.comment_add(access=team.access("team_member"), item=item, body="hello")
    theirs = Notification.objects.get(user=team.stakeholder)
    mine = Notification.objects.get(user=team.viewer)

    answer = client_as(team, "viewer").post(
        f"{API}/notifications/read",
        {"ids": [mine.pk, theirs.pk]},
        content_type="application/json",
    )

    assert answer.json() == {"marked": 1, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(team: Team, item: Any, django_capture_on_commit_callbacks: Any) -> None:
    viewer = client_as(team, "viewer")
    viewer.put(f"{API}/products/DRN/watch/item/{item.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        backlog.comment_add(access=team.access("team_member"), item=item, body="one")
        backlog.comment_add(access=team.access("product_manager"), item=item, body="two")

    answer = viewer.post(
        f"{API}/notifications/read", {"all": True}, content_type="application/json"
    )

    assert answer.json() == {"marked": 2, "unread": 0}


def test_bad_read_input_names_the_field(team: Team) -> None:
    answer = client_as(team, "viewer").post(
        f"{API}/notifications/read", {"ids": "x"}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert "ids" in answer.json()["errors"]


def test_notifications_need_a_signed_in_caller(db: None) -> None:
    assert Client().get(f"{API}/notifications").status_code == 401


def test_a_limit_out_of_range_names_the_field(team: Team) -> None:
    answer = client_as(team, "viewer").get(f"{API}/notifications?limit=0")
    assert answer.status_code == 422
    assert "limit" in answer.json()["errors"]
