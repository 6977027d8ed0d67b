"""Every write to workspace records: authorize, change atomically, audit."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from . import values, writes
from .access import ProductAccess
from .audit import record_account_event, record_event, record_write
from .errors import NotFound, ValidationFailed
from .models import (
    ApiToken,
    Membership,
    Organization,
    OrganizationMember,
    Product,
    Role,
    Team,
    User,
    product_key_validator,
)
from .registry import RecordType, record_type
from .rights import Action, Level

TOKEN_PREFIX = "tdm_"


def user_create(*, email: str, password: str | None = None, name: str = "") -> User:
    email = email.strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationFailed({"email": "is not a valid e-mail address"}) from None
    if User.objects.filter(email=email).exists():
        raise ValidationFailed({"email": "a user with this e-mail already exists"})
    return User.objects.create_user(email, password, name=name)


def organization_create(*, name: str) -> Organization:
    base = slugify(name)[:50] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Organization.objects.create(name=name, slug=slug)


@transaction.atomic
def product_create(
    *, organization: Organization, key: str, name: str, creator: User | None = None
) -> Product:
    """Create a product; its creator becomes its Product Manager and Product Owner."""
    key = key.strip().upper()
    try:
        product_key_validator(key)
    except DjangoValidationError as exc:
        raise ValidationFailed({"key": str(exc.messages[0])}) from None
    if Product.objects.filter(key=key).exists():
        raise ValidationFailed({"key": f"{key} is already used by another product"})
    product = Product.objects.create(organization=organization, key=key, name=name)
    if creator is not None:
        OrganizationMember.objects.get_or_create(organization=organization, user=creator)
        for role in (Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER):
            Membership.objects.create(user=creator, product=product, role=role)
    record_event(
        actor=creator,
        product=product,
        verb="product.created",
        object_type="product",
        object_id=product.pk,
        object_label=str(product),
        after={"key": key, "name": name},
    )
    return product


@transaction.atomic
def membership_add(
    *, access: ProductAccess, user: User, role: str, reports_to: User | None = None
) -> Membership:
    """Give a person a role on the caller's product (the PM or PO decide who works on it)."""
    access.require(Action.MEMBERS, Level.DECIDE)
    return _grant(access.product, user, role, reports_to, actor=access.user)


@transaction.atomic
def membership_grant(
    *, product: Product, user: User, role: str, reports_to: User | None = None
) -> Membership:
    """The instance operator's way in (``tandem createuser``, the demo): no member acts.

    Audited with no actor, so the log shows the role came from the operator.
    """
    return _grant(product, user, role, reports_to, actor=None)


