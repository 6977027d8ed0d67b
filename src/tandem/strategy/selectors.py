"""Every read of strategy records that the pages, the API and the apps above share.

Always scoped to the caller's product.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tandem.core.timescale import Zoom
from tandem.metrics.selectors import latest_measurements
from tandem.workspace import proposals as proposal_queue
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, Product, Role
from tandem.workspace.registry import RecordType, all_types, record_type
from tandem.workspace.rights import Action, Level

from . import extensions
from . import timeline as timeline_module
from .models import (
    Capability,
    Competitor,
    CostLine,
    Decision,
    DecisionStatus,
    Horizon,
    Initiative,
    KeyResult,
    Objective,
    RoadmapShare,
    Support,
    Vision,
)
from .progress import expected_percent, is_at_risk, key_result_percent
from .timeline import Bar as Bar  # where the roadmap's bars are read from
from .timeline import Timeline

_RELATED: dict[str, tuple[str, ...]] = {
    "key_result": ("objective", "metric"),
    "initiative": ("owner",),
    "capability": ("initiative",),
    "cost_line": ("initiative",),
    "decision": ("decided_by", "escalated_by", "initiative"),
}
_ORDER: dict[str, tuple[str, ...]] = {
    "initiative": ("horizon", "rank", "id"),
    "cost_line": ("period", "id"),
    "decision": ("-created_at", "-id"),
    "market_note": ("-created_at", "-id"),
    "competitor": ("name", "id"),
    "capability": ("id",),
}


def strategy_types() -> list[RecordType]:
    return [t for t in all_types() if t.app == "strategy"]


def kind_named(name: str) -> RecordType:
    try:
        spec = record_type(name.replace("-", "_"))
    except LookupError:
        spec = None
    if spec is None or spec.app != "strategy":
        raise NotFound(f"No strategy record kind {name!r}.")
    return spec


def records_of(
    *, access: ProductAccess, kind: str, archived: bool = False
) -> QuerySet[models.Model]:
    spec = kind_named(kind)
    rows = spec.model._default_manager.filter(
        product=access.product, archived_at__isnull=not archived
    )
    rows = rows.select_related(*_RELATED.get(spec.name, ()))
    if spec.name == "initiative":
        rows = rows.prefetch_related("objectives")
    return rows.order_by(*_ORDER.get(spec.name, ("id",)))


def record_of(*, access: ProductAccess, kind: str, record_id: int) -> models.Model:
    """One record, live or archived; another product's is "not found"."""
    spec = kind_named(kind)
    rows = spec.model._default_manager.filter(pk=record_id, product=access.product).select_related(
        *_RELATED.get(spec.name, ())
    )
    record = rows.first()
    if record is None:
        raise NotFound(f"No such {spec.label.lower()}.")
    return record


def history_of(*, access: ProductAccess, kind: RecordType, record_id: int) -> QuerySet[Event]:
    return (
        Event.objects.filter(product=access.product, object_type=kind.name, object_id=record_id)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def vision_of(product: Product) -> Vision | None:
    return Vision.objects.filter(product=product, archived_at__isnull=True).first()


# --- objectives and key results ----------------------------------------------------------


@dataclass
class KeyResultView:
    key_result: KeyResult
    current: float | None
    percent: int | None
    measured_on: dt.date | None = None


@dataclass
class ObjectiveView:
    objective: Objective
    key_results: list[KeyResultView]
    initiatives: list[Initiative]
    expected: int
    percent: int | None = None

    @property
    def at_risk(self) -> bool:
        return bool(self.key_results) and is_at_risk(self.percent, self.expected)


def objectives_overview(
    *, access: ProductAccess, today: dt.date | None = None
) -> list[ObjectiveView]:
    """Each live objective with its key results' progress and the initiatives serving it."""
    today = today or timezone.localdate()
    objectives = list(
        Objective.objects.filter(product=access.product, archived_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.filter(archived_at__isnull=True)
                .select_related("metric")
                .order_by("id"),
            ),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.filter(archived_at__isnull=True).order_by(
                    "horizon", "rank"
                ),
            ),
        )
        .order_by("starts_on", "id")
    )
    metric_ids = [
        kr.metric_id for o in objectives for kr in o.key_results.all() if kr.metric_id is not None
    ]
    latest = latest_measurements(metric_ids=metric_ids) if metric_ids else {}
    views = []
    for objective in objectives:
        krs = []
        for kr in objective.key_results.all():
            reading = latest.get(kr.metric_id) if kr.metric_id else None
            current = reading.value if reading else (None if kr.metric_id else kr.current)
            krs.append(
                KeyResultView(
                    kr,
                    current,
                    key_result_percent(kr.baseline, kr.target, current),
                    reading.measured_on if reading else None,
                )
            )
        percents = [k.percent or 0 for k in krs]
        views.append(
            ObjectiveView(
                objective=objective,
                key_results=krs,
                initiatives=list(objective.initiatives.all()),
                expected=expected_percent(objective.starts_on, objective.ends_on, today),
                percent=round(sum(percents) / len(percents)) if percents else None,
            )
        )
    return views


