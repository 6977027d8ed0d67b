"""Who a command acts as: the named person, else the instance's operator."""

from __future__ import annotations

from django.core.management.base import CommandError

from tandem.workspace.models import User


def acting_user(email: str | None) -> User:
    if email:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No account for {email}.")
        return user
    operator = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if operator is None:
        raise CommandError("Name who imports with --by EMAIL (no operator account exists).")
    return operator
