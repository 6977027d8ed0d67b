"""Items an import writes in bulk get their stored similar items without a command."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.integrations.importers.services import import_file
from tandem.suggestions.models import ItemNeighbour
from tests.conftest import Team
from tests.integrations import importing

pytestmark = pytest.mark.django_db


def test_an_import_queues_the_similar_items_of_its_product(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    assert not ItemNeighbour.objects.filter(product=team.product).exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_file(user=team.po, product_key="DRN", source="jira", files=[importing.jira_page()])
    stored = ItemNeighbour.objects.filter(product=team.product).select_related("item")
    assert {row.item.title for row in stored} >= {"Pay by card", "Validate the card number"}
