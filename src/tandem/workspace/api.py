"""Workspace endpoints: who am I, which products, who is on them, what happened."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.params import functions as params

from . import selectors, services
from .errors import PreconditionRequired, ValidationFailed
from .models import Event, Membership, Product, Team, User
from .rights import Action
from .schemas import BodyIn

router = Router(tags=["workspace"])


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class ProductOut(Schema):
    key: str
    name: str
    organization: str
    roles: list[str]
    rights: dict[str, str]


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: str
    reports_to: str | None


class MemberIn(BodyIn):
    email: str
    role: str
    reports_to: str | None = None


class EventOut(Schema):
    id: int
    verb: str
    actor: str | None
    object_type: str
    object_id: int
    object_label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: datetime


class MeOut(Schema):
    email: str
    name: str
    products: list[ProductOut]


def product_out(user: User, product: Product) -> ProductOut:
    access = selectors.product_access(user=user, product_key=product.key)
    return ProductOut(
        key=product.key,
        name=product.name,
        organization=product.organization.name,
        roles=sorted(access.roles),
        rights={a.value: access.level(a).name.lower() for a in Action},
    )


def member_out(m: Membership) -> MemberOut:
    return MemberOut(
        id=m.pk,
        email=m.user.email,
        name=m.user.name,
        role=m.role,
        reports_to=m.reports_to.email if m.reports_to else None,
    )


def event_out(e: Event) -> EventOut:
    return EventOut(
        id=e.pk,
        verb=e.verb,
        actor=e.actor.email if e.actor else None,
        object_type=e.object_type,
        object_id=e.object_id,
        object_label=e.object_label,
        before=e.before,
        after=e.after,
        created_at=e.created_at,
    )


@router.get("/me", response=MeOut, summary="The signed-in person and their products")
def me(request: HttpRequest) -> MeOut:
    user = current_user(request)
    products = [product_out(user, p) for p in selectors.products_for_user(user=user)]
    return MeOut(email=user.email, name=user.name, products=products)


@router.get("/products", response=list[ProductOut], summary="Products you are a member of")
def list_products(request: HttpRequest) -> list[ProductOut]:
    user = current_user(request)
    return [product_out(user, p) for p in selectors.products_for_user(user=user)]


@router.get("/products/{product_key}", response=ProductOut)
def get_product(request: HttpRequest, product_key: str) -> ProductOut:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    return product_out(access.user, access.product)


@router.get("/products/{product_key}/members", response=list[MemberOut])
def list_members(request: HttpRequest, product_key: str) -> list[MemberOut]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    return [member_out(m) for m in selectors.members_of(access=access)]


@router.post("/products/{product_key}/members", response={201: MemberOut})
def add_member(request: HttpRequest, product_key: str, payload: MemberIn) -> Status[MemberOut]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    user = User.objects.filter(email=payload.email.strip().lower()).first()
    if user is None:
        raise ValidationFailed({"email": "no account with this e-mail; create it first"})
    reports_to = (
        User.objects.filter(email=payload.reports_to.strip().lower()).first()
        if payload.reports_to
        else None
    )
    membership = services.membership_add(
        access=access, product=access.product, user=user, role=payload.role, reports_to=reports_to
    )
    return Status(201, member_out(membership))


@router.delete("/products/{product_key}/members/{membership_id}", response={204: None})
def remove_member(request: HttpRequest, product_key: str, membership_id: int) -> Status[None]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    services.membership_remove(access=access, membership_id=membership_id)
    return Status(204, None)


@router.get("/products/{product_key}/events", response=list[EventOut], summary="Audit log")
def list_events(
    request: HttpRequest, product_key: str, limit: int = params.Query(100, ge=1)
) -> list[EventOut]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    return [event_out(e) for e in selectors.events_for(access=access)[: min(limit, 500)]]


# --- teams ------------------------------------------------------------------------------

TEAM = "/products/{product_key}/teams/{team_id}"


class TeamOut(Schema):
    id: int
    name: str
    members: list[str]
    version: int
    archived: bool


class TeamIn(BodyIn):
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


def _expected_version(request: HttpRequest, body_version: int | None) -> int:
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    if body_version is not None:
        return body_version
    raise PreconditionRequired("Send the version you read as `If-Match` (the ETag) or `version`.")


def _team_of(request: HttpRequest, product_key: str, team_id: int) -> tuple[Any, Team]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    return access, selectors.team_of(access=access, team_id=team_id)


def _member_user(email: str) -> User:
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise ValidationFailed({"email": "no account with this e-mail"})
    return user


@router.get("/products/{product_key}/teams", response=list[TeamOut], summary="Teams, by name")
def list_teams(request: HttpRequest, product_key: str, archived: bool = False) -> list[TeamOut]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    return [team_out(t) for t in selectors.teams_of(access=access, archived=archived)]


@router.post("/products/{product_key}/teams", response={201: TeamOut})
def create_team(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: TeamIn
) -> Status[TeamOut]:
    access = selectors.product_access(user=current_user(request), product_key=product_key)
    team = services.team_create(access=access, name=payload.name)
    return Status(201, _team_answer(response, team))


@router.get(TEAM, response=TeamOut)
def get_team(
    request: HttpRequest, response: HttpResponse, product_key: str, team_id: int
) -> TeamOut:
    _, team = _team_of(request, product_key, team_id)
    return _team_answer(response, team)


@router.patch(TEAM, response=TeamOut, summary="Rename a team (If-Match)")
def rename_team(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamPatchIn,
) -> TeamOut:
    access, team = _team_of(request, product_key, team_id)
    team = services.team_rename(
        access=access,
        team=team,
        name=payload.name,
        expected_version=_expected_version(request, payload.version),
    )
    return _team_answer(response, team)


@router.post(f"{TEAM}/members", response=TeamOut, summary="Put a product member on the team")
def add_team_member(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamMemberIn,
) -> TeamOut:
    access, team = _team_of(request, product_key, team_id)
    team = services.team_member_add(
        access=access,
        team=team,
        user=_member_user(payload.email),
        expected_version=_expected_version(request, payload.version),
    )
    return _team_answer(response, team)


@router.post(f"{TEAM}/members/remove", response=TeamOut, summary="Take someone off the team")
def remove_team_member(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamMemberIn,
) -> TeamOut:
    access, team = _team_of(request, product_key, team_id)
    team = services.team_member_remove(
        access=access,
        team=team,
        user=_member_user(payload.email),
        expected_version=_expected_version(request, payload.version),
    )
    return _team_answer(response, team)


@router.post(f"{TEAM}/archive", response=TeamOut, summary="Archive a team (If-Match)")
def archive_team(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamVersionIn,
) -> TeamOut:
    access, team = _team_of(request, product_key, team_id)
    team = services.team_archive(
        access=access, team=team, expected_version=_expected_version(request, payload.version)
    )
    return _team_answer(response, team)


@router.post(f"{TEAM}/restore", response=TeamOut, summary="Restore an archived team (If-Match)")
def restore_team(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    team_id: int,
    payload: TeamVersionIn,
) -> TeamOut:
    access, team = _team_of(request, product_key, team_id)
    team = services.team_restore(
        access=access, team=team, expected_version=_expected_version(request, payload.version)
    )
    return _team_answer(response, team)
