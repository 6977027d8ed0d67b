"""Sprints per team: each team runs one active sprint; a product without teams works as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from tandem.delivery import selectors, services
from tandem.delivery.models import Sprint, SprintState
from tandem.workspace import services as workspace_services
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Role, Team
from tandem.workspace.selectors import product_access
from tests.conftest import Team as Cast

from .factories import SprintFactory
from .sprint_data import PO, new_sprint, ready_story

pytestmark = pytest.mark.django_db


def _teams(cast: Cast) -> tuple[Team, Team]:
    access = cast.access(PO)
    drones = workspace_services.team_create(access=access, name="Drones")
    ground = workspace_services.team_create(access=access, name="Ground")
    workspace_services.team_member_add(
        access=access, team=ground, user=cast.dev, expected_version=ground.version
    )
    ground.refresh_from_db()
    return drones, ground


def _sprint(cast: Cast, name: str, squad: int) -> Sprint:
    start = dt.date.today()
    return services.sprint_create(
        access=cast.access(PO),
        fields={
            "name": name,
            "starts_on": start,
            "ends_on": start + dt.timedelta(days=13),
            "team": squad,
        },
    )


def _start(cast: Cast, sprint: Sprint) -> Sprint:
    return services.sprint_start(
        access=cast.access(PO), sprint=sprint, expected_version=sprint.version, confirmed=True
    )


def test_a_product_with_teams_asks_which_team_a_sprint_is_for(team: Cast) -> None:
    _teams(team)
    with pytest.raises(ValidationFailed) as error:
        new_sprint(team)
    assert "team" in error.value.errors


def test_a_sprint_cannot_belong_to_another_products_team(team: Cast) -> None:
    _teams(team)
    elsewhere = workspace_services.team_create(
        access=product_access(user=team.outsider, product_key="OUT"), name="Other"
    )
    with pytest.raises(ValidationFailed) as error:
        _sprint(team, "Other 1", elsewhere.pk)
    assert "team" in error.value.errors


def test_two_teams_can_each_run_an_active_sprint(team: Cast) -> None:
    drones, ground = _teams(team)
    first = _start(team, _sprint(team, "Drones 1", drones.pk))
    second = _start(team, _sprint(team, "Ground 1", ground.pk))
    assert first.state == second.state == SprintState.ACTIVE
    assert {s.team for s in selectors.active_sprints(access=team.access(PO))} == {drones, ground}


def test_one_team_cannot_run_two_active_sprints(team: Cast) -> None:
    drones, _ = _teams(team)
    _start(team, _sprint(team, "Drones 1", drones.pk))
    second = _sprint(team, "Drones 2", drones.pk)
    with pytest.raises(ValidationFailed) as error:
        _start(team, second)
    assert "Drones 1" in error.value.errors["state"]


def test_the_database_refuses_a_second_active_sprint_for_one_team(team: Cast) -> None:
    drones, _ = _teams(team)
    SprintFactory(product=team.product, team=drones, state=SprintState.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        SprintFactory(product=team.product, team=drones, state=SprintState.ACTIVE)


def test_a_product_without_teams_keeps_one_active_sprint(team: Cast) -> None:
    _start(team, new_sprint(team, "Sprint 1"))
    with pytest.raises(ValidationFailed):
        _start(team, new_sprint(team, "Sprint 2"))


def test_velocity_reads_the_sprints_of_the_same_team(team: Cast) -> None:
    drones, ground = _teams(team)
    SprintFactory(product=team.product, team=drones, completed_points=10)
    SprintFactory(product=team.product, team=ground, completed_points=30)
    access = team.access(PO)
    assert selectors.velocity_of(access=access, team=drones).summary.mean == 10
    assert selectors.velocity_of(access=access, team=ground).summary.mean == 30
    history = selectors.velocity_history(access=access, team=ground)
    assert history.points == (30.0,)


def test_a_teams_sprint_counts_its_own_people_for_capacity(team: Cast) -> None:
    drones, _ground = _teams(team)
    access = team.access(PO)
    workspace_services.team_member_add(
        access=access, team=drones, user=team.po, expected_version=drones.version
    )
    sprint = _sprint(team, "Drones 1", drones.pk)
    people = [m.user for m in selectors.sprint_capacity_of(access=access, sprint=sprint).members]
    assert people == [team.po]


def test_only_a_planned_sprint_moves_to_another_team(team: Cast) -> None:
    drones, ground = _teams(team)
    sprint = _sprint(team, "Drones 1", drones.pk)
    sprint = services.sprint_update(
        access=team.access(PO), sprint=sprint, changes={"team": ground.pk}, expected_version=1
    )
    assert sprint.team == ground
    sprint = _start(team, sprint)
    with pytest.raises(ValidationFailed):
        services.sprint_update(
            access=team.access(PO),
            sprint=sprint,
            changes={"team": drones.pk},
            expected_version=sprint.version,
        )


# --- pages and API ---------------------------------------------------------------------------


def test_the_board_shows_the_viewers_team_and_the_chosen_one(team: Cast, signed_in) -> None:  # type: ignore[no-untyped-def]
    drones, ground = _teams(team)
    drone_story = ready_story(team, "Calibrate the gimbal")
    ground_story = ready_story(team, "Pair the controller")
    for name, t, story in (("Drones 1", drones, drone_story), ("Ground 1", ground, ground_story)):
        sprint = _sprint(team, name, t.pk)
        services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[story])
        sprint.refresh_from_db()
        _start(team, sprint)
    client = signed_in(team.dev)  # on Ground
    page = client.get("/p/DRN/board/").content.decode()
    assert "Pair the controller" in page
    assert "Calibrate the gimbal" not in page
    assert "Drones · Drones 1" in page  # the picker
    chosen = client.get(f"/p/DRN/board/?team={drones.pk}").content.decode()
    assert "Calibrate the gimbal" in chosen
    assert "Pair the controller" not in chosen


def test_the_sprints_list_filters_by_team(team: Cast, signed_in) -> None:  # type: ignore[no-untyped-def]
    drones, ground = _teams(team)
    _sprint(team, "Drones 1", drones.pk)
    _sprint(team, "Ground 1", ground.pk)
    client = signed_in(team.po)
    everything = client.get("/p/DRN/delivery/").content.decode()
    assert "Drones 1" in everything
    assert "Ground 1" in everything
    filtered = client.get(f"/p/DRN/delivery/?team={ground.pk}").content.decode()
    assert "Ground 1" in filtered
    assert "Drones 1" not in filtered


def test_the_sprint_form_creates_a_sprint_for_a_team(team: Cast, signed_in) -> None:  # type: ignore[no-untyped-def]
    _, ground = _teams(team)
    client = signed_in(team.po)
    assert 'name="team"' in client.get("/p/DRN/delivery/").content.decode()
    start = dt.date.today()
    client.post(
        "/p/DRN/sprints/new",
        {
            "name": "Ground 1",
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=13)).isoformat(),
            "team": str(ground.pk),
            "carry_over": "backlog",
        },
    )
    assert Sprint.objects.get(name="Ground 1").team == ground


def _api(cast: Cast) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {cast.token(Role.PRODUCT_OWNER)}")


def _body(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "starts_on": "2026-02-02", "ends_on": "2026-02-13", **extra}


def test_the_api_takes_and_answers_a_sprints_team(team: Cast) -> None:
    drones, _ = _teams(team)
    client = _api(team)
    missing = client.post(
        "/api/v1/products/DRN/sprints", _body("Drones 1"), content_type="application/json"
    )
    assert missing.status_code == 422
    assert "team" in missing.json()["errors"]
    created = client.post(
        "/api/v1/products/DRN/sprints",
        _body("Drones 1", team=drones.pk),
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["team"] == drones.pk


def test_the_api_lists_one_teams_sprints_and_velocity(team: Cast) -> None:
    drones, ground = _teams(team)
    SprintFactory(product=team.product, team=drones, completed_points=10)
    SprintFactory(product=team.product, team=ground, completed_points=30)
    client = _api(team)
    listed = client.get(f"/api/v1/products/DRN/sprints?team={ground.pk}").json()
    assert [s["team"] for s in listed] == [ground.pk]
    velocity = client.get(f"/api/v1/products/DRN/velocity?team={drones.pk}").json()
    assert velocity["mean"] == 10
    unknown = client.get("/api/v1/products/DRN/sprints?team=999999")
    assert unknown.status_code == 404


def test_the_products_pace_adds_up_teams_working_side_by_side(team: Cast) -> None:
    drones, ground = _teams(team)
    for points in (8, 10):
        SprintFactory(product=team.product, team=drones, completed_points=points)
    for points in (20, 25, 30):
        SprintFactory(product=team.product, team=ground, completed_points=points)
    history = selectors.velocity_history(access=team.access(PO))
    assert history.points == (33.0, 40.0)  # the last two rounds both teams ran
