"""Every write to workspace records: authorize, change atomically, audit."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .access import ProductAccess
from .audit import record_event
from .errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from .models import (
    ApiToken,
    Membership,
    Organization,
    Product,
    Role,
    Team,
    User,
    product_key_validator,
)

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


def _require_member_admin(access: ProductAccess) -> None:
    """Managing people is for the product's PM or PO: the two roles that answer for it."""
    if not (access.is_product_manager or access.is_product_owner):
        raise PermissionDenied("Only the Product Manager or Product Owner manages members.")


@transaction.atomic
def membership_add(
    *,
    access: ProductAccess | None,
    product: Product,
    user: User,
    role: str,
    reports_to: User | None = None,
) -> Membership:
    """Give a person a role; ``access`` is None only for system set-up (demo, CLI)."""
    if access is not None:
        _require_member_admin(access)
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
    record_event(
        actor=access.user if access else None,
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
    _require_member_admin(access)
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
    record_event(
        actor=access.user,
        product=access.product,
        verb="membership.removed",
        object_type="membership",
        object_id=membership.pk,
        object_label=f"{membership.user.email} as {membership.get_role_display()}",
        before={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


def _digest(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token and its secret; the secret is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
    )
    return token, secret


def token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise NotFound("No such token.")


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


def sign_in_attempt_allowed(*, email: str, client_ip: str) -> bool:
    """Count an attempt; refuse once the window's budget is spent (per address and per IP)."""
    window = settings.SIGN_IN_WINDOW_SECONDS
    limit = settings.SIGN_IN_ATTEMPTS_PER_WINDOW
    allowed = True
    for key in (f"signin:email:{email.strip().lower()}", f"signin:ip:{client_ip}"):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)
            count = 1
        allowed = allowed and count <= limit
    return allowed


def sign_in_attempts_reset(*, email: str) -> None:
    cache.delete(f"signin:email:{email.strip().lower()}")


# --- teams ------------------------------------------------------------------------------


def team_snapshot(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "members": sorted(team.members.values_list("email", flat=True)),
        "archived": team.archived_at is not None,
    }


def _team_locked(access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    _require_member_admin(access)
    locked = Team.objects.select_for_update().filter(pk=team.pk, product=access.product).first()
    if locked is None:
        raise NotFound("No such team.")
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            f"{locked.name} changed since you read it (version {locked.version}).",
            current={"id": locked.pk, "version": locked.version, **team_snapshot(locked)},
        )
    return locked


def _team_name(access: ProductAccess, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": "is required"})
    if len(name) > 100:
        raise ValidationFailed({"name": "is at most 100 characters"})
    taken = Team.objects.filter(product=access.product, name__iexact=name, archived_at__isnull=True)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed({"name": f"{access.product.key} already has a team called {name}"})
    return name


def _team_saved(access: ProductAccess, team: Team, verb: str, before: dict[str, Any]) -> Team:
    team.version += 1
    team.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb=verb,
        object_type="team",
        object_id=team.pk,
        object_label=team.name,
        before=before,
        after=team_snapshot(team),
    )
    return team


@transaction.atomic
def team_create(*, access: ProductAccess, name: str) -> Team:
    """A new, empty team; the PM or PO then says who is in it."""
    _require_member_admin(access)
    team = Team.objects.create(product=access.product, name=_team_name(access, name))
    record_event(
        actor=access.user,
        product=access.product,
        verb="team.created",
        object_type="team",
        object_id=team.pk,
        object_label=team.name,
        after=team_snapshot(team),
    )
    return team


@transaction.atomic
def team_rename(
    *, access: ProductAccess, team: Team, name: str, expected_version: int | None
) -> Team:
    team = _team_locked(access, team, expected_version)
    before = team_snapshot(team)
    team.name = _team_name(access, name, exclude=team.pk)
    return _team_saved(access, team, "team.renamed", before)


@transaction.atomic
def team_member_add(
    *, access: ProductAccess, team: Team, user: User, expected_version: int | None
) -> Team:
    """Only a member of the product can be on one of its teams."""
    team = _team_locked(access, team, expected_version)
    if not Membership.objects.filter(product=access.product, user=user).exists():
        raise ValidationFailed({"user": f"{user.email} is not a member of {access.product.key}"})
    if team.members.filter(pk=user.pk).exists():
        raise ValidationFailed({"user": f"{user.email} is already in {team.name}"})
    before = team_snapshot(team)
    team.members.add(user)
    return _team_saved(access, team, "team.member_added", before)


@transaction.atomic
def team_member_remove(
    *, access: ProductAccess, team: Team, user: User, expected_version: int | None
) -> Team:
    team = _team_locked(access, team, expected_version)
    if not team.members.filter(pk=user.pk).exists():
        raise ValidationFailed({"user": f"{user.email} is not in {team.name}"})
    before = team_snapshot(team)
    team.members.remove(user)
    return _team_saved(access, team, "team.member_removed", before)


@transaction.atomic
def team_archive(*, access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    team = _team_locked(access, team, expected_version)
    if team.archived_at is None:
        before = team_snapshot(team)
        team.archived_at = timezone.now()
        team = _team_saved(access, team, "team.archived", before)
    return team


@transaction.atomic
def team_restore(*, access: ProductAccess, team: Team, expected_version: int | None) -> Team:
    team = _team_locked(access, team, expected_version)
    if team.archived_at is not None:
        before = team_snapshot(team)
        _team_name(access, team.name, exclude=team.pk)
        team.archived_at = None
        team = _team_saved(access, team, "team.restored", before)
    return team
