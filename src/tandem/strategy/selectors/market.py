"""The competitor comparison matrix and the costs against budget."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from tandem.workspace.access import ProductAccess

from ..models import (
    Capability,
    Competitor,
    CostLine,
    Initiative,
    Support,
)

# --- market --------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    capability: Capability
    cells: list[tuple[str, str]]  # (support value, label) per competitor, in column order


def comparison_matrix(*, access: ProductAccess) -> tuple[list[Competitor], list[MatrixRow]]:
    competitors = list(
        Competitor.objects.filter(product=access.product, archived_at__isnull=True).order_by(
            "name", "id"
        )
    )
    labels = dict(Support.choices)
    rows = []
    for capability in (
        Capability.objects.filter(product=access.product, archived_at__isnull=True)
        .select_related("initiative")
        .order_by("id")
    ):
        cells = []
        for competitor in competitors:
            value = capability.ratings.get(str(competitor.pk), "")
            cells.append((value, labels.get(value, "Unknown")))
        rows.append(MatrixRow(capability, cells))
    return competitors, rows


# --- costs ---------------------------------------------------------------------------------


@dataclass
class CostRow:
    initiative: Initiative
    budget: Decimal | None
    planned: Decimal
    actual: Decimal
    by_category: dict[str, tuple[Decimal, Decimal]]

    @property
    def variance(self) -> Decimal:
        """Actual minus planned: positive means over plan."""
        return self.actual - self.planned

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.actual > self.budget


@dataclass
class CostSummary:
    rows: list[CostRow]
    periods: list[tuple[dt.date, Decimal, Decimal]]  # month, planned, actual

    @property
    def planned(self) -> Decimal:
        return sum((r.planned for r in self.rows), Decimal(0))

    @property
    def actual(self) -> Decimal:
        return sum((r.actual for r in self.rows), Decimal(0))

    @property
    def budget(self) -> Decimal:
        return sum((r.budget or Decimal(0) for r in self.rows), Decimal(0))

    @property
    def variance(self) -> Decimal:
        return self.actual - self.planned


def cost_summary(
    *, access: ProductAccess, since: dt.date | None = None, until: dt.date | None = None
) -> CostSummary:
    """Budget, planned and actual per initiative (and per month), from the live cost lines."""
    lines = CostLine.objects.filter(
        product=access.product, archived_at__isnull=True, initiative__archived_at__isnull=True
    )
    if since:
        lines = lines.filter(period__gte=since.replace(day=1))
    if until:
        lines = lines.filter(period__lte=until)
    rows: dict[int, CostRow] = {}
    periods: dict[dt.date, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    initiatives = {
        i.pk: i for i in Initiative.objects.filter(product=access.product, archived_at__isnull=True)
    }
    for initiative in initiatives.values():
        if initiative.budget is not None:
            rows[initiative.pk] = CostRow(initiative, initiative.budget, Decimal(0), Decimal(0), {})
    for line in lines.only("initiative_id", "category", "period", "planned", "actual"):
        initiative = initiatives[line.initiative_id]
        row = rows.setdefault(
            line.initiative_id, CostRow(initiative, initiative.budget, Decimal(0), Decimal(0), {})
        )
        actual = line.actual or Decimal(0)
        row.planned += line.planned
        row.actual += actual
        planned_c, actual_c = row.by_category.get(line.category, (Decimal(0), Decimal(0)))
        row.by_category[line.category] = (planned_c + line.planned, actual_c + actual)
        periods[line.period][0] += line.planned
        periods[line.period][1] += actual
    ordered = sorted(rows.values(), key=lambda r: (-(r.actual - r.planned), r.initiative.title))
    return CostSummary(ordered, [(p, v[0], v[1]) for p, v in sorted(periods.items())])
