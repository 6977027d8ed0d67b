"""Go-to-market records × roles: the PM decides, the PO proposes, everyone else reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tandem.delivery import services as delivery
from tandem.strategy.gtm_models import Message, PricingPlan
from tandem.strategy.gtm_selectors import go_to_market
from tandem.workspace import proposals, writes
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.selectors import product_access
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PM, PO, TEAM, HOLDER, VIEWER = (
    "product_manager",
    "product_owner",
    "team_member",
    "stakeholder",
    "viewer",
)
BASE = "/api/v1/products/DRN/strategy"
PLAN = {"name": "Pro", "price": "49.00", "billing_period": "monthly", "included": "Cloud"}


def _make(team: Team, kind: str, fields: dict[str, Any]) -> Any:
    record = writes.record_create(access=team.access(PM), kind=kind, fields=fields).record
    assert record is not None
    return record


def _client(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def test_the_product_manager_sets_a_price_directly(team: Team) -> None:
    plan = _make(team, "pricing_plan", PLAN)
    assert isinstance(plan, PricingPlan)
    assert (plan.price, plan.version) == (49, 1)


def test_a_product_owner_price_becomes_a_proposal_the_pm_accepts(team: Team) -> None:
    outcome = writes.record_create(access=team.access(PO), kind="pricing_plan", fields=PLAN)
    assert outcome.record is None
    assert outcome.proposal is not None
    assert not PricingPlan.objects.exists()
    proposals.proposal_accept(access=team.access(PM), proposal_id=outcome.proposal.pk)
    assert PricingPlan.objects.get().name == "Pro"


@pytest.mark.parametrize("role", [TEAM, HOLDER, VIEWER])
def test_the_team_stakeholders_and_viewers_may_not_write_go_to_market(
    team: Team, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        writes.record_create(access=team.access(role), kind="segment", fields={"name": "Pros"})


@pytest.mark.parametrize("role", [PM, PO, TEAM, HOLDER, VIEWER])
def test_every_member_reads_the_go_to_market(team: Team, role: str) -> None:
    _make(team, "pricing_plan", PLAN)
    assert [p.name for p in go_to_market(access=team.access(role)).plans] == ["Pro"]


def test_someone_from_elsewhere_finds_no_go_to_market(team: Team) -> None:
    with pytest.raises(NotFound):
        product_access(user=team.outsider, product_key="DRN")


def test_a_message_belongs_to_a_segment_and_names_live_releases(team: Team) -> None:
    delivery.release_create(
        access=team.access(PO), fields={"name": "2.2", "target_date": dt.date(2026, 9, 1)}
    )
    segment = _make(team, "segment", {"name": "Rescue", "size": 650})
    message = _make(
        team,
        "message",
        {"segment": segment.pk, "text": "Search longer.", "releases": "2.2, 2.2"},
    )
    assert isinstance(message, Message)
    assert (message.segment, message.releases) == (segment, "2.2")


def test_a_release_that_does_not_exist_is_refused_naming_the_field(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _make(team, "pricing_plan", PLAN | {"releases": "9.9"})
    assert "9.9 is not a release of DRN" in refused.value.errors["releases"]


def test_the_positioning_statement_reads_as_moores_template(team: Team) -> None:
    positioning = _make(
        team,
        "positioning",
        {
            "for_customer": "event filmers",
            "who_need": "need steady shots",
            "product_name": "SkyLens",
            "category": "a camera drone",
            "key_benefit": "flies all day",
            "unlike": "AirCam",
            "differentiator": "never hits a guest",
        },
    )
    assert positioning.statement == (
        "For event filmers who need steady shots, SkyLens is a camera drone that flies all "
        "day. Unlike AirCam, our product never hits a guest."
    )


def test_the_go_to_market_reads_in_a_fixed_number_of_queries(
    team: Team, django_assert_max_num_queries: Any
) -> None:
    for name in ("Pros", "Clubs", "Rescue"):
        segment = _make(team, "segment", {"name": name})
        _make(team, "message", {"segment": segment.pk, "text": f"Hello {name}"})
        _make(team, "pricing_plan", PLAN | {"name": name, "segment": segment.pk})
    access = team.access(HOLDER)
    with django_assert_max_num_queries(5):
        gtm = go_to_market(access=access)
        assert [len(v.messages) for v in gtm.segments] == [1, 1, 1]
        assert [p.segment.name for p in gtm.plans if p.segment] == ["Pros", "Clubs", "Rescue"]


# --- the API with the role that calls it ---------------------------------------------------


def test_over_the_api_the_pm_creates_the_po_proposes_a_stakeholder_is_refused(
    team: Team,
) -> None:
    assert (
        _client(team, PM).post(f"{BASE}/pricing-plans", PLAN, "application/json").status_code == 201
    )
    assert (
        _client(team, PO).post(f"{BASE}/segments", {"name": "Pros"}, "application/json").status_code
        == 202
    )
    refused = _client(team, HOLDER).post(f"{BASE}/segments", {"name": "X"}, "application/json")
    assert refused.status_code == 403
    listed = _client(team, VIEWER).get(f"{BASE}/pricing-plans").json()
    assert [(p["name"], p["price"]) for p in listed] == [("Pro", "49.00")]


def test_over_the_api_a_message_without_a_segment_is_a_422_naming_it(team: Team) -> None:
    response = _client(team, PM).post(f"{BASE}/messages", {"text": "Hi"}, "application/json")
    assert response.status_code == 422
    assert "segment" in response.json()["errors"]


# --- the page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "offers_add"), [(PM, True), (PO, True), (HOLDER, False)])
def test_the_go_to_market_page_lists_the_records(
    team: Team, client: Client, role: str, offers_add: bool
) -> None:
    segment = _make(team, "segment", {"name": "Event filmers", "size": 4800})
    _make(team, "pricing_plan", PLAN | {"segment": segment.pk})
    _make(team, "message", {"segment": segment.pk, "text": "Film the whole day."})
    client.force_login(team.person(role))
    html = client.get("/p/DRN/strategy/go-to-market/").content.decode()
    assert "Event filmers" in html
    assert "Film the whole day." in html
    assert "49" in html
    assert "per month" in html
    assert ("Add a plan" in html) is offers_add


def test_the_go_to_market_page_says_what_to_do_first_when_empty(team: Team, client: Client) -> None:
    client.force_login(team.pm)
    html = client.get("/p/DRN/strategy/go-to-market/").content.decode()
    assert "No pricing plans yet" in html
    assert "No segments yet" in html


@pytest.mark.parametrize("kind", ["segment", "pricing-plan", "positioning", "message"])
def test_each_go_to_market_kind_has_a_form_for_the_pm(
    team: Team, client: Client, kind: str
) -> None:
    client.force_login(team.pm)
    response = client.get(f"/p/DRN/strategy/{kind}/new/")
    assert response.status_code == 200
    assert "Create" in response.content.decode()


def test_a_pricing_plan_has_its_page_with_its_history(team: Team, client: Client) -> None:
    plan = _make(team, "pricing_plan", PLAN)
    client.force_login(team.stakeholder)
    html = client.get(f"/p/DRN/strategy/pricing-plan/{plan.pk}/").content.decode()
    assert "Pro" in html
    assert "History" in html
