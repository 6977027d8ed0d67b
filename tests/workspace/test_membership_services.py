"""Who is on a product: only its PM and PO manage people, and it never loses its PO or PM."""

from __future__ import annotations

import pytest

from tandem.workspace import selectors, services
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Membership
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _add(team, role: str, by: str = "product_owner", **kw):  # type: ignore[no-untyped-def]
    return services.membership_add(access=team.access(by), user=UserFactory(), role=role, **kw)


def _membership(team, role: str) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.get(product=team.product, role=role)


@pytest.mark.parametrize("by", ["product_manager", "product_owner"])
def test_the_pm_and_the_po_add_people(team, by: str) -> None:  # type: ignore[no-untyped-def]
    membership = _add(team, "team_member", by=by)
    assert membership.role == "team_member"
    event = Event.objects.get(verb="membership.added")
    assert (event.actor, event.after) == (
        team.person(by),
        {"user": membership.user.email, "role": "team_member"},
    )


@pytest.mark.parametrize("by", ["team_member", "stakeholder", "viewer"])
def test_nobody_else_adds_people(team, by: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _add(team, "viewer", by=by)


@pytest.mark.parametrize("by", ["team_member", "stakeholder", "viewer"])
def test_nobody_else_removes_people(team, by: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.membership_remove(
            access=team.access(by), membership_id=_membership(team, "viewer").pk
        )


def test_an_unknown_role_names_the_role(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        _add(team, "chief")
    assert set(caught.value.errors) == {"role"}


def test_the_same_role_twice_names_the_role(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    with pytest.raises(ValidationFailed) as caught:
        services.membership_add(access=po, user=team.dev, role="team_member")
    assert set(caught.value.errors) == {"role"}


def test_a_person_may_hold_pm_and_po_at_once(team) -> None:  # type: ignore[no-untyped-def]
    services.membership_add(
        access=team.access("product_owner"),
        user=team.pm,
        role="product_owner",
    )
    assert team.access("product_manager").roles == {"product_manager", "product_owner"}


def test_a_po_reports_to_a_pm_of_the_product(team) -> None:  # type: ignore[no-untyped-def]
    membership = _add(team, "product_owner", reports_to=team.pm)
    assert membership.reports_to == team.pm


@pytest.mark.parametrize("boss", ["po", "dev", "outsider"])
def test_reporting_to_anyone_but_a_pm_of_the_product_names_reports_to(team, boss: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        _add(team, "product_owner", reports_to=getattr(team, boss))
    assert set(caught.value.errors) == {"reports_to"}


def test_removing_a_member_is_audited(team) -> None:  # type: ignore[no-untyped-def]
    viewer = _membership(team, "viewer")
    services.membership_remove(access=team.access("product_owner"), membership_id=viewer.pk)
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    event = Event.objects.get(verb="membership.removed")
    assert event.before == {"user": "viewer@example.test", "role": "viewer"}


@pytest.mark.parametrize("role", ["product_owner", "product_manager"])
def test_the_last_po_or_pm_cannot_be_removed(team, role: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.membership_remove(
            access=team.access("product_owner"), membership_id=_membership(team, role).pk
        )
    assert set(caught.value.errors) == {"role"}


def test_a_po_can_leave_once_there_is_another(team) -> None:  # type: ignore[no-untyped-def]
    leaving = _membership(team, "product_owner")
    _add(team, "product_owner")
    services.membership_remove(access=team.access("product_owner"), membership_id=leaving.pk)
    assert Membership.objects.filter(product=team.product, role="product_owner").count() == 1


def test_a_membership_of_another_product_is_not_found(team) -> None:  # type: ignore[no-untyped-def]
    theirs = Membership.objects.filter(product=team.outsider_product).first()
    with pytest.raises(NotFound):
        services.membership_remove(access=team.access("product_owner"), membership_id=theirs.pk)  # type: ignore[union-attr]


def test_members_are_listed_by_e_mail(team) -> None:  # type: ignore[no-untyped-def]
    members = selectors.members_of(access=team.access("viewer"))
    assert [m.user.email for m in members] == [
        "dev@example.test",
        "pm@example.test",
        "po@example.test",
        "stakeholder@example.test",
        "viewer@example.test",
    ]


def test_a_new_products_creator_is_its_pm_and_po(db) -> None:  # type: ignore[no-untyped-def]
    founder = UserFactory()
    product = services.product_create(
        organization=OrganizationFactory(), key="cam", name="Camera", creator=founder
    )
    assert product.key == "CAM"
    assert set(Membership.objects.filter(user=founder).values_list("role", flat=True)) == {
        "product_manager",
        "product_owner",
    }


@pytest.mark.parametrize("key", ["C", "1CAM", "CAM-1", "TOOLONGKEY1", "c a m"])
def test_a_product_key_that_cannot_name_items_names_the_key(db, key: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.product_create(organization=OrganizationFactory(), key=key, name="Camera")
    assert set(caught.value.errors) == {"key"}


def test_a_product_key_is_unique_across_organizations(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.product_create(organization=OrganizationFactory(), key="drn", name="Drone 2")
    assert set(caught.value.errors) == {"key"}
