"""Cost against budget and the estimated return of each initiative.

The benefit is the Product Manager's estimate (``Initiative.benefit_estimate``);
the cost is what the cost lines say: actual spend where it is recorded, the
planned amount for the months not yet booked. The return is therefore an
estimate too, and every face that shows it says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .models import CostLine, Initiative


@dataclass(frozen=True)
class InitiativeReturn:
    initiative: Initiative
    budget: Decimal | None
    benefit: Decimal | None  # estimated
    cost: Decimal  # actual where booked, planned otherwise

    @property
    def net(self) -> Decimal | None:
        return None if self.benefit is None else self.benefit - self.cost

    @property
    def roi(self) -> float | None:
        """(benefit − cost) ÷ cost, as a fraction; None without a benefit or a cost."""
        if self.benefit is None or not self.cost:
            return None
        return float((self.benefit - self.cost) / self.cost)

    @property
    def roi_percent(self) -> float | None:
        return None if self.roi is None else round(100 * self.roi, 1)

    @property
    def budget_used(self) -> float | None:
        if not self.budget:
            return None
        return float(self.cost / self.budget)


def initiative_returns(*, access: ProductAccess) -> list[InitiativeReturn]:
    """Each live initiative with a budget, a benefit estimate or costs; best return first.

    Budgets and costs are figures: the caller needs to read them (two queries).
    """
    access.require(Action.FIGURES, Level.READ)
    initiatives = {
        i.pk: i for i in Initiative.objects.filter(product=access.product, archived_at__isnull=True)
    }
    costs: dict[int, Decimal] = {}
    lines = CostLine.objects.filter(
        product=access.product, archived_at__isnull=True, initiative_id__in=list(initiatives)
    ).values_list("initiative_id", "planned", "actual")
    for initiative_id, planned, actual in lines:
        costs[initiative_id] = costs.get(initiative_id, Decimal(0)) + (
            actual if actual is not None else planned
        )
    rows = [
        InitiativeReturn(i, i.budget, i.benefit_estimate, costs.get(pk, Decimal(0)))
        for pk, i in initiatives.items()
        if i.budget is not None or i.benefit_estimate is not None or pk in costs
    ]
    return sorted(rows, key=lambda r: (r.roi is None, -(r.roi or 0), r.initiative.title))
