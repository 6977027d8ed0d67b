"""Search as Jira's clients call it: shapes, paging, and a query count that does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item

pytestmark = pytest.mark.django_db


def _fill(team, count: int) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    epic = backlog_services.item_create(access=po, fields={"title": "Epic", "kind": "epic"})
    for n in range(count):
        item = backlog_services.item_create(
            access=po,
            fields={
                "title": f"Story {n}",
                "labels": ["ux", f"l{n}"],
                "assignee": "dev@example.test",
                "parent": epic.key,
            },
        )
        backlog_services.comment_add(access=po, item=item, body=f"Note {n}")


def _queries_for_search(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/rest/api/2/search", {"jql": "project = DRN", "fields": "*all"})
    assert response.status_code == 200
    return len(captured)


def test_search_asks_the_same_number_of_queries_for_any_page_size(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")
    _fill(team, 2)
    _queries_for_search(client)  # the first call also notes when the token was last used
    few = _queries_for_search(client)
    _fill(team, 15)

    many = _queries_for_search(client)

    assert many == few
    assert many <= 10


def test_search_answers_in_jiras_shape(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('viewer')}")
    _fill(team, 3)

    body = client.get(
        "/rest/api/2/search", {"jql": "type = story ORDER BY key DESC", "maxResults": 2}
    ).json()

    issue = body["issues"][0]
    assert (body["startAt"], body["maxResults"], body["total"]) == (0, 2, 3)
    assert issue["key"] == "DRN-4"
    assert issue["fields"]["status"]["statusCategory"]["key"] == "new"
    assert issue["fields"]["customfield_10008"] == "DRN-1"
    assert issue["fields"]["assignee"]["emailAddress"] == "dev@example.test"
    assert sorted(issue["fields"]["labels"]) == ["l2", "ux"]


def test_archived_items_are_not_found(team) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    item = backlog_services.item_create(access=po, fields={"title": "Gone"})
    backlog_services.item_archive(access=po, item=item)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")

    body = client.get("/rest/api/2/search", {"jql": "summary ~ gone"}).json()

    assert body["total"] == 0
    assert Item.objects.filter(archived_at__isnull=False).count() == 1


def test_field_list_describes_story_points_as_a_custom_field(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('viewer')}")

    fields = {f["name"]: f for f in client.get("/rest/api/2/field").json()}

    assert fields["Story Points"]["schema"]["customId"] == 10002
    assert fields["Story Points"]["clauseNames"] == ["cf[10002]", "Story Points"]
    assert fields["Epic Link"]["custom"] is True


def test_max_results_zero_answers_only_the_total(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('viewer')}")
    _fill(team, 3)

    body = client.get("/rest/api/2/search", {"jql": "type = story", "maxResults": 0}).json()

    assert (body["total"], body["issues"]) == (3, [])
