"""Hooks of the release side: release dates on metric charts and on the roadmap, and a
panel on the item page with its releases, test cases and the PO's verdict."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tandem.backlog.extensions import (
    ItemPanel,
    SliceRelease,
    register_item_panel,
    register_slice_releases,
)
from tandem.backlog.models import Item, Kind
from tandem.metrics.extensions import register_chart_markers
from tandem.strategy.extensions import register_milestones, register_release_names
from tandem.workspace.access import ProductAccess

from ..models import Release
from ..selectors.releases import item_releases, release_markers, slice_releases
from ..selectors.reviews import acceptances_of
from ..selectors.testing import CaseSummary, case_summaries


def _release_markers(access: ProductAccess) -> list[tuple[dt.date, str]]:
    return release_markers(access=access)


def _release_names(access: ProductAccess) -> list[str]:
    return list(
        Release.objects.filter(product=access.product, archived_at__isnull=True).values_list(
            "name", flat=True
        )
    )


def _delivery_panel(access: ProductAccess, item: Item) -> ItemPanel | None:
    if item.kind == Kind.EPIC:
        return None
    verdicts = acceptances_of(access=access, item=item)
    return ItemPanel(
        template="delivery/release_item_panel.html",
        context={
            "releases": item_releases(access=access, item=item),
            "cases": case_summaries([item.pk]).get(item.pk, CaseSummary()),
            "verdict": verdicts[0] if verdicts else None,
            "product_key": access.product.key,
            "item_key": item.key,
        },
        column="side",
        order=60,
    )


def _slice_releases(access: ProductAccess, slice_ids: list[int]) -> dict[int, SliceRelease]:
    return {
        slice_id: SliceRelease(
            name=release.name,
            target_date=release.target_date,
            released_on=release.released_on,
            url=reverse("delivery:release", args=[release.product.key, release.pk]),
        )
        for slice_id, release in slice_releases(access=access, slice_ids=slice_ids).items()
    }


register_chart_markers(_release_markers)
register_slice_releases(_slice_releases)
register_milestones(_release_markers)
register_item_panel(_delivery_panel)
register_release_names(_release_names)
