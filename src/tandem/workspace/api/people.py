"""Who am I, which products, who is on them, who is invited, what happened."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.params import functions as params
from pydantic import Field

from .. import fields as f
from .. import invitations, onboarding, selectors, services
from ..http import access_of, current_user
from ..models import Membership, Product, Role, User
from ..rights import Action
from ..routes import EventOut, event_out
from ..schemas import BodyIn

router = Router(tags=["workspace"])


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


class InvitationIn(BodyIn):
    email: f.Email
    role: Annotated[str, f.one_of(Role)]
    reports_to: f.Email | None = Field(None, description="A Product Manager's e-mail")


class InvitationOut(Schema):
    status: str
    email: str
    role: str


class ProductIn(BodyIn):
    key: Annotated[str, f.chars(10), f.REQUIRED]
    name: f.RequiredText
    description: f.LongText = ""
    sprint_days: Annotated[int, Field(ge=1, le=60)] = 14
    stale_after_days: Annotated[int, Field(ge=1, le=3650)] = 30


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
    access = access_of(request, product_key)
    return product_out(access.user, access.product)


@router.get("/products/{product_key}/members", response=list[MemberOut])
def list_members(request: HttpRequest, product_key: str) -> list[MemberOut]:
    access = access_of(request, product_key)
    return [member_out(m) for m in selectors.members_of(access=access)]


def invite(request: HttpRequest, product_key: str, payload: InvitationIn) -> Status[InvitationOut]:
    access = access_of(request, product_key)
    link = request.build_absolute_uri(reverse("web:invitation", args=["TOKEN"]))
    invitations.invitation_create(
        access=access,
        email=payload.email,
        role=payload.role,
        accept_url=link.replace("TOKEN", "{token}"),
        reports_to=payload.reports_to,
    )
    # The same answer whether or not the address has an account or already holds the role.
    return Status(202, InvitationOut(status="invited", email=payload.email, role=payload.role))


router.post(
    "/products/{product_key}/invitations",
    response={202: InvitationOut},
    summary="Invite someone by e-mail with a role (the same answer for any address)",
)(invite)
router.post(
    "/products/{product_key}/members",
    response={202: InvitationOut},
    operation_id="member_invite",
    summary="Add a member: an invitation they accept (the same answer for any address)",
)(invite)


@router.post(
    "/products",
    response={201: ProductOut},
    summary="Create a product (an organization administrator; you become its PM and PO)",
)
def create_product(request: HttpRequest, payload: ProductIn) -> Status[ProductOut]:
    user = current_user(request)
    product = onboarding.product_create(
        access=onboarding.organization_access(user=user), **payload.model_dump()
    )
    return Status(201, product_out(user, product))


@router.delete("/products/{product_key}/members/{membership_id}", response={204: None})
def remove_member(request: HttpRequest, product_key: str, membership_id: int) -> Status[None]:
    access = access_of(request, product_key)
    services.membership_remove(access=access, membership_id=membership_id)
    return Status(204, None)


@router.get("/products/{product_key}/events", response=list[EventOut], summary="Audit log")
def list_events(
    request: HttpRequest, product_key: str, limit: int = params.Query(100, ge=1)
) -> list[EventOut]:
    access = access_of(request, product_key)
    return [event_out(e) for e in selectors.events_for(access=access)[: min(limit, 500)]]
