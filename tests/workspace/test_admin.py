"""The operator's console: people and products editable, product work read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.backlog import services
from tests.conftest import Team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client: Client) -> Client:
    client.force_login(UserFactory(email="ops@example.test", is_staff=True, is_superuser=True))
    return client


def test_an_operator_manages_people_and_products(team: Team, operator: Client) -> None:
    assert operator.get("/admin/workspace/user/").status_code == 200
    assert operator.get(f"/admin/workspace/product/{team.product.pk}/change/").status_code == 200


def test_backlog_items_are_read_only_in_the_console(team: Team, operator: Client) -> None:
    item = services.item_create(access=team.access("product_owner"), fields={"title": "Night mode"})
    page = operator.get(f"/admin/backlog/item/{item.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert operator.post(f"/admin/backlog/item/{item.pk}/delete/").status_code == 403


def test_people_without_staff_rights_are_sent_to_the_console_login(
    team: Team, client: Client
) -> None:
    client.force_login(team.po)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
