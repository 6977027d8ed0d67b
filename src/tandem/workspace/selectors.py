"""Reads of workspace records, always scoped to what the caller is a member of."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet

from .access import ProductAccess
from .errors import NotFound
from .models import ApiToken, Event, Membership, Product, Team, User, product_key_validator


def products_for_user(*, user: User) -> QuerySet[Product]:
    return (
        Product.objects.filter(memberships__user=user)
        .select_related("organization")
        .distinct()
        .order_by("name")
    )


def _could_be_a_key(product_key: str) -> bool:
    """Text that cannot be a key names no product; the database is not even asked."""
    try:
        product_key_validator(product_key.upper())
    except DjangoValidationError:
        return False
    return True


def product_access(*, user: User, product_key: str) -> ProductAccess:
    """The product and the caller's roles on it; 404 when they are not a member."""
    if not user.is_authenticated or not _could_be_a_key(product_key):
        raise NotFound(f"No product with key {product_key!r}.")
    memberships = list(
        Membership.objects.filter(user=user, product__key=product_key.upper())
        .select_related("product__organization")
        .only("role", "product")
    )
    if not memberships:
        raise NotFound(f"No product with key {product_key!r}.")
    roles = frozenset(m.role for m in memberships)
    return ProductAccess(user=user, product=memberships[0].product, roles=roles)


def members_of(*, access: ProductAccess) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(product=access.product)
        .select_related("user", "reports_to")
        .order_by("user__email", "role")
    )


def people_of(*, access: ProductAccess) -> QuerySet[User]:
    return User.objects.filter(memberships__product=access.product).distinct().order_by("email")


def events_for(
    *, access: ProductAccess, object_type: str | None = None, object_id: int | None = None
) -> QuerySet[Event]:
    events = Event.objects.filter(product=access.product).select_related("actor")
    if object_type is not None:
        events = events.filter(object_type=object_type)
    if object_id is not None:
        events = events.filter(object_id=object_id)
    return events.order_by("-created_at", "-id")


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def teams_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Team]:
    """The product's teams (live ones unless ``archived``), with their members."""
    return (
        Team.objects.filter(product=access.product, archived_at__isnull=not archived)
        .prefetch_related("members")
        .order_by("name", "id")
    )


def team_of(*, access: ProductAccess, team_id: int) -> Team:
    team = Team.objects.filter(product=access.product, pk=team_id).first()
    if team is None:
        raise NotFound("No such team.")
    return team


def teams_of_user(*, access: ProductAccess) -> QuerySet[Team]:
    """The caller's own live teams on this product."""
    return teams_of(access=access).filter(members=access.user)
