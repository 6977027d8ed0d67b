"""Role home pages, the product switcher and the members page."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.backlog import services
from tandem.workspace.models import Invitation, Membership, Role
from tests.conftest import Team
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _home(client: Client, team: Team) -> str:
    return client.get(f"/p/{team.product.key}/").content.decode()


def test_home_with_one_product_goes_straight_to_it(team: Team, client: Client) -> None:
    client.force_login(team.dev)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/p/DRN/")


def test_home_with_two_products_lets_the_person_choose(team: Team, client: Client) -> None:
    other = ProductFactory(key="CAM", name="Camera app")
    Membership.objects.create(user=team.dev, product=other, role=Role.TEAM_MEMBER)
    client.force_login(team.dev)
    page = client.get("/").content.decode()
    assert "SkyLens" in page
    assert "Camera app" in page


def test_the_product_owner_sees_backlog_health_and_proposals_waiting(
    team: Team, client: Client
) -> None:
    po, pm = team.access("product_owner"), team.access("product_manager")
    item = services.item_create(access=po, fields={"title": "Night mode"})
    services.item_move(access=pm, item=item, position="top")
    client.force_login(team.po)
    page = _home(client, team)
    assert "Backlog health" in page
    assert "Proposals waiting for you" in page
    assert "Night mode" in page


def test_a_stakeholder_sees_no_backlog_health(team: Team, client: Client) -> None:
    client.force_login(team.stakeholder)
    page = _home(client, team)
    assert "Backlog health" not in page
    assert "Your items" in page


def test_the_product_manager_sees_what_became_of_their_proposals(
    team: Team, client: Client
) -> None:
    po, pm = team.access("product_owner"), team.access("product_manager")
    item = services.item_create(access=po, fields={"title": "Night mode"})
    proposal = services.item_move(access=pm, item=item, position="top").proposal
    assert proposal is not None
    services.proposal_decline(access=po, proposal_id=proposal.pk, reason="After the launch")
    client.force_login(team.pm)
    page = _home(client, team)
    assert "Your proposals" in page
    assert "Declined" in page
    assert "After the launch" in page


def test_everyone_sees_the_items_assigned_to_them(team: Team, client: Client) -> None:
    po = team.access("product_owner")
    item = services.item_create(access=po, fields={"title": "Gimbal calibration"})
    services.item_update(
        access=po, item=item, changes={"assignee": team.dev.email}, expected_version=item.version
    )
    client.force_login(team.dev)
    assert "Gimbal calibration" in _home(client, team)


def test_the_home_page_reads_in_a_fixed_number_of_queries(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    for n in range(20):
        item = services.item_create(access=po, fields={"title": f"Story {n}"})
        services.item_update(
            access=po, item=item, changes={"assignee": team.po.email}, expected_version=1
        )
    client.force_login(team.po)
    # One read per card: backlog health, proposals, own items, activity, and each
    # app's cards (sprint, blockers, acceptance queue, demand); none per item.
    with django_assert_max_num_queries(24):
        client.get(f"/p/{team.product.key}/")


def test_an_outsider_gets_404_for_the_product(team: Team, client: Client) -> None:
    client.force_login(team.outsider)
    assert client.get(f"/p/{team.product.key}/").status_code == 404


def test_only_the_pm_or_po_invite_members(team: Team, client: Client) -> None:
    client.force_login(team.dev)
    url = f"/p/{team.product.key}/members/invite/"
    refused = client.post(url, {"email": team.viewer.email, "role": "team_member"})
    client.force_login(team.po)
    invited = client.post(url, {"email": team.viewer.email, "role": "team_member"})
    assert (refused.status_code, invited.status_code) == (403, 302)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == (team.viewer.email, Role.TEAM_MEMBER)
    assert team.viewer.email in client.get(f"/p/{team.product.key}/members/").content.decode()


def test_the_members_page_lists_roles(team: Team, client: Client) -> None:
    client.force_login(team.stakeholder)
    page = client.get(f"/p/{team.product.key}/members/").content.decode()
    assert "Product Owner" in page
    assert team.pm.email in page
    assert "Remove role" not in page
