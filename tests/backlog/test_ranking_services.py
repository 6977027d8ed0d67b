"""Backlog order through the services: who may move, and what a move writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.workspace.errors import NotFound, PermissionDenied
from tandem.workspace.models import Event, ProposalStatus

pytestmark = pytest.mark.django_db


def _ranked_titles(team) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Item.objects.filter(product=team.product, archived_at__isnull=True)
        .order_by("rank", "id")
        .values_list("title", flat=True)
    )


def _backlog(team, titles: list[str]) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def test_created_items_append_to_the_bottom_in_order(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, ["A", "B", "C"])
    assert _ranked_titles(team) == ["A", "B", "C"]


def test_product_owner_moves_an_item_to_the_top(team) -> None:  # type: ignore[no-untyped-def]
    _, _, c = _backlog(team, ["A", "B", "C"])
    outcome = services.item_move(access=team.access("product_owner"), item=c, position="top")
    assert outcome.applied
    assert _ranked_titles(team) == ["C", "A", "B"]


def test_move_before_and_after_a_neighbour(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _backlog(team, ["A", "B", "C"])
    po = team.access("product_owner")
    services.item_move(access=po, item=a, after=c)
    services.item_move(access=po, item=c, before=b)
    assert _ranked_titles(team) == ["C", "B", "A"]


def test_item_move_writes_only_the_moved_row(team) -> None:  # type: ignore[no-untyped-def]
    _, _, c = _backlog(team, ["A", "B", "C"])
    po = team.access("product_owner")
    with CaptureQueriesContext(connection) as queries:
        services.item_move(access=po, item=c, position="top")
    item_writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "backlog_item" in q["sql"]
    ]
    assert len(item_writes) == 1


def test_product_managers_move_becomes_a_proposal_the_po_accepts(team) -> None:  # type: ignore[no-untyped-def]
    _, _, c = _backlog(team, ["A", "B", "C"])
    outcome = services.item_move(access=team.access("product_manager"), item=c, position="top")
    assert outcome.proposal is not None
    assert _ranked_titles(team) == ["A", "B", "C"]
    services.proposal_accept(access=team.access("product_owner"), proposal_id=outcome.proposal.pk)
    outcome.proposal.refresh_from_db()
    assert outcome.proposal.status == ProposalStatus.ACCEPTED
    assert _ranked_titles(team) == ["C", "A", "B"]


def test_stakeholder_cannot_reorder_the_backlog(team) -> None:  # type: ignore[no-untyped-def]
    _, _, c = _backlog(team, ["A", "B", "C"])
    with pytest.raises(PermissionDenied):
        services.item_move(access=team.access("stakeholder"), item=c, position="top")


def test_outsider_cannot_even_see_the_product(team) -> None:  # type: ignore[no-untyped-def]
    _backlog(team, ["A"])
    with pytest.raises(NotFound):
        selectors.item_by_key(user=team.outsider, key="DRN-1")


def test_a_move_is_audited(team) -> None:  # type: ignore[no-untyped-def]
    _, b = _backlog(team, ["A", "B"])
    services.item_move(access=team.access("product_owner"), item=b, position="top")
    assert Event.objects.filter(verb="item.moved", object_id=b.pk).count() == 1
