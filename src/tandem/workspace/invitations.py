"""Invitations: a product's PM or PO invites a person by e-mail with a role; the link accepts.

The link's secret is stored only as its digest; an invitation expires after
:data:`INVITATION_DAYS` days and is used once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import jobs, services
from .access import ProductAccess
from .audit import record_write
from .errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from .models import (
    Invitation,
    Membership,
    Role,
    User,
)
from .onboarding import join
from .rights import Action, Level

INVITATION_DAYS = 14


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    access: ProductAccess,
    email: str,
    role: str,
    accept_url: str,
    reports_to: str | None = None,
) -> Invitation | None:
    """Offer a role by e-mail. Answers the same whether or not the address has an account.

    ``accept_url`` is the page's address with ``{token}`` where the secret goes; the
    secret is sent once, by e-mail, and only its digest is kept. Someone who already
    holds the role gets no new invitation (and the caller learns nothing of it).
    """
    access.require(Action.MEMBERS, Level.DECIDE)
    address = email.strip().lower()
    errors: dict[str, str] = {}
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        errors["email"] = "is not an e-mail address"
    if role not in Role.values:
        errors["role"] = f"must be one of {', '.join(Role.values)}"
    manager = None
    if reports_to:
        manager = User.objects.filter(
            email=reports_to.strip().lower(),
            memberships__product=access.product,
            memberships__role=Role.PRODUCT_MANAGER,
        ).first()
        if manager is None:
            errors["reports_to"] = "must be a Product Manager of this product"
    if errors:
        raise ValidationFailed(errors)
    if Membership.objects.filter(product=access.product, user__email=address, role=role).exists():
        return None
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        product=access.product,
        email=address,
        role=role,
        reports_to=manager,
        digest=_digest(secret),
        invited_by=access.user,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    label = f"{address} as {invitation.get_role_display()}"
    after = {"email": address, "role": role}
    record_write(access, invitation, "invitation", "sent", label=label, after=after)
    jobs.enqueue(
        _send_invitation,
        email=address,
        product=f"{access.product.key} · {access.product.name}",
        inviter=access.user.display_name,
        role=invitation.get_role_display(),
        link=accept_url.replace("{token}", secret),
    )
    return invitation


def _send_invitation(*, email: str, product: str, inviter: str, role: str, link: str) -> None:
    send_mail(
        subject=f"{inviter} invites you to {product} on Tandem",
        message=(
            f"{inviter} invites you to work on {product} as {role}.\n\n"
            f"Accept within {INVITATION_DAYS} days: {link}\n\n"
            "If you did not expect this, ignore this message."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


def invitation_named(token: str) -> Invitation:
    """The open invitation a link's secret names; an unknown, used or old one is not found."""
    invitation = (
        Invitation.objects.select_related("product__organization", "invited_by")
        .filter(digest=_digest(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise NotFound("This invitation is not valid any more; ask for a new one.")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """The invited person, signed in with the invited address, takes the role."""
    invitation = invitation_named(token)
    if user.email != invitation.email:
        raise PermissionDenied(
            f"This invitation is for {invitation.email}; sign in with that address."
        )
    return _accept(invitation, user)


@transaction.atomic
def invitation_accept_new(*, token: str, name: str, password: str) -> User:
    """Someone without an account accepts: their account is made for the invited address."""
    invitation = invitation_named(token)
    if User.objects.filter(email=invitation.email).exists():
        raise Conflict("An account already uses this address: sign in to accept.")
    try:
        validate_password(password)
    except DjangoValidationError as invalid:
        raise ValidationFailed({"password": " ".join(invalid.messages)}) from None
    user = services.user_create(email=invitation.email, password=password, name=name.strip())
    _accept(invitation, user)
    return user


def _accept(invitation: Invitation, user: User) -> Membership:
    product = invitation.product
    membership = Membership.objects.filter(product=product, user=user, role=invitation.role).first()
    if membership is None:
        membership = services.membership_grant(
            product=product, user=user, role=invitation.role, reports_to=invitation.reports_to
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    join(product.organization, user)
    return membership


def pending_invitations(*, access: ProductAccess) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        product=access.product, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
