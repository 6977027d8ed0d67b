"""The refinement page shows a page of each list and the totals, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.backlog.views.planning import REFINEMENT_PAGE
from tests.conftest import Team
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_refinement_shows_the_oldest_page_of_a_long_stale_list_and_the_total(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(days=400)
    ItemFactory.create_batch(
        REFINEMENT_PAGE + 10, product=team.product, updated_at=long_ago, created_at=long_ago
    )
    client = signed_in(team.po)
    client.get(reverse("backlog:refinement", args=[team.product.key]))  # duplicates computed
    with django_assert_max_num_queries(30):
        html = client.get(reverse("backlog:refinement", args=[team.product.key])).content.decode()
    total = REFINEMENT_PAGE + 10
    assert f"the {REFINEMENT_PAGE} oldest of {total}" in html
    assert f"the first {REFINEMENT_PAGE} of {total} by rank" in html
    assert html.count('id="pick-stale-') == REFINEMENT_PAGE
