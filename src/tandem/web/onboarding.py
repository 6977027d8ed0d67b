"""A team's way in: the first-run setup, a new product, accepting an invitation, the
organization's settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.workspace import invitations, onboarding
from tandem.workspace.errors import Conflict, DomainError, ValidationFailed
from tandem.workspace.http import access_of, current_user, form_version
from tandem.workspace.models import Role, User
from tandem.workspace.rights import DEFAULT_RIGHTS, Action, Level

_LEVELS = [level.name.lower() for level in Level]


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """A fresh install's first page: the organization and its first administrator."""
    if not onboarding.needs_first_run():
        return redirect("web:home")
    values = {k: request.POST.get(k, "") for k in ("organization", "name", "email")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            _, user = onboarding.first_run(
                organization_name=values["organization"],
                email=values["email"],
                password=request.POST.get("password", ""),
                name=values["name"],
            )
        except ValidationFailed as failed:
            errors = failed.errors
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, "Tandem is set up. Now create your first product.")
            return redirect("web:product-new")
    status = 422 if errors else 200
    return render(request, "web/setup.html", {"values": values, "errors": errors}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest) -> HttpResponse:
    access = onboarding.organization_access(user=current_user(request))
    access.require_admin()
    values = {
        "key": request.POST.get("key", ""),
        "name": request.POST.get("name", ""),
        "description": request.POST.get("description", ""),
        "sprint_days": request.POST.get("sprint_days", "14"),
        "stale_after_days": request.POST.get("stale_after_days", "30"),
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            product = onboarding.product_create(
                access=access,
                key=values["key"],
                name=values["name"],
                description=values["description"],
                sprint_days=_whole(values["sprint_days"], "sprint_days"),
                stale_after_days=_whole(values["stale_after_days"], "stale_after_days"),
            )
        except ValidationFailed as failed:
            errors = failed.errors
        else:
            messages.success(
                request, f"{product.key} is ready: write its first story, then invite your team."
            )
            return redirect("backlog:list", product_key=product.key)
    context = {"values": values, "errors": errors, "organization": access.organization}
    return render(request, "web/product_new.html", context, status=422 if errors else 200)


def _whole(raw: str, field: str) -> int:
    if not raw.strip().isdigit() or len(raw.strip()) > 6:
        raise ValidationFailed({field: "must be a whole number"})
    return int(raw)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person takes the role: signed in with the address, or with a new account."""
    found = invitations.invitation_named(token)
    user = request.user if isinstance(request.user, User) else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if user is not None:
                invitations.invitation_accept(token=token, user=user)
            else:
                user = invitations.invitation_accept_new(
                    token=token,
                    name=request.POST.get("name", ""),
                    password=request.POST.get("password", ""),
                )
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        except ValidationFailed as failed:
            errors = failed.errors
        else:
            messages.success(request, f"Welcome to {found.product.name}.")
            return redirect("web:product-home", product_key=found.product.key)
    context = {
        "invitation": found,
        "user_matches": user is not None and user.email == found.email,
        "needs_account": user is None and not User.objects.filter(email=found.email).exists(),
        "errors": errors,
    }
    return render(request, "web/invitation.html", context, status=422 if errors else 200)


@login_required
@require_POST
def invite(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    email = request.POST.get("email", "")
    link = request.build_absolute_uri(reverse("web:invitation", args=["TOKEN"]))
    invitations.invitation_create(
        access=access,
        email=email,
        role=request.POST.get("role", ""),
        accept_url=link.replace("TOKEN", "{token}"),
    )
    messages.success(request, f"Invitation sent to {email.strip().lower()}.")
    return redirect("web:members", product_key=access.product.key)


@login_required
@require_http_methods(["GET", "POST"])
def organization_settings(request: HttpRequest) -> HttpResponse:
    access = onboarding.organization_access(user=current_user(request))
    errors: dict[str, str] = {}
    if request.method == "POST":
        changes: dict[str, Any] = {
            "name": request.POST.get("name", ""),
            "currency": request.POST.get("currency", ""),
            "rights_overrides": _posted_overrides(request),
        }
        try:
            onboarding.organization_update(
                access=access, changes=changes, expected_version=form_version(request.POST)
            )
        except (ValidationFailed, Conflict) as refused:
            errors = getattr(refused, "errors", {}) or {"version": refused.detail}
        else:
            messages.success(request, "Settings saved.")
            return redirect("web:settings")
    organization = onboarding.organization_access(user=current_user(request)).organization
    overrides = organization.rights_overrides
    table = [
        {
            "action": action.value,
            "cells": [
                {
                    "role": role,
                    "default": default.name.lower(),
                    "value": overrides.get(role, {}).get(action.value, ""),
                }
                for role, default in levels.items()
            ],
        }
        for action, levels in DEFAULT_RIGHTS.items()
    ]
    context = {
        "organization": organization,
        "admin": access.is_admin,
        "errors": errors,
        "currencies": onboarding.CURRENCIES,
        "roles": Role.choices,
        "levels": _LEVELS,
        "table": table,
        "members": onboarding.organization_members(access=access),
        "products": onboarding.organization_products(access=access),
    }
    return render(request, "web/settings.html", context, status=422 if errors else 200)


def _posted_overrides(request: HttpRequest) -> dict[str, dict[str, str]]:
    overrides: dict[str, dict[str, str]] = {}
    for action in Action:
        for role in Role.values:
            level = request.POST.get(f"rights-{role}-{action.value}", "")
            if level:
                overrides.setdefault(role, {})[action.value] = level
    return overrides


@login_required
@require_POST
def organization_admin(request: HttpRequest, user_id: int) -> HttpResponse:
    access = onboarding.organization_access(user=current_user(request))
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise DomainError("No such person.")
    onboarding.organization_admin_set(
        access=access, user=person, admin=request.POST.get("admin") == "1"
    )
    return redirect("web:settings")
