"""A person's own account changes are audited, and only the PM or PO decide who works here."""

from __future__ import annotations

import pytest

from tandem.workspace import services
from tandem.workspace.errors import PermissionDenied
from tandem.workspace.models import Event, Membership
from tests.conftest import Team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_creating_and_revoking_a_token_leave_account_events(team: Team) -> None:
    token, _ = services.token_create(user=team.po, name="ci")
    services.token_revoke(user=team.po, token_id=token.pk)
    events = Event.objects.filter(object_type="token", object_id=token.pk).order_by("id")
    assert [(e.verb, e.actor, e.product) for e in events] == [
        ("token.created", team.po, None),
        ("token.revoked", team.po, None),
    ]


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_only_the_deciders_add_members(team: Team, role: str) -> None:
    newcomer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_add(access=team.access(role), user=newcomer, role="viewer")
    assert not Membership.objects.filter(user=newcomer).exists()
    assert Membership.objects.filter(user=team.person(role)).exists()


def test_the_operators_grant_is_audited_without_an_actor(team: Team) -> None:
    newcomer = UserFactory()
    membership = services.membership_grant(product=team.product, user=newcomer, role="viewer")
    event = Event.objects.get(verb="membership.added", object_id=membership.pk)
    assert (event.actor, event.after) == (None, {"user": newcomer.email, "role": "viewer"})
