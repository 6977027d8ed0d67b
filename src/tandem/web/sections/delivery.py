"""The delivery sections of the product home page: the active sprint and open blockers."""

from __future__ import annotations

from tandem.delivery import selectors
from tandem.workspace.access import ProductAccess

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    """The active sprint's progress for everyone; open blockers and impediments too."""
    sprint = selectors.active_sprint(access=access)
    open_impediments = selectors.impediments_of(access=access, open_only=True, limit=5)
    sections: list[HomeSection] = []
    if sprint is not None:
        sections.append(
            HomeSection(
                template="delivery/sprint_home.html",
                context={
                    "sprint": sprint,
                    "points": selectors.sprint_points_of(access=access, sprint=sprint),
                    "product": access.product,
                },
                order=20,
            )
        )
    if open_impediments or sprint is not None:
        sections.append(
            HomeSection(
                template="delivery/sprint_home_blockers.html",
                context={"impediments": open_impediments, "product": access.product},
                order=21,
            )
        )
    return sections
