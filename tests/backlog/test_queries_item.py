"""The item page reads a fixed number of rows, however large the product: its epic
field asks for a few matching epics as the person types instead of listing them all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.backlog import services
from tandem.backlog.models import Kind
from tests.conftest import Team

pytestmark = pytest.mark.django_db

# 32 before the suggestions panel (already over the old ceiling of 30), plus its two reads:
# the stored neighbours and the product's usual story template.
ITEM_PAGE_QUERIES = 34


def _epics(team: Team, titles: list[str]) -> list[str]:
    po = team.access("product_owner")
    return [
        services.item_create(access=po, fields={"kind": Kind.EPIC, "title": t}).key for t in titles
    ]


def test_the_item_page_lists_no_epics_and_keeps_its_query_ceiling(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    keys = _epics(team, [f"Theme {n}" for n in range(40)])
    story = services.item_create(
        access=team.access("product_owner"), fields={"title": "A story", "parent": keys[0]}
    )
    client = signed_in(team.dev)
    with django_assert_max_num_queries(ITEM_PAGE_QUERIES):
        html = client.get(reverse("backlog:item", args=[story.key])).content.decode()
    assert f'value="{keys[0]}"' in html  # the current epic is shown
    assert f'value="{keys[-1]}"' not in html  # the others are not listed


def test_the_epic_field_suggests_epics_by_title_words_or_key(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    camera, battery, _ = _epics(team, ["Camera quality", "Battery life", "Onboarding"])
    client = signed_in(team.dev)
    url = reverse("backlog:epic-search", args=[team.product.key])
    with django_assert_max_num_queries(6):
        by_words = client.get(url, {"parent": "camera"}).content.decode()
    by_key = client.get(url, {"q": battery}).content.decode()
    assert f'value="{camera}"' in by_words
    assert "Battery" not in by_words
    assert f'value="{battery}"' in by_key
    assert f'value="{camera}"' not in by_key


def test_the_epic_field_offers_at_most_a_page_of_epics(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _epics(team, [f"Theme {n}" for n in range(25)])
    html = (
        signed_in(team.dev)
        .get(reverse("backlog:epic-search", args=[team.product.key]), {"q": "theme"})
        .content.decode()
    )
    assert html.count("<option") == 20


def test_only_members_get_epic_suggestions(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _epics(team, ["Camera quality"])
    answer = signed_in(team.outsider).get(
        reverse("backlog:epic-search", args=[team.product.key]), {"q": "camera"}
    )
    assert answer.status_code == 404


def test_an_item_moves_to_an_epic_typed_by_key(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    (epic,) = _epics(team, ["Camera quality"])
    story = services.item_create(access=team.access("product_owner"), fields={"title": "Story"})
    client = signed_in(team.po)
    client.post(
        reverse("backlog:item-update", args=[story.key]),
        {"version": story.version, "section": "details", "parent": epic, "status": "new"},
    )
    story.refresh_from_db()
    assert story.parent is not None
    assert f"{team.product.key}-{story.parent.number}" == epic
