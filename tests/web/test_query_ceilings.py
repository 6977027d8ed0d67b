"""The main pages and API reads on the demo product stay within a fixed number of queries.

Each ceiling is the count measured once the caller's access is resolved once per
request, plus a margin of two: a read that starts asking per row (an N+1), or
resolves the caller's access again, goes over it.
"""

from __future__ import annotations

import pytest

from tandem.delivery.models import Sprint
from tandem.workspace.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    ("po@demo.test", "/p/DRN/", 34),  # the PO's home: backlog health, proposals, own work
    ("pm@demo.test", "/p/DRN/", 37),  # the PM's home: the same, with the strategy cards
    ("po@demo.test", "/p/DRN/backlog/", 15),
    ("po@demo.test", "/items/DRN-1/", 29),
    ("po@demo.test", "/p/DRN/board/", 14),
]

API_READS = [
    ("/api/v1/products/DRN/items", 8),
    ("/api/v1/items/DRN-1", 8),
    ("/api/v1/items/DRN-1/criteria", 8),
    ("/api/v1/items/DRN-1/comments", 8),
    ("/api/v1/products/DRN/sprints", 6),
    ("/api/v1/products/DRN/sprints/{sprint}/board", 11),
    ("/api/v1/products/DRN/releases", 14),
    ("/api/v1/products/DRN/strategy/roadmap", 10),
    ("/api/v1/products/DRN/proposals", 6),
]


@pytest.mark.parametrize(("email", "url", "ceiling"), PAGES)
def test_a_main_page_keeps_its_query_ceiling(  # type: ignore[no-untyped-def]
    demo: str, signed_in, django_assert_max_num_queries, email: str, url: str, ceiling: int
) -> None:
    client = signed_in(User.objects.get(email=email))
    with django_assert_max_num_queries(ceiling):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "ceiling"), API_READS)
def test_a_main_api_read_keeps_its_query_ceiling(  # type: ignore[no-untyped-def]
    demo: str, signed_in, django_assert_max_num_queries, url: str, ceiling: int
) -> None:
    sprint = Sprint.objects.get(product__key="DRN", state="active")
    client = signed_in(User.objects.get(email="po@demo.test"))
    with django_assert_max_num_queries(ceiling):
        response = client.get(url.format(sprint=sprint.pk))
    assert response.status_code == 200
