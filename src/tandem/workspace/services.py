"""Every write to workspace records: authorize, change atomically, audit."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .access import ProductAccess
from .audit import record_event
from .errors import NotFound, PermissionDenied, ValidationFailed
from .models import ApiToken, Membership, Organization, Product, Role, User, product_key_validator

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
