"""Sprint-side test data made through the services, as a user would make it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint
from tests.conftest import Team

PO = "product_owner"
TEAM = "team_member"


def ready_story(team: Team, title: str, points: int = 3, value: int = 5, **fields: Any) -> Item:
    """An estimated story with status ready, made by the PO."""
    return backlog_services.item_create(
        access=team.access(PO),
        fields={
            "title": title,
            "estimate": points,
            "value": value,
            "effort": 3,
            "status": Status.READY,
            **fields,
        },
    )


def new_sprint(
    team: Team, name: str = "Sprint 1", capacity: int | None = 20, days: int = 14, **fields: Any
) -> Sprint:
    start = fields.pop("starts_on", dt.date.today())
    return services.sprint_create(
        access=team.access(PO),
        fields={
            "name": name,
            "goal": "Ship the flight log",
            "starts_on": start,
            "ends_on": start + dt.timedelta(days=days - 1),
            "capacity": capacity,
            **fields,
        },
    )


def started_sprint(team: Team, *items: Item, **fields: Any) -> Sprint:
    sprint = new_sprint(team, **fields)
    services.sprint_items_add(access=team.access(PO), sprint=sprint, items=list(items))
    sprint.refresh_from_db()
    return services.sprint_start(
        access=team.access(PO), sprint=sprint, expected_version=sprint.version, confirmed=True
    )


def set_status(team: Team, item: Item, status: str, role: str = TEAM) -> Item:
    item.refresh_from_db()
    outcome = backlog_services.item_update(
        access=team.access(role),
        item=item,
        changes={"status": status},
        expected_version=item.version,
    )
    return outcome.item
