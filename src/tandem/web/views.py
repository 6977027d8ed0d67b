"""Role home pages and the members page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.workspace import invitations, onboarding, selectors, services
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of
from tandem.workspace.models import Role, Team, User
from tandem.workspace.notifications import selectors as notification_selectors
from tandem.workspace.rights import Action, Level

from .sections import home_sections


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def home(request: HttpRequest) -> HttpResponse:
    """A fresh install leads to its first-run setup; everyone else to their products."""
    if not isinstance(request.user, User):
        return redirect("web:setup" if onboarding.needs_first_run() else "web:sign-in")
    products = list(selectors.products_for_user(user=_user(request)))
    if len(products) == 1:
        return redirect("web:product-home", product_key=products[0].key)
    organization = (
        onboarding.organization_access(user=_user(request))
        if request.user.organizations.exists()
        else None
    )
    context = {"products": products, "organization": organization}
    return render(request, "web/home.html", context)


@login_required
def product_home(request: HttpRequest, product_key: str) -> HttpResponse:
    """What this person should look at first: the PO's backlog health, everyone's own work."""
    access = access_of(request, product_key)
    health = backlog_selectors.backlog_health(access=access)
    context = {
        "access": access,
        "product": access.product,
        "health": health,
        "proposals": backlog_selectors.item_proposals(
            backlog_selectors.pending_proposals(access=access)[:10]
        )
        if access.is_product_owner
        else [],
        "my_items": backlog_selectors.items_assigned_to(access=access),
        "my_proposals": backlog_selectors.proposals_by(access=access),
        "activity": notification_selectors.activity(access=access)[:10],
        "sections": home_sections(access),
    }
    return render(request, "web/product_home.html", context)


@login_required
def members(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    context = {
        "access": access,
        "product": access.product,
        "members": list(selectors.members_of(access=access)),
        "roles": Role.choices,
        "can_manage": access.can(Action.MEMBERS, Level.DECIDE),
        "invitations": list(invitations.pending_invitations(access=access))
        if access.can(Action.MEMBERS, Level.DECIDE)
        else [],
        "teams": list(selectors.teams_of(access=access)),
        "archived_teams": list(selectors.teams_of(access=access, archived=True)),
        "people": list(selectors.people_of(access=access)),
    }
    return render(request, "web/members.html", context)


@login_required
@require_POST
def member_remove(request: HttpRequest, product_key: str, membership_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    services.membership_remove(access=access, membership_id=membership_id)
    return redirect("web:members", product_key=access.product.key)


# --- teams ------------------------------------------------------------------------------


def _team_version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise ValidationFailed({"version": "is required; reload the page"})
    return int(raw)


@login_required
@require_POST
def team_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    services.team_create(access=access, name=request.POST.get("name", ""))
    return redirect("web:members", product_key=access.product.key)


@login_required
@require_POST
def team_update(request: HttpRequest, product_key: str, team_id: int) -> HttpResponse:
    """One form per team: its name and a box per person; each change is its own audited write."""
    access = access_of(request, product_key)
    team = selectors.team_of(access=access, team_id=team_id)
    version = _team_version(request)
    with transaction.atomic():
        name = request.POST.get("name", team.name)
        if name.strip() != team.name:
            team = services.team_rename(
                access=access, team=team, name=name, expected_version=version
            )
            version = team.version
        wanted = set(request.POST.getlist("members"))
        current = {str(u.pk): u for u in team.members.all()}
        people = {str(u.pk): u for u in selectors.people_of(access=access)}
        moves: list[tuple[Callable[..., Team], User | None]] = [
            (services.team_member_remove, current[pk]) for pk in sorted(set(current) - wanted)
        ]
        moves += [
            (services.team_member_add, people.get(pk)) for pk in sorted(wanted - set(current))
        ]
        for move, user in moves:
            if user is None:  # a box for someone who is not a member of the product
                raise ValidationFailed({"members": "only members of the product can be on a team"})
            team = move(access=access, team=team, user=user, expected_version=version)
            version = team.version
    return redirect("web:members", product_key=access.product.key)


@login_required
@require_POST
def team_archive(request: HttpRequest, product_key: str, team_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    team = selectors.team_of(access=access, team_id=team_id)
    if request.POST.get("restore") == "1":
        services.team_restore(access=access, team=team, expected_version=_team_version(request))
    else:
        services.team_archive(access=access, team=team, expected_version=_team_version(request))
    return redirect("web:members", product_key=access.product.key)
