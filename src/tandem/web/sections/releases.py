"""The release sections of the product home page.

The Product Owner sees the done items waiting for acceptance; the Product
Manager sees the launch tasks falling due.
"""

from __future__ import annotations

from django.utils import timezone

from tandem.delivery import selectors as delivery_selectors
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    sections = []
    if access.can(Action.ACCEPT, Level.DECIDE):
        sections.append(
            HomeSection(
                template="delivery/review_home.html",
                context={
                    "items": delivery_selectors.items_waiting_for_acceptance(access=access),
                    "product_key": access.product.key,
                },
                order=30,
            )
        )
    if access.can(Action.STRATEGY, Level.DECIDE):
        sections.append(
            HomeSection(
                template="delivery/launch_home.html",
                context={
                    "tasks": delivery_selectors.launch_tasks_due(access=access),
                    "product_key": access.product.key,
                    "today": timezone.localdate(),
                },
                order=40,
            )
        )
    return sections