# --- roadmap ---------------------------------------------------------------------------


@dataclass
class RoadmapCard:
    initiative: Initiative
    work: extensions.InitiativeWork
    objectives: list[Objective]


def roadmap_columns(
    *, access: ProductAccess, work: extensions.Work | None = None
) -> dict[str, list[RoadmapCard]]:
    """Now / next / later, each in rank order, with each initiative's backlog progress."""
    work = work if work is not None else extensions.work(access)
    columns: dict[str, list[RoadmapCard]] = {h: [] for h in Horizon.values}
    rows = (
        Initiative.objects.filter(product=access.product, archived_at__isnull=True)
        .select_related("owner")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.filter(archived_at__isnull=True))
        )
        .order_by("rank", "id")
    )
    initiatives = list(rows)
    timeline_module.follow_dates(initiatives, timeline_module.setting_of(access.product))
    for initiative in initiatives:
        columns[initiative.horizon].append(
            RoadmapCard(
                initiative,
                work.by_initiative.get(initiative.pk, extensions.InitiativeWork()),
                list(initiative.objectives.all()),
            )
        )
    return columns


def timeline(
    *,
    access: ProductAccess,
    work: extensions.Work | None = None,
    zoom: Zoom | None = None,
) -> Timeline | None:
    """Dated initiatives as bars grouped by objective, releases as milestones.

    ``zoom`` None picks the finest zoom (months, quarters, years) that fits the span.
    """
    work = work if work is not None else extensions.work(access)
    cards = [c for column in roadmap_columns(access=access, work=work).values() for c in column]
    return timeline_module.build(cards, extensions.milestones(access), zoom)


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


# --- decisions and proposals -------------------------------------------------------------------


def open_decisions(*, access: ProductAccess) -> QuerySet[Decision]:
    """Questions waiting for the Product Manager (escalated tactical ones included)."""
    return (
        Decision.objects.filter(
            product=access.product, status=DecisionStatus.OPEN, archived_at__isnull=True
        )
        .select_related("escalated_by", "created_by")
        .order_by("created_at", "id")
    )


def pending_proposals(*, access: ProductAccess) -> list[proposal_queue.DescribedProposal]:
    """The strategy proposals waiting for the caller's decision, as people read them."""
    names = [t.name for t in strategy_types()]
    return [
        proposal_queue.described(p)
        for p in proposal_queue.queue(access, record_types=names).select_related("product")
    ]


def decisions_between(
    *, access: ProductAccess, since: dt.date, until: dt.date
) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            status=DecisionStatus.DECIDED,
            decided_on__gte=since,
            decided_on__lte=until,
        )
        .select_related("decided_by", "initiative")
        .order_by("decided_on", "id")
    )


ROADMAP_VERBS = (
    "initiative.created",
    "initiative.updated",
    "initiative.moved",
    "initiative.archived",
    "initiative.restored",
)


def roadmap_changes(
    *, access: ProductAccess, since: dt.datetime, until: dt.datetime | None = None
) -> QuerySet[Event]:
    """What changed on the roadmap, from the audit log."""
    events = Event.objects.filter(
        product=access.product, verb__in=ROADMAP_VERBS, created_at__gte=since
    )
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events.select_related("actor").order_by("-created_at", "-id")


_HORIZONS = dict(Horizon.choices)


def roadmap_change_phrase(event: Event) -> str:
    """One roadmap event as a person would say it: "moved from Next to Now"."""
    before, after = event.before or {}, event.after or {}
    verb = event.verb.removeprefix("initiative.")
    if verb == "created":
        return f"added to {_HORIZONS.get(after.get('horizon', ''), 'the roadmap')}"
    if verb == "moved":
        old, new = before.get("horizon"), after.get("horizon")
        if old == new:
            return f"re-ranked within {_HORIZONS.get(new or '', new)}"
        return f"moved from {_HORIZONS.get(old or '', old)} to {_HORIZONS.get(new or '', new)}"
    if verb == "updated":
        parts = []
        for field in ("horizon", "status", "starts_on", "ends_on", "title", "confidence"):
            if field in after:
                label = field.replace("_", " ")
                parts.append(f"{label} {before.get(field) or '–'} → {after.get(field) or '–'}")
        return "changed " + "; ".join(parts) if parts else "edited"
    return verb


