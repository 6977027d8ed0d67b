"""A product's teams: who runs which sprints; the PM or PO decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from .. import selectors, services
from ..errors import ValidationFailed
from ..http import access_of, expected_version
from ..models import Team, User
from ..schemas import BodyIn

router = Router(tags=["workspace"])

TEAM = "/products/{product_key}/teams/{int:team_id}"
OPERATION = "tandem_workspace_api_teams_"  # the operation ids Ninja gave the first handlers


class TeamOut(Schema):
    id: int
    name: str
    members: list[str]
    version: int
    archived: bool


class TeamNameIn(BodyIn):
    name: str


class TeamPatchIn(BodyIn):
    name: str
    version: int | None = None


class TeamMemberIn(BodyIn):
    email: str
    version: int | None = None


class TeamVersionIn(BodyIn):
    version: int | None = None


def team_out(team: Team) -> TeamOut:
    return TeamOut(
        id=team.pk,
        name=team.name,
        members=sorted(u.email for u in team.members.all()),
        version=team.version,
        archived=team.archived_at is not None,
    )


def _team_answer(response: HttpResponse, team: Team) -> TeamOut:
    response["ETag"] = f'"{team.version}"'
    return team_out(team)


def _team_of(request: HttpRequest, product_key: str, team_id: int) -> tuple[Any, Team]:
    access = access_of(request, product_key)
    return access, selectors.team_of(access=access, team_id=team_id)


def _member_user(email: str) -> User:
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise ValidationFailed({"email": "no account with this e-mail"})
    return user


@router.get("/products/{product_key}/teams", response=list[TeamOut], summary="Teams, by name")
def list_teams(request: HttpRequest, product_key: str, archived: bool = False) -> list[TeamOut]:
    access = access_of(request, product_key)
    return [team_out(t) for t in selectors.teams_of(access=access, archived=archived)]


@router.post("/products/{product_key}/teams", response={201: TeamOut})
def create_team(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: TeamNameIn
) -> Status[TeamOut]:
    access = access_of(request, product_key)
    team = services.team_create(access=access, name=payload.name)
    return Status(201, _team_answer(response, team))


@router.get(TEAM, response=TeamOut)
def get_team(
    request: HttpRequest, response: HttpResponse, product_key: str, team_id: int
) -> TeamOut:
    _, team = _team_of(request, product_key, team_id)
    return _team_answer(response, team)


def _change(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    version: int | None,
    verb: Callable[..., Team],
    **values: Any,
) -> TeamOut:
    """One of the team's verbs, from the version the caller read."""
    access, team = _team_of(request, product_key, team_id)
    changed = verb(
        access=access, team=team, expected_version=expected_version(request, version), **values
    )
    return _team_answer(response, changed)


@router.patch(TEAM, response=TeamOut, summary="Rename a team (If-Match)")
def rename_team(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamPatchIn,
) -> TeamOut:
    return _change(
        request,
        response,
        product_key,
        team_id,
        payload.version,
        services.team_rename,
        name=payload.name,
    )


def _member_route(path: str, name: str, summary: str, verb: Callable[..., Team]) -> None:
    """Put someone on the team or take them off: one body, two verbs."""

    @router.post(path, response=TeamOut, summary=summary, operation_id=f"{OPERATION}{name}")
    def change_members(
        request: HttpRequest,
        response: HttpResponse,
        product_key: str,
        team_id: int,
        payload: TeamMemberIn,
    ) -> TeamOut:
        user = _member_user(payload.email)
        return _change(request, response, product_key, team_id, payload.version, verb, user=user)


def _lifecycle_route(path: str, name: str, summary: str, verb: Callable[..., Team]) -> None:
    """Archive or restore a team, from the version the caller read."""

    @router.post(path, response=TeamOut, summary=summary, operation_id=f"{OPERATION}{name}")
    def change_lifecycle(
        request: HttpRequest,
        response: HttpResponse,
        product_key: str,
        team_id: int,
        payload: TeamVersionIn,
    ) -> TeamOut:
        return _change(request, response, product_key, team_id, payload.version, verb)


_member_route(
    f"{TEAM}/members",
    "add_team_member",
    "Put a product member on the team",
    services.team_member_add,
)
_member_route(
    f"{TEAM}/members/remove",
    "remove_team_member",
    "Take someone off the team",
    services.team_member_remove,
)
_lifecycle_route(
    f"{TEAM}/archive", "archive_team", "Archive a team (If-Match)", services.team_archive
)
_lifecycle_route(
    f"{TEAM}/restore", "restore_team", "Restore an archived team (If-Match)", services.team_restore
)