def _grant(
    product: Product, user: User, role: str, reports_to: User | None, *, actor: User | None
) -> Membership:
    if role not in Role.values:
        raise ValidationFailed({"role": f"must be one of {', '.join(Role.values)}"})
    if (
        reports_to is not None
        and not Membership.objects.filter(
            user=reports_to, product=product, role=Role.PRODUCT_MANAGER
        ).exists()
    ):
        raise ValidationFailed({"reports_to": "must be a Product Manager of this product"})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, product=product, role=role, reports_to=reports_to
            )
    except IntegrityError:
        raise ValidationFailed({"role": f"{user.email} already has this role"}) from None
    OrganizationMember.objects.get_or_create(organization=product.organization, user=user)
    record_event(
        actor=actor,
        product=product,
        verb="membership.added",
        object_type="membership",
        object_id=membership.pk,
        object_label=f"{user.email} as {membership.get_role_display()}",
        after={"user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, access: ProductAccess, membership_id: int) -> None:
    access.require(Action.MEMBERS, Level.DECIDE)
    membership = Membership.objects.filter(pk=membership_id, product=access.product).first()
    if membership is None:
        raise NotFound("No such membership.")
    owners_left = (
        Membership.objects.filter(product=access.product, role=membership.role)
        .exclude(pk=membership.pk)
        .exists()
    )
    if membership.role in (Role.PRODUCT_OWNER, Role.PRODUCT_MANAGER) and not owners_left:
        raise ValidationFailed({"role": "a product keeps at least one PM and one PO"})
    record_write(
        access,
        membership,
        "membership",
        "removed",
        label=f"{membership.user.email} as {membership.get_role_display()}",
        before={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


def _digest(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token and its secret; the secret is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
    )
    record_account_event(
        actor=user, verb="token.created", object_id=token.pk, object_label=str(token)
    )
    return token, secret


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound("No such token.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_account_event(
        actor=user, verb="token.revoked", object_id=token.pk, object_label=str(token)
    )


def token_authenticate(*, secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- teams ------------------------------------------------------------------------------


def _TEAM() -> RecordType:  # noqa: N802 - reads as the constant it stands for
    return record_type("team")


def _team(access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    access.require(Action.MEMBERS, Level.DECIDE)
    locked: Team = writes.lock("team", access, team.pk)
    writes.check_version("team", locked, expected_version)
    return locked


def _unique_name(access: ProductAccess, name: str, exclude: int | None = None) -> None:
    taken = Team.objects.filter(product=access.product, name__iexact=name, archived_at__isnull=True)
    if taken.exclude(pk=exclude or 0).exists():
        raise ValidationFailed({"name": f"{access.product.key} already has a team called {name}"})


def check_team(access: ProductAccess, team: Team, values: Any, creating: bool) -> None:
    """A product's live teams have different names (the team record type's rule)."""
    _unique_name(access, team.name, exclude=team.pk)


@transaction.atomic
def team_create(*, access: ProductAccess, name: str) -> Team:
    """A new, empty team; the PM or PO then says who is in it."""
    access.require(Action.MEMBERS, Level.DECIDE)
    team = writes.record_create(access=access, kind="team", fields={"name": name}).record
    assert isinstance(team, Team)
    return team


@transaction.atomic
def team_rename(
    *, access: ProductAccess, team: Team, name: str, expected_version: int | None
) -> Team:
    team = _team(access, team, expected_version)
    name = values.validate("team", {"name": name}, creating=True)["name"]
    _unique_name(access, name, exclude=team.pk)
    writes.save(access, _TEAM(), team, {"name": name}, verb="renamed")
    return team


@transaction.atomic
def team_member_add(
    *, access: ProductAccess, team: Team, user: User, expected_version: int | None
) -> Team:
    """Only a member of the product can be on one of its teams."""
    team = _team(access, team, expected_version)
    if not Membership.objects.filter(product=access.product, user=user).exists():
        raise ValidationFailed({"user": f"{user.email} is not a member of {access.product.key}"})
    if team.members.filter(pk=user.pk).exists():
        raise ValidationFailed({"user": f"{user.email} is already in {team.name}"})
    members = [*team.members.all(), user]
    writes.save(access, _TEAM(), team, {}, verb="member_added", many={"members": members})
    return team


@transaction.atomic
def team_member_remove(
    *, access: ProductAccess, team: Team, user: User, expected_version: int | None
) -> Team:
    team = _team(access, team, expected_version)
    if not team.members.filter(pk=user.pk).exists():
        raise ValidationFailed({"user": f"{user.email} is not in {team.name}"})
    members = [m for m in team.members.all() if m.pk != user.pk]
    writes.save(access, _TEAM(), team, {}, verb="member_removed", many={"members": members})
    return team


@transaction.atomic
def team_archive(*, access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    team = _team(access, team, expected_version)
    writes.set_archived(access, _TEAM(), team, True)
    return team


@transaction.atomic
def team_restore(*, access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    team = _team(access, team, expected_version)
    if team.archived_at is not None:
        _unique_name(access, team.name, exclude=team.pk)
    writes.set_archived(access, _TEAM(), team, False)
    return team
