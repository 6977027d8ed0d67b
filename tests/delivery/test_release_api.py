"""The release-side API as a script sees it: JSON in, JSON and ETags out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tandem.backlog.models import Status
from tandem.delivery import services
from tandem.workspace import services as workspace_services
from tests.conftest import Team

from .factories import SprintFactory, done_story, make_increment

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _years_ahead(years: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=365 * years)


def _client(team: Team, role: str = "product_owner") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _post(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, body, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.patch(path, body, content_type="application/json", headers=headers)


def test_a_release_is_created_read_and_changed_with_its_etag(team: Team) -> None:
    story = done_story(team)
    po = _client(team)
    created = _post(po, "/api/v1/products/DRN/releases", {"name": "2.4", "items": [story.key]})
    assert created.status_code == 201
    assert created["ETag"] == '"1"'
    body = created.json()
    assert (body["points"], body["done_points"], body["items"]) == (5, 5, [story.key])
    path = f"/api/v1/products/DRN/releases/{body['id']}"
    changed = _patch(po, path, {"notes": "Return home"}, **{"If-Match": '"1"'})
    assert changed.status_code == 200
    assert changed["ETag"] == '"2"'
    stale = _patch(po, path, {"notes": "Stale"}, **{"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    assert stale.json()["current"]["notes"] == "Return home"
    missing = _patch(po, path, {"notes": "No version"})
    assert missing.status_code == 428


def test_the_pm_may_not_plan_a_release_and_an_outsider_does_not_see_it(team: Team) -> None:
    refused = _post(
        _client(team, "product_manager"), "/api/v1/products/DRN/releases", {"name": "x"}
    )
    assert refused.status_code == 403
    release = services.release_create(access=team.access("product_owner"), fields={"name": "1"})
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    assert outsider.get(f"/api/v1/products/DRN/releases/{release.pk}").status_code == 404


def _outsider_token(team: Team) -> str:
    return workspace_services.token_create(user=team.outsider)[1]


def test_the_forecast_answers_with_dates_at_three_confidence_levels(team: Team) -> None:
    for points in (6, 8, 10, 7):
        SprintFactory(product=team.product, completed_points=points)
    po = team.access("product_owner")
    story = services.release_create(access=po, fields={"name": "2.4"})
    services.release_update(
        access=po,
        release_id=story.pk,
        changes={"items": [done_story(team, f"S{n}").key for n in range(2)]},
        expected_version=story.version,
    )
    viewer = _client(team, "stakeholder")
    forecast = viewer.get(f"/api/v1/products/DRN/releases/{story.pk}/forecast").json()
    # Everything in scope is done: nothing left to forecast, and it says so.
    assert forecast["remaining_points"] == 0
    assert "Nothing left" in forecast["message"]
    open_story = _post(
        _client(team), "/api/v1/products/DRN/items", {"title": "Open", "estimate": 13}
    ).json()
    story.refresh_from_db()
    services.release_update(
        access=po,
        release_id=story.pk,
        changes={"items": [open_story["key"]]},
        expected_version=story.version,
    )
    forecast = viewer.get(f"/api/v1/products/DRN/releases/{story.pk}/forecast").json()
    dates = [w["date"] for w in forecast["when"]]
    assert [w["confidence"] for w in forecast["when"]] == [50, 85, 95]
    assert dates == sorted(dates)
    assert forecast["velocity"] == [6.0, 8.0, 10.0, 7.0]
    how_much = viewer.get(
        f"/api/v1/products/DRN/releases/{story.pk}/forecast/how-much?by={_years_ahead(8)}"
    ).json()
    assert how_much["points"]["95"] == 13
    too_far = viewer.get(
        f"/api/v1/products/DRN/releases/{story.pk}/forecast/how-much?by=4067-10-08"
    )
    assert too_far.status_code == 422
    assert too_far["Content-Type"].startswith("application/problem+json")
    assert "ten years ahead" in too_far.json()["errors"]["by"]
    burnup = viewer.get(f"/api/v1/products/DRN/releases/{story.pk}/burnup").json()
    assert burnup["scope"][-1] == 13


def test_the_po_accepts_through_the_api_and_the_team_may_not(team: Team) -> None:
    increment = make_increment(team)
    key = increment.item.key
    etag = f'"{increment.item.version}"'
    refused = _post(
        _client(team, "team_member"), f"/api/v1/items/{key}/accept", {}, **{"If-Match": etag}
    )
    assert refused.status_code == 403
    no_version = _post(_client(team), f"/api/v1/items/{key}/accept", {})
    assert no_version.status_code == 428
    accepted = _post(
        _client(team),
        f"/api/v1/items/{key}/accept",
        {"sprint_id": increment.sprint.pk},
        **{"If-Match": etag},
    )
    assert accepted.status_code == 201
    assert accepted.json()["decision"] == "accepted"
    increment.item.refresh_from_db()
    assert increment.item.status == Status.ACCEPTED


def test_an_open_test_case_refuses_acceptance_with_the_field_to_fill(team: Team) -> None:
    increment = make_increment(team)
    key = increment.item.key
    dev = _client(team, "team_member")
    cases = _post(dev, f"/api/v1/items/{key}/test-cases/generate", {}).json()
    run = _post(
        dev,
        f"/api/v1/items/{key}/test-runs",
        {"results": [{"case_id": cases[0]["id"], "outcome": "failed", "note": "drifts"}]},
    )
    assert run.status_code == 201
    refused = _post(_client(team), f"/api/v1/items/{key}/accept", {"version": 3})
    assert refused.status_code == 422
    assert "override_reason" in refused.json()["errors"]
    plan = _client(team, "viewer").get(f"/api/v1/items/{key}/test-plan").json()
    assert (plan["failed"], plan["unrun"]) == (1, 1)


def test_a_rejection_through_the_api_returns_the_item_to_the_backlog(team: Team) -> None:
    increment = make_increment(team)
    response = _post(
        _client(team),
        f"/api/v1/items/{increment.item.key}/reject",
        {"reason": "Lands too far away", "version": increment.item.version},
    )
    assert response.status_code == 201
    increment.item.refresh_from_db()
    assert increment.item.status == Status.READY


def test_the_review_is_read_and_recorded_with_its_etag(team: Team) -> None:
    increment = make_increment(team)
    path = f"/api/v1/products/DRN/sprints/{increment.sprint.pk}/review"
    read = _client(team, "stakeholder").get(path)
    assert read["ETag"] == '"0"'
    assert [row["key"] for row in read.json()["increment"]] == [increment.item.key]
    put = _client(team).put(
        path,
        {"feedback": "Great demo", "attendees": [team.stakeholder.email]},
        content_type="application/json",
        headers={"If-Match": '"0"'},
    )
    assert put.status_code == 200
    assert put["ETag"] == '"1"'
    assert put.json()["attendees"] == [team.stakeholder.email]


def test_launches_through_the_api_pm_decides_po_proposes(team: Team) -> None:
    release = services.release_create(access=team.access("product_owner"), fields={"name": "3"})
    path = f"/api/v1/products/DRN/releases/{release.pk}/launch"
    proposed = _post(_client(team), path, {})
    assert proposed.status_code == 201
    assert proposed.json()["state"] == "proposed"
    launch = proposed.json()
    decided = _post(
        _client(team, "product_manager"),
        f"/api/v1/products/DRN/launches/{launch['id']}/decision",
        {"approve": True},
        **{"If-Match": f'"{launch["version"]}"'},
    )
    assert decided.json()["state"] == "approved"
    task = launch["tasks"][0]
    checked = _post(
        _client(team, "product_manager"),
        f"/api/v1/products/DRN/launch-tasks/{task['id']}/check",
        {"done": True, "version": task["version"]},
    )
    assert checked.json()["done"] is True
    read = _client(team, "viewer").get(path).json()
    assert read["progress"] == round(100 / len(read["tasks"]))
    template = _client(team, "product_manager").put(
        "/api/v1/products/DRN/launch-template",
        {"tasks": [{"title": "Pricing", "days_before": 14}]},
        content_type="application/json",
        headers={"If-Match": '"0"'},
    )
    assert template.status_code == 200
    assert template.json()["version"] == 1


def test_when_will_n_points_be_done_answers_for_the_team(team: Team) -> None:
    for points in (6, 8, 10, 7):
        SprintFactory(product=team.product, completed_points=points)
    viewer = _client(team, "viewer")
    answer = viewer.get("/api/v1/products/DRN/forecast?points=40").json()
    assert [w["confidence"] for w in answer["when"]] == [50, 85, 95]
    sprints = [w["sprints"] for w in answer["when"]]
    assert sprints == sorted(sprints)
    assert sprints[0] >= 4  # about 8 points a sprint
    refused = viewer.get("/api/v1/products/DRN/forecast?points=-1")
    assert refused.status_code == 422
    assert "points" in refused.json()["errors"]
