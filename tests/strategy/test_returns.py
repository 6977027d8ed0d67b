"""The estimated return per initiative: a figure, read by those who may read figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tandem.strategy.returns import initiative_returns
from tandem.workspace import writes
from tandem.workspace.errors import PermissionDenied
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PM, PO, TEAM, HOLDER, VIEWER = (
    "product_manager",
    "product_owner",
    "team_member",
    "stakeholder",
    "viewer",
)


def _initiative(team: Team, title: str, **fields: object) -> int:
    record = writes.record_create(
        access=team.access(PM), kind="initiative", fields={"title": title, **fields}
    ).record
    assert record is not None
    return int(record.pk)


def _cost(team: Team, initiative: int, month: str, planned: str, actual: str | None) -> None:
    writes.record_create(
        access=team.access(PM),
        kind="cost_line",
        fields={
            "initiative": initiative,
            "category": "people",
            "period": month,
            "planned": planned,
            "actual": actual,
        },
    )


@pytest.mark.parametrize("role", [PM, PO, TEAM])
def test_the_return_counts_actual_spend_and_the_plan_for_months_not_booked(
    team: Team, role: str
) -> None:
    flying = _initiative(team, "All-day flying", budget="5000", benefit_estimate="9000")
    _cost(team, flying, "2026-01", "1000", "1500")
    _cost(team, flying, "2026-02", "1000", None)
    _initiative(team, "Rental fleets")  # no budget, benefit or cost: not listed
    (row,) = initiative_returns(access=team.access(role))
    assert (row.cost, row.benefit, row.net) == (Decimal(2500), Decimal(9000), Decimal(6500))
    assert row.roi == pytest.approx(2.6)
    assert row.budget_used == pytest.approx(0.5)


def test_an_initiative_without_a_benefit_estimate_has_no_return(team: Team) -> None:
    _cost(team, _initiative(team, "Lidar", budget="100"), "2026-01", "50", "60")
    (row,) = initiative_returns(access=team.access(PM))
    assert (row.cost, row.roi, row.net) == (Decimal(60), None, None)


@pytest.mark.parametrize("role", [HOLDER, VIEWER])
def test_stakeholders_and_viewers_may_not_read_returns(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        initiative_returns(access=team.access(role))


def test_the_benefit_estimate_is_hidden_from_a_stakeholder_over_the_api(team: Team) -> None:
    pk = _initiative(team, "All-day flying", benefit_estimate="9000")
    url = f"/api/v1/products/DRN/strategy/initiatives/{pk}"
    pm = Client(headers={"Authorization": f"Bearer {team.token(PM)}"})
    holder = Client(headers={"Authorization": f"Bearer {team.token(HOLDER)}"})
    assert pm.get(url).json()["benefit_estimate"] == "9000.00"
    assert holder.get(url).json()["benefit_estimate"] is None
