"""Factories for delivery rows: sprints and their items, straight in the tables.

Tests of the release side need closed sprints with completed points and items
in a sprint; the sprint side's services own how those come about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Kind, Status
from tandem.delivery.models import Release, Sprint, SprintItem, SprintState
from tests.conftest import Team
from tests.factories import ItemFactory, ProductFactory


class SprintFactory(DjangoModelFactory[Sprint]):
    class Meta:
        model = Sprint

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"Sprint {n + 1}")
    starts_on = factory.Sequence(lambda n: dt.date(2025, 1, 6) + dt.timedelta(days=14 * n))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=13))
    state = SprintState.CLOSED
    committed_points = 20
    completed_points = 18


class SprintItemFactory(DjangoModelFactory[SprintItem]):
    class Meta:
        model = SprintItem

    sprint = factory.SubFactory(SprintFactory)
    item = factory.SubFactory(ItemFactory, product=factory.SelfAttribute("..sprint.product"))
    committed = True


class ReleaseFactory(DjangoModelFactory[Release]):
    """A row straight in the table; tests of behaviour create releases through the services."""

    class Meta:
        model = Release

    product = factory.SubFactory(ProductFactory)
    name = factory.Sequence(lambda n: f"1.{n}")


@dataclass
class Increment:
    sprint: Sprint
    item: Item


def done_story(team: Team, title: str = "Return home on low battery", criteria: int = 2) -> Item:
    """A ready story, built and done through the services, with its criteria met."""
    po, dev = team.access("product_owner"), team.access("team_member")
    item = backlog_services.item_create(
        access=po,
        fields={
            "kind": Kind.STORY,
            "title": title,
            "as_a": "pilot",
            "i_want": "the drone to come back",
            "so_that": "I do not lose it",
            "estimate": 5,
        },
    )
    for number in range(criteria):
        backlog_services.criterion_add(
            access=po,
            item=item,
            fields={"given": "battery at 15%", "when": f"flying {number}", "then": "it returns"},
        )
    item.refresh_from_db()
    outcome = backlog_services.item_update(
        access=dev, item=item, changes={"status": Status.DONE}, expected_version=item.version
    )
    return outcome.item


def make_increment(team: Team) -> Increment:
    """An active sprint holding one done story."""
    sprint = SprintFactory(product=team.product, state=SprintState.ACTIVE, completed_points=None)
    item = done_story(team)
    SprintItemFactory(sprint=sprint, item=item)
    return Increment(sprint=sprint, item=item)
