"""What every insights page offers the caller; the services check again on every write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level


@dataclass(frozen=True)
class Rights:
    add: bool  # add feedback, propose and vote on ideas
    edit: bool  # triage, keep stakeholders and customers, write surveys
    roadmap: bool  # accept an idea as an initiative
    weigh: bool  # set the evidence weights (backlog order is the PO's call)
    figures: bool  # see revenue and stakeholder ratings

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        return cls(
            add=access.can(Action.FEEDBACK, Level.ADD),
            edit=access.can(Action.FEEDBACK, Level.EDIT),
            roadmap=access.can(Action.ROADMAP, Level.DECIDE),
            weigh=access.can(Action.BACKLOG, Level.DECIDE),
            figures=access.can(Action.FIGURES, Level.READ),
        )


def page_context(access: ProductAccess, **more: Any) -> dict[str, Any]:
    """What every insights page starts from: the caller, the product, what it may do."""
    return {"access": access, "product": access.product, "rights": Rights.of(access)} | more