# --- alignment -------------------------------------------------------------------------------


@dataclass
class Alignment:
    total_points: int
    traced_points: int  # points of work serving an initiative that serves an objective
    orphans: tuple[extensions.WorkItem, ...]
    orphan_count: int
    objectives_without_initiatives: list[Objective]
    initiatives_without_work: list[Initiative]

    @property
    def traced_percent(self) -> int | None:
        if not self.total_points:
            return None
        return round(100 * self.traced_points / self.total_points)


def alignment(*, access: ProductAccess, work: extensions.Work | None = None) -> Alignment:
    work = work if work is not None else extensions.work(access)
    initiatives = list(
        Initiative.objects.filter(product=access.product, archived_at__isnull=True)
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.filter(archived_at__isnull=True))
        )
        .order_by("horizon", "rank")
    )
    serving = {i.pk for i in initiatives if i.objectives.all()}
    traced = sum(w.total_points for pk, w in work.by_initiative.items() if pk in serving)
    served_objectives = {o.pk for i in initiatives for o in i.objectives.all()}
    lonely = list(
        Objective.objects.filter(product=access.product, archived_at__isnull=True)
        .exclude(pk__in=served_objectives)
        .order_by("id")
    )
    idle = [
        i
        for i in initiatives
        if not (
            work.by_initiative.get(i.pk)
            and (work.by_initiative[i.pk].items or work.by_initiative[i.pk].epics)
        )
    ]
    return Alignment(
        total_points=work.total_points,
        traced_points=traced,
        orphans=work.orphans,
        orphan_count=work.orphan_count,
        objectives_without_initiatives=lonely,
        initiatives_without_work=idle,
    )


# --- trace -----------------------------------------------------------------------------------


@dataclass
class Trace:
    initiative: Initiative | None
    objectives: list[Objective]
    vision: Vision | None


def trace(*, product: Product, initiative_id: int | None) -> Trace:
    """Initiative → objectives → vision, for an item's trace line."""
    initiative = None
    objectives: list[Objective] = []
    if initiative_id is not None:
        initiative = Initiative.objects.filter(pk=initiative_id, product=product).first()
        if initiative is not None:
            objectives = list(initiative.objectives.filter(archived_at__isnull=True))
    return Trace(initiative, objectives, vision_of(product))


def initiative_choices(product: Product) -> list[tuple[int, str]]:
    return list(
        Initiative.objects.filter(product=product, archived_at__isnull=True)
        .order_by("horizon", "rank")
        .values_list("pk", "title")
    )


# --- sharing ---------------------------------------------------------------------------------


def shares_of(*, access: ProductAccess) -> QuerySet[RoadmapShare]:
    """The live links, for those who may make and revoke them; others see none."""
    if access.level(Action.ROADMAP) < Level.DECIDE:
        return RoadmapShare.objects.none()
    return RoadmapShare.objects.filter(product=access.product, revoked_at__isnull=True).order_by(
        "-created_at"
    )


def shared_access(*, token: str) -> ProductAccess:
    """A viewer's read of the product behind a live share link; anything else is not found."""
    share = (
        RoadmapShare.objects.filter(
            digest=hashlib.sha256(token.encode()).hexdigest(), revoked_at__isnull=True
        )
        .select_related("product__organization", "created_by")
        .first()
        if token
        else None
    )
    if share is None or share.created_by is None:
        raise NotFound("This link is not valid (it may have been revoked).")
    return ProductAccess(
        user=share.created_by, product=share.product, roles=frozenset({Role.VIEWER})
    )


def kind_counts(*, access: ProductAccess) -> dict[str, Any]:
    return {
        t.name: records_of(access=access, kind=t.name).count()
        for t in strategy_types()
        if t.name != "vision"
    }


def decisions_for_item(*, product: Product, key: str) -> list[Decision]:
    """Live decisions that name this backlog item among their links."""
    rows = (
        Decision.objects.filter(product=product, archived_at__isnull=True, item_keys__icontains=key)
        .select_related("decided_by")
        .order_by("-created_at")
    )
    return [d for d in rows if key in d.item_keys.split()]
