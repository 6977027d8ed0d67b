"""A release page costs the same number of queries whatever its scope holds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Kind
from tandem.delivery import services
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def _release(team: Team, epics: int) -> int:
    po = team.access("product_owner")
    keys = []
    for n in range(epics):
        epic = backlog_services.item_create(access=po, fields={"kind": Kind.EPIC, "title": f"E{n}"})
        keys.append(epic.key)
        for m in range(3):
            backlog_services.item_create(
                access=po, fields={"title": f"Story {n}.{m}", "parent": epic.key, "estimate": 3}
            )
    return services.release_create(access=po, fields={"name": f"v{epics}", "epics": keys}).pk


@pytest.mark.parametrize("epics", [1, 8])
def test_the_release_page_reads_no_row_per_epic(
    team: Team, signed_in, django_assert_max_num_queries, epics: int
) -> None:  # type: ignore[no-untyped-def]
    release = _release(team, epics)
    client = signed_in(team.po)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("delivery:release", args=[team.product.key, release]))
    assert response.status_code == 200
    assert f"{team.product.key}-" in response.content.decode()
