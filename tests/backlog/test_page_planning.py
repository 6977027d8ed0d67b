"""The value/effort matrix and refinement: dragging between quadrants, bulk actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.workspace.models import Proposal
from tandem.workspace.selectors import product_access
from tests.conftest import Team

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _scored(team: Team, title: str, value: int, effort: int) -> Item:
    return services.item_create(
        access=team.access("product_owner"),
        fields={"title": title, "value": value, "effort": effort},
    )


def _backlog(team: Team, titles: list[str]) -> list[Item]:
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def _titles(team: Team) -> list[str]:
    return list(
        Item.objects.filter(product=team.product, archived_at__isnull=True)
        .order_by("rank", "id")
        .values_list("title", flat=True)
    )


# --- the matrix ----------------------------------------------------------------------------


def test_the_matrix_names_each_quadrant_in_words_and_counts_the_unscored(
    team: Team, client: Client
) -> None:
    _scored(team, "Wind warning", 8, 2)
    _scored(team, "45-minute flight", 9, 9)
    _scored(team, "Pilot logbook", 3, 2)
    _scored(team, "Palm landing", 3, 8)
    _backlog(team, ["Unscored idea"])
    client.force_login(team.stakeholder)
    html = client.get(reverse("backlog:matrix", args=[team.product.key])).content.decode()
    for words in ("Quick wins", "Big bets", "Fill-ins", "Time sinks", "High value · low effort"):
        assert words in html
    quick = html[html.index('data-quadrant="quick_win"') : html.index('data-quadrant="big_bet"')]
    assert "Wind warning" in quick
    assert "1 item not scored yet" in html
    assert reverse("backlog:list", args=[team.product.key]) + "?scored=0" in html


def test_the_unscored_link_filters_the_backlog_to_unscored_items(
    team: Team, client: Client
) -> None:
    _scored(team, "Wind warning", 8, 2)
    _backlog(team, ["Unscored idea"])
    client.force_login(team.po)
    html = client.get(reverse("backlog:list", args=[team.product.key]) + "?scored=0")
    assert "Unscored idea" in html.content.decode()
    assert "Wind warning" not in html.content.decode()


def test_dragging_a_quick_win_to_big_bets_raises_its_effort(team: Team, client: Client) -> None:
    item = _scored(team, "Wind warning", 8, 2)
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"value": "8", "effort": "8", "version": item.version, "section": "card"},
        headers=HX,
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.value, item.effort) == (8, 8)
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="matrix-card"')
    assert f'data-version="{item.version}"' in html


def test_a_product_managers_matrix_drag_is_a_proposal(team: Team, client: Client) -> None:
    item = _scored(team, "Wind warning", 8, 2)
    client.force_login(team.pm)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"value": "8", "effort": "8", "version": item.version, "section": "card"},
        headers=HX,
    )
    assert response.status_code == 202
    item.refresh_from_db()
    assert item.effort == 2
    assert Proposal.objects.get(record_type="item", record_id=item.pk).payload["changes"] == {
        "effort": 8
    }


# --- refinement -----------------------------------------------------------------------------


def test_refinement_lists_stale_not_ready_and_duplicate_items(team: Team, client: Client) -> None:
    old, _, _ = _backlog(
        team,
        ["Old idea", "Offline maps for remote areas", "Download offline maps for remote areas"],
    )
    Item.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=45))
    client.force_login(team.po)
    url = reverse("backlog:refinement", args=[team.product.key])
    html = client.get(url).content.decode()
    stale = html[html.index('id="stale"') : html.index('id="not-ready"')]
    assert "Old idea" in stale
    assert "Offline maps" not in stale
    not_ready = html[html.index('id="not-ready"') : html.index('id="duplicates"')]
    assert "acceptance criteria" in not_ready
    duplicates = html[html.index('id="duplicates"') :]
    assert "Download offline maps" in duplicates
    assert "%" in duplicates
    assert (
        "Old idea" not in client.get(url + "?days=60").content.decode().split('id="not-ready"')[0]
    )


def test_bulk_archive_then_restore_from_the_archived_tab(team: Team, client: Client) -> None:
    a, b, _ = _backlog(team, ["A", "B", "C"])
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:refinement-bulk", args=[team.product.key]),
        {"action": "archive", "items": [a.pk, b.pk], "days": "30"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "Archived 2 items" in response.content.decode()
    assert _titles(team) == ["C"]

    archived = client.get(reverse("backlog:refinement", args=[team.product.key]) + "?view=archived")
    assert 'id="archived-DRN-1"' in archived.content.decode()
    response = client.post(reverse("backlog:item-restore", args=[a.key]), headers=HX)
    assert response.status_code == 200
    assert "Restored DRN-1" in response.content.decode()
    assert _titles(team) == ["A", "C"]


def test_bulk_estimate_and_bulk_move_to_the_top(team: Team, client: Client) -> None:
    _, b, c = _backlog(team, ["A", "B", "C"])
    client.force_login(team.po)
    url = reverse("backlog:refinement-bulk", args=[team.product.key])
    client.post(url, {"action": "estimate", "estimate": "5", "items": [b.pk, c.pk]}, headers=HX)
    assert list(Item.objects.order_by("id").values_list("estimate", flat=True)) == [None, 5, 5]
    response = client.post(url, {"action": "top", "items": [b.pk, c.pk]})
    assert response.status_code == 302
    assert _titles(team) == ["B", "C", "A"]


def test_a_team_member_estimates_in_bulk_but_only_proposes_archiving(
    team: Team, client: Client
) -> None:
    a, b = _backlog(team, ["A", "B"])
    client.force_login(team.dev)
    url = reverse("backlog:refinement-bulk", args=[team.product.key])
    proposed = client.post(url, {"action": "archive", "items": [a.pk]}, headers=HX)
    assert "Proposed to the Product Owner" in proposed.content.decode()
    response = client.post(
        url, {"action": "estimate", "estimate": "3", "items": [b.pk]}, headers=HX
    )
    assert response.status_code == 200
    assert _titles(team) == ["A", "B"]


def test_a_bulk_action_with_nothing_selected_explains_itself(team: Team, client: Client) -> None:
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:refinement-bulk", args=[team.product.key]),
        {"action": "archive"},
        headers=HX,
    )
    assert response.status_code == 422
    assert "select at least one item" in response.content.decode()


def test_items_of_another_product_cannot_be_bulk_archived(team: Team, client: Client) -> None:
    outsider = product_access(user=team.outsider, product_key=team.outsider_product.key)
    elsewhere = services.item_create(access=outsider, fields={"title": "Not yours"})
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:refinement-bulk", args=[team.product.key]),
        {"action": "archive", "items": [elsewhere.pk]},
        headers=HX,
    )
    assert response.status_code == 422
    elsewhere.refresh_from_db()
    assert not elsewhere.is_archived
