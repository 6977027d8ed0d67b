"""A team starts on its own: first run, products, invitations, the organization's settings."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tandem.workspace import invitations, onboarding
from tandem.workspace.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import (
    Event,
    Invitation,
    Membership,
    Organization,
    OrganizationMember,
    Product,
    Role,
    User,
)
from tests.conftest import Team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


def _set_up() -> tuple[Organization, User]:
    return onboarding.first_run(
        organization_name="Aerial Works", email="ada@aerial.test", password=PASSWORD, name="Ada"
    )


def _link(message: str) -> str:
    match = re.search(r"/invitations/([^/\s]+)/", message)
    assert match is not None, message
    return match.group(1)


def test_the_first_run_makes_the_organization_and_its_administrator_once() -> None:
    organization, admin = _set_up()
    assert OrganizationMember.objects.get(organization=organization, user=admin).is_admin
    assert Event.objects.filter(verb="organization.created", organization=organization).exists()
    with pytest.raises(Conflict):
        onboarding.first_run(organization_name="Again", email="b@b.test", password=PASSWORD)
    assert Organization.objects.count() == 1


def test_a_weak_password_is_refused_and_nothing_is_made() -> None:
    with pytest.raises(ValidationFailed) as refused:
        onboarding.first_run(organization_name="Aerial", email="ada@aerial.test", password="123")
    assert set(refused.value.errors) == {"password"}
    assert not User.objects.exists()
    assert onboarding.needs_first_run()


def test_an_administrator_creates_a_product_and_becomes_its_pm_and_po() -> None:
    organization, admin = _set_up()
    access = onboarding.organization_access(user=admin)
    product = onboarding.product_create(access=access, key="drn", name="SkyLens", sprint_days=10)
    assert (product.key, product.sprint_days, product.organization) == ("DRN", 10, organization)
    roles = set(
        Membership.objects.filter(product=product, user=admin).values_list("role", flat=True)
    )
    assert roles == {Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER}


def test_someone_who_is_not_an_administrator_creates_no_product() -> None:
    organization, _ = _set_up()
    member = UserFactory()
    onboarding.join(organization, member)
    with pytest.raises(PermissionDenied):
        onboarding.product_create(
            access=onboarding.organization_access(user=member), key="XYZ", name="Side project"
        )
    assert not Product.objects.exists()
    assert OrganizationMember.objects.filter(user=member, is_admin=False).exists()


def test_an_invitation_answers_alike_for_any_address_and_is_accepted_by_its_link(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    po = team.access("product_owner")
    url = "https://tandem.example/invitations/{token}/"
    with django_capture_on_commit_callbacks(execute=True):
        known = invitations.invitation_create(
            access=po, email=team.outsider.email, role="viewer", accept_url=url
        )
        unknown = invitations.invitation_create(
            access=po, email="New.Person@Example.test", role="team_member", accept_url=url
        )
    assert known is not None
    assert unknown is not None
    assert [m.to for m in mail.outbox] == [[team.outsider.email], ["new.person@example.test"]]
    user = invitations.invitation_accept_new(
        token=_link(mail.outbox[1].body), name="Nia", password=PASSWORD
    )
    assert Membership.objects.filter(product=team.product, user=user, role="team_member").exists()
    with pytest.raises(NotFound):
        invitations.invitation_named(_link(mail.outbox[1].body))


def test_an_invitation_is_for_its_address_only(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_create(
            access=team.access("product_owner"),
            email=team.outsider.email,
            role="viewer",
            accept_url="/invitations/{token}/",
        )
    token = _link(mail.outbox[0].body)
    with pytest.raises(PermissionDenied):
        invitations.invitation_accept(token=token, user=team.viewer)
    invitations.invitation_accept(token=token, user=team.outsider)
    assert Membership.objects.filter(product=team.product, user=team.outsider).exists()
    assert Invitation.objects.get().accepted_by == team.outsider


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_only_the_pm_or_po_invite(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(
            access=team.access(role), email="x@example.test", role="viewer", accept_url="{token}"
        )
    assert not Invitation.objects.exists()
    assert Membership.objects.filter(product=team.product).count() == 5


def test_the_settings_change_from_the_version_read_and_refuse_a_typo_in_the_rights() -> None:
    _, admin = _set_up()
    access = onboarding.organization_access(user=admin)
    changed = onboarding.organization_update(
        access=access,
        changes={"currency": "usd", "rights_overrides": {"viewer": {"feedback": "add"}}},
        expected_version=1,
    )
    assert (changed.currency, changed.version) == ("USD", 2)
    assert changed.rights_overrides == {"viewer": {"feedback": "add"}}
    with pytest.raises(Conflict):
        onboarding.organization_update(access=access, changes={"name": "X"}, expected_version=1)
    with pytest.raises(ValidationFailed) as refused:
        onboarding.organization_update(
            access=access,
            changes={"rights_overrides": {"viewer": {"feedback": "owns"}}},
            expected_version=2,
        )
    assert list(refused.value.errors) == ["rights_overrides.viewer.feedback"]


def test_an_organization_keeps_one_administrator() -> None:
    _, admin = _set_up()
    access = onboarding.organization_access(user=admin)
    with pytest.raises(ValidationFailed):
        onboarding.organization_admin_set(access=access, user=admin, admin=False)
    assert OrganizationMember.objects.get(user=admin).is_admin


# --- the faces ----------------------------------------------------------------------------


def test_a_fresh_install_leads_to_the_setup_page_and_on_to_a_product(client: Client) -> None:
    assert client.get("/")["Location"] == "/setup/"
    created = client.post(
        "/setup/",
        {"organization": "Aerial", "email": "ada@aerial.test", "password": PASSWORD},
    )
    assert created["Location"] == "/products/new/"
    product = client.post("/products/new/", {"key": "AIR", "name": "AirOps"})
    assert product["Location"] == "/p/AIR/backlog/"
    assert client.get("/setup/")["Location"] == "/"


def test_the_api_creates_a_product_for_an_administrator_only(client: Client) -> None:
    _, admin = _set_up()
    client.force_login(admin)
    made = client.post(
        "/api/v1/products", {"key": "AIR", "name": "AirOps"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["roles"] == ["product_manager", "product_owner"]
    stranger = UserFactory()
    client.force_login(stranger)
    refused = client.post(
        "/api/v1/products", {"key": "BEE", "name": "Bees"}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert not Product.objects.filter(key="BEE").exists()


def test_adding_a_member_over_the_api_answers_the_same_for_any_address(team: Team) -> None:
    po = Client(headers={"Authorization": f"Bearer {team.token('product_owner')}"})
    url = "/api/v1/products/DRN/members"
    known = po.post(
        url, {"email": team.outsider.email, "role": "viewer"}, content_type="application/json"
    )
    unknown = po.post(
        url, {"email": "nobody@nowhere.test", "role": "viewer"}, content_type="application/json"
    )
    assert (known.status_code, unknown.status_code) == (202, 202)
    assert {k for k in known.json() if k != "email"} == {k for k in unknown.json() if k != "email"}
    assert team.outsider.name not in known.content.decode()
    assert Invitation.objects.count() == 2


def test_the_organization_api_changes_with_if_match(client: Client) -> None:
    _, admin = _set_up()
    client.force_login(admin)
    read = client.get("/api/v1/organization")
    assert (read.status_code, read["ETag"], read.json()["currency"]) == (200, '"1"', "EUR")
    changed = client.patch(
        "/api/v1/organization",
        {"currency": "GBP"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert (changed.status_code, changed.json()["currency"]) == (200, "GBP")
    stale = client.patch(
        "/api/v1/organization",
        {"currency": "USD"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 409


def test_the_invitation_page_makes_an_account_and_signs_in(
    team: Team, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_create(
            access=team.access("product_owner"),
            email="nia@example.test",
            role="stakeholder",
            accept_url="/invitations/{token}/",
        )
    token = _link(mail.outbox[0].body)
    page = client.get(f"/invitations/{token}/")
    assert "Create my account and accept" in page.content.decode()
    accepted = client.post(f"/invitations/{token}/", {"name": "Nia", "password": PASSWORD})
    assert accepted["Location"] == "/p/DRN/"
    assert client.get("/p/DRN/").status_code == 200


def test_the_commands_set_up_create_a_product_and_invite(
    django_capture_on_commit_callbacks: Any,
) -> None:
    out = StringIO()
    call_command(
        "init",
        organization="Aerial",
        email="ada@aerial.test",
        password=PASSWORD,
        stdout=out,
    )
    call_command("product", "create", "AIR", name="AirOps", owner="ada@aerial.test", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite",
            "bo@aerial.test",
            product="AIR",
            role="team_member",
            by="ada@aerial.test",
            stdout=out,
        )
    assert "Set up Aerial" in out.getvalue()
    assert Product.objects.filter(key="AIR").exists()
    assert Invitation.objects.get().email == "bo@aerial.test"
    assert "/invitations/" in mail.outbox[0].body
