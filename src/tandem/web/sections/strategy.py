"""The strategy sections of the product home page: the Product Manager's cards."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.strategy import selectors
from tandem.workspace.access import ProductAccess

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    """Objectives at risk, decisions waiting, roadmap changes this week, over budget."""
    if not access.is_product_manager:
        return []
    objectives = selectors.objectives_overview(access=access)
    costs = selectors.cost_summary(access=access)
    context = {
        "product": access.product,
        "at_risk": [view for view in objectives if view.at_risk],
        "open_decisions": list(selectors.open_decisions(access=access)[:10]),
        "proposals": selectors.pending_proposal_count(access=access),
        "changes": [
            (event, selectors.roadmap_change_phrase(event))
            for event in selectors.roadmap_changes(access=access, since=_week_ago())[:10]
        ],
        "over_budget": [row for row in costs.rows if row.over_budget],
    }
    return [HomeSection(template="strategy/_home.html", context=context, order=10)]


def _week_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=7)
