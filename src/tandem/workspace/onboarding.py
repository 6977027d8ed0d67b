"""How a team starts on its own: the first run, products, invitations, the organization's settings.

A fresh install has no organization: the first-run setup (the web page or
``tandem init``) makes one and its first administrator. Administrators create
products and keep the organization's settings (name, currency, the rights
table's overrides); a product's Product Manager or Product Owner invites people
by e-mail with a role, and the invited person accepts from the link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet

from . import services
from .errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionRequired,
    ValidationFailed,
)
from .models import (
    Event,
    Organization,
    OrganizationMember,
    Product,
    User,
)
from .rights import validate_overrides

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY", "CAD", "AUD")


@dataclass(frozen=True)
class OrganizationAccess:
    """An organization as one of its people sees it; administrators keep it."""

    user: User
    organization: Organization
    is_admin: bool

    def require_admin(self) -> None:
        if not self.is_admin:
            raise PermissionDenied(
                f"Only an administrator of {self.organization.name} can do that."
            )


def needs_first_run() -> bool:
    """A fresh install: nobody has set Tandem up yet."""
    return not Organization.objects.exists()


def organization_access(*, user: User, slug: str | None = None) -> OrganizationAccess:
    """The caller's organization (the one named, else their first); 404 when not a member."""
    rows = OrganizationMember.objects.filter(user=user).select_related("organization")
    if slug:
        rows = rows.filter(organization__slug=slug)
    member = rows.order_by("created_at", "id").first()
    if member is None:
        raise NotFound("You belong to no organization.")
    return OrganizationAccess(user=user, organization=member.organization, is_admin=member.is_admin)


def _org_event(actor: User | None, organization: Organization, verb: str, **after: Any) -> None:
    Event.objects.create(
        organization=organization,
        product=None,
        actor=actor,
        verb=verb,
        object_type=verb.partition(".")[0],
        object_id=organization.pk,
        object_label=organization.name[:300],
        after=after or None,
    )


@transaction.atomic
def first_run(
    *, organization_name: str, email: str, password: str, name: str = ""
) -> tuple[Organization, User]:
    """The organization and its first administrator, once, on a fresh install."""
    if not needs_first_run():
        raise Conflict("Tandem is already set up; sign in, or ask an administrator to invite you.")
    errors: dict[str, str] = {}
    if not organization_name.strip():
        errors["organization"] = "is required"
    try:
        validate_password(password)
    except DjangoValidationError as invalid:
        errors["password"] = " ".join(invalid.messages)
    if errors:
        raise ValidationFailed(errors)
    user = services.user_create(email=email, password=password, name=name.strip())
    user.is_staff = user.is_superuser = True  # the instance's operator, too
    user.save(update_fields=["is_staff", "is_superuser"])
    organization = services.organization_create(name=organization_name.strip()[:200])
    OrganizationMember.objects.create(organization=organization, user=user, is_admin=True)
    _org_event(user, organization, "organization.created", administrator=user.email)
    return organization, user


def join(organization: Organization, user: User, *, admin: bool = False) -> None:
    """Make sure someone belongs to the organization (a product role brings them in)."""
    member, _ = OrganizationMember.objects.get_or_create(organization=organization, user=user)
    if admin and not member.is_admin:
        member.is_admin = True
        member.save(update_fields=["is_admin"])


# --- products ---------------------------------------------------------------------------


@transaction.atomic
def product_create(
    *,
    access: OrganizationAccess,
    key: str,
    name: str,
    description: str = "",
    sprint_days: int = 14,
    stale_after_days: int = 30,
) -> Product:
    """A new product of the organization; its creator becomes its Product Manager and Owner."""
    access.require_admin()
    errors: dict[str, str] = {}
    if not name.strip() or len(name.strip()) > 200:
        errors["name"] = "is required, at most 200 characters"
    if not 1 <= sprint_days <= 60:
        errors["sprint_days"] = "must be from 1 to 60 days"
    if not 1 <= stale_after_days <= 3650:
        errors["stale_after_days"] = "must be from 1 to 3,650 days"
    if len(description) > 20_000:
        errors["description"] = "must be at most 20,000 characters"
    if errors:
        raise ValidationFailed(errors)
    product = services.product_create(
        organization=access.organization, key=key, name=name.strip(), creator=access.user
    )
    product.description = description.strip()
    product.sprint_days = sprint_days
    product.stale_after_days = stale_after_days
    product.save(update_fields=["description", "sprint_days", "stale_after_days"])
    return product


# --- the organization's settings ------------------------------------------------------------


@transaction.atomic
def organization_update(
    *, access: OrganizationAccess, changes: Mapping[str, Any], expected_version: int | None
) -> Organization:
    """Name, currency and the rights table's overrides, from the version the caller read."""
    access.require_admin()
    organization = Organization.objects.select_for_update().get(pk=access.organization.pk)
    if expected_version is None:
        raise PreconditionRequired("Send the version you read, so nobody's edit is overwritten.")
    if expected_version != organization.version:
        raise Conflict(
            f"{organization.name} was changed by someone else (version {organization.version}).",
            current=_organization_state(organization),
        )
    clean = _clean_settings(changes)
    before = _organization_state(organization)
    for name, value in clean.items():
        setattr(organization, name, value)
    organization.version += 1
    organization.save()
    after = _organization_state(organization)
    changed = {k: after[k] for k in after if after[k] != before[k]}
    _org_event(access.user, organization, "organization.updated", **changed)
    return organization


def _clean_settings(changes: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            clean[name] = str(value).strip()
            if not clean[name] or len(clean[name]) > 200:
                errors[name] = "is required, at most 200 characters"
        elif name == "currency":
            clean[name] = str(value).strip().upper()
            if clean[name] not in CURRENCIES:
                errors[name] = f"must be one of {', '.join(CURRENCIES)}"
        elif name == "rights_overrides":
            if not isinstance(value, dict):
                errors[name] = "must map a role to {action: level}"
                continue
            problems = validate_overrides(value)
            errors |= {f"rights_overrides.{k}": v for k, v in problems.items()}
            clean[name] = {
                role: {action: str(level).lower() for action, level in actions.items()}
                for role, actions in value.items()
                if actions
            }
        else:
            errors[name] = "is not a setting of an organization"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _organization_state(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "currency": organization.currency,
        "rights_overrides": organization.rights_overrides,
        "version": organization.version,
    }


@transaction.atomic
def organization_admin_set(
    *, access: OrganizationAccess, user: User, admin: bool
) -> OrganizationMember:
    """Make someone an administrator, or not; an organization keeps at least one."""
    access.require_admin()
    member = OrganizationMember.objects.filter(organization=access.organization, user=user).first()
    if member is None:
        raise NotFound(f"{user.email} is not in {access.organization.name}.")
    others = OrganizationMember.objects.filter(
        organization=access.organization, is_admin=True
    ).exclude(pk=member.pk)
    if not admin and not others.exists():
        raise ValidationFailed({"admin": "an organization keeps at least one administrator"})
    member.is_admin = admin
    member.save(update_fields=["is_admin"])
    _org_event(
        access.user, access.organization, "organization.admin_set", user=user.email, admin=admin
    )
    return member


def organization_members(*, access: OrganizationAccess) -> QuerySet[OrganizationMember]:
    return (
        OrganizationMember.objects.filter(organization=access.organization)
        .select_related("user")
        .order_by("-is_admin", "user__email")
    )


def organization_products(*, access: OrganizationAccess) -> QuerySet[Product]:
    return Product.objects.filter(organization=access.organization).order_by("key")
