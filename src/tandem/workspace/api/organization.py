"""The caller's organization: its name, currency and the rights table's overrides."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from .. import fields as f
from .. import onboarding
from ..http import current_user, expected_version
from ..models import Organization
from ..rights import DEFAULT_RIGHTS
from ..schemas import BodyIn

router = Router(tags=["workspace"])


class OrganizationOut(Schema):
    name: str
    slug: str
    currency: str
    rights_overrides: dict[str, dict[str, str]]
    default_rights: dict[str, dict[str, str]]
    version: int
    admin: bool


class OrganizationPatchIn(BodyIn):
    name: Annotated[str, f.chars(200)] | None = None
    currency: Annotated[str, f.chars(3)] | None = None
    rights_overrides: dict[str, dict[str, str]] | None = Field(
        None, description='{"role": {"action": "level"}}; levels: none, read … decide'
    )
    version: f.Version | None = None


def _out(response: HttpResponse, organization: Organization, admin: bool) -> OrganizationOut:
    response["ETag"] = f'"{organization.version}"'
    return OrganizationOut(
        name=organization.name,
        slug=organization.slug,
        currency=organization.currency,
        rights_overrides=organization.rights_overrides,
        default_rights={
            action.value: {role: level.name.lower() for role, level in levels.items()}
            for action, levels in DEFAULT_RIGHTS.items()
        },
        version=organization.version,
        admin=admin,
    )


@router.get("/organization", response=OrganizationOut, summary="Your organization's settings")
def get_organization(request: HttpRequest, response: HttpResponse) -> OrganizationOut:
    access = onboarding.organization_access(user=current_user(request))
    return _out(response, access.organization, access.is_admin)


@router.patch(
    "/organization",
    response=OrganizationOut,
    summary="Change the name, currency or rights overrides (an administrator; If-Match)",
)
def patch_organization(
    request: HttpRequest, response: HttpResponse, payload: OrganizationPatchIn
) -> OrganizationOut:
    access = onboarding.organization_access(user=current_user(request))
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    organization = onboarding.organization_update(
        access=access,
        changes=changes,
        expected_version=expected_version(request, payload.version),
    )
    return _out(response, organization, access.is_admin)
