"""Backlog searches by key go through the unique key index, in a fixed number of queries."""

from __future__ import annotations

import pytest

from tandem.backlog import selectors, services
from tandem.workspace.access import ProductAccess
from tests.conftest import Team

pytestmark = pytest.mark.django_db

F = selectors.BacklogFilters


def _titles(access: ProductAccess, text: str) -> list[str]:
    page = selectors.backlog_page(access=access, filters=F(text=text))
    return [row.title for row in page.items]


def test_a_key_finds_its_item_alone_within_three_queries(
    team: Team, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Gimbal drift"})
    second = services.item_create(access=po, fields={"title": "Spotlight mode"})
    services.item_create(access=po, fields={"title": f"Follow-up of {second.key}"})
    with django_assert_max_num_queries(3):  # the key's item, the page, its labels
        titles = _titles(po, second.key.lower())
    assert titles == ["Spotlight mode"]


def test_a_key_no_item_holds_searches_the_titles(team: Team) -> None:
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Migrate DRN-99 data"})
    assert _titles(po, "DRN-99") == ["Migrate DRN-99 data"]
