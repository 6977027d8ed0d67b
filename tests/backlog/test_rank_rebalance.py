"""Rank keys stay short: a long key triggers a background re-spacing that keeps the order."""

from __future__ import annotations

import pytest

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.core.ranking import REBALANCE_LENGTH

pytestmark = pytest.mark.django_db


def _order(team) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Item.objects.filter(product=team.product)
        .order_by("rank", "id")
        .values_list("title", flat=True)
    )


def test_moving_into_the_same_gap_again_and_again_rebalances_and_keeps_the_order(
    team,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    po = team.access("product_owner")
    first = services.item_create(access=po, fields={"title": "first"})
    services.item_create(access=po, fields={"title": "last"})
    movers = [services.item_create(access=po, fields={"title": f"m{i}"}) for i in range(160)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for mover in movers:
            # Always just after "first": each key lands in an ever-smaller gap.
            services.item_move(access=po, item=mover, after=first)
    expected = ["first", *[f"m{i}" for i in reversed(range(160))], "last"]
    assert _order(team) == expected
    assert callbacks  # at least one re-spacing was queued and ran
    longest = max(
        len(r) for r in Item.objects.filter(product=team.product).values_list("rank", flat=True)
    )
    assert longest <= REBALANCE_LENGTH
