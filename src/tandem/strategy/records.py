"""The strategy records, declared once: their input, who decides them, what is special.

Each kind is registered with the workspace's record registry, so the write path,
proposals, the generic API routes and pages, history, search and export all
read this one declaration.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from pydantic import Field, model_validator

from tandem.core.ranking import key_between
from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import (
    Hooks,
    Operation,
    RecordApi,
    RecordPage,
    RecordType,
    Values,
    register,
    text_of,
)
from tandem.workspace.rights import Action, Level
from tandem.workspace.writes import PLAIN_OPERATIONS

from .models import (
    Capability,
    Competitor,
    CostCategory,
    CostLine,
    Decision,
    DecisionLevel,
    DecisionStatus,
    Horizon,
    Initiative,
    InitiativeStatus,
    KeyResult,
    MarketNote,
    MarketNoteKind,
    Objective,
    Support,
    Vision,
)

API = "/products/{product_key}/strategy"


class _Dated(f.Input):
    @model_validator(mode="after")
    def _ends_after_start(self) -> Any:
        starts, ends = getattr(self, "starts_on", None), getattr(self, "ends_on", None)
        if starts is not None and ends is not None and ends < starts:
            raise ValueError("ends_on must not be before the start")
        return self


class VisionIn(f.Input):
    statement: f.LongText = Field("", title="Vision statement")
    target_group: f.LongText = Field("", title="Target group")
    needs: f.LongText = Field("", title="Needs")
    offering: f.LongText = Field("", title="Product")
    business_goals: f.LongText = Field("", title="Business goals")


class ObjectiveIn(_Dated):
    title: f.RequiredText
    description: f.LongText = ""
    starts_on: f.Date | None = None
    ends_on: f.Date | None = None


class KeyResultIn(f.Input):
    objective: f.Ref
    title: f.RequiredText
    unit: Annotated[str, f.chars(20)] = ""
    baseline: f.MetricValue = 0.0
    target: f.MetricValue
    metric: f.Ref | None = Field(
        None,
        title="Bound metric",
        description="When bound, the current value follows the metric's latest measurement.",
    )


class InitiativeIn(_Dated):
    title: f.RequiredText
    problem: f.LongText = ""
    expected_outcome: f.LongText = ""
    objectives: list[f.Ref] = Field([], title="Objectives served", max_length=100)
    horizon: Annotated[str, f.one_of(Horizon)] = Horizon.LATER
    status: Annotated[str, f.one_of(InitiativeStatus)] = InitiativeStatus.PROPOSED
    starts_on: f.Date | None = None
    ends_on: f.Date | None = None
    owner: f.Email | None = None
    confidence: f.Percent | None = Field(None, title="Confidence (%)")
    budget: f.Money | None = None
    benefit_estimate: f.Money | None = Field(None, description="Estimated revenue or savings.")


class MarketNoteIn(f.Input):
    title: f.RequiredText
    kind: Annotated[str, f.one_of(MarketNoteKind)] = MarketNoteKind.TREND
    body: f.LongText = Field("", title="Note")
    sources: f.LongText = Field("", description="One link or citation per line.")


class CompetitorIn(f.Input):
    name: Annotated[str, f.chars(120), f.REQUIRED]
    website: f.Url = ""
    positioning: f.LongText = ""
    pricing: f.LongText = ""
    strengths: f.LongText = ""
    weaknesses: f.LongText = ""


class CapabilityIn(f.Input):
    name: Annotated[str, f.chars(120), f.REQUIRED] = Field(title="Capability")
    ours: Annotated[str, f.one_of(Support)] = Field(Support.MISSING, title="Our product")
    ratings: dict[str, Annotated[str, f.one_of(Support)]] = Field(
        {},
        title="Competitors",
        json_schema_extra={"widget": "ratings", "of": "competitor"},
        max_length=200,
    )
    initiative: f.Ref | None = None


class CostLineIn(f.Input):
    initiative: f.Ref
    category: Annotated[str, f.one_of(CostCategory)]
    period: f.Month = Field(title="Month", description="YYYY-MM")
    description: f.Text = ""
    planned: f.Money = Decimal(0)
    actual: f.Money | None = None


class DecisionIn(f.Input):
    title: f.RequiredText
    level: Annotated[str, f.one_of(DecisionLevel)] = DecisionLevel.TACTICAL
    context: f.LongText = ""
    options: f.LongText = Field("", title="Options considered", description="One per line.")
    outcome: f.LongText = ""
    decided_on: f.Date | None = None
    evidence: f.LongText = Field("", description="Links to research, data or feedback.")
    item_keys: Annotated[str, f.chars(500)] = Field("", title="Backlog items")
    initiative: f.Ref | None = None


# --- what is special ----------------------------------------------------------------------


def _bottom_of(access: ProductAccess, horizon: str, exclude: int | None = None) -> str:
    last = (
        Initiative.objects.filter(product=access.product, horizon=horizon)
        .exclude(pk=exclude or 0)
        .order_by("-rank")
        .values_list("rank", flat=True)
        .first()
    )
    return key_between(last or None, None)


def _place_initiative(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    """A new initiative, or one moved to another horizon by an edit, goes to its bottom."""
    if creating or "horizon" in values:
        previous = None if creating else Initiative.objects.get(pk=record.pk).horizon
        if creating or previous != record.horizon:
            record.rank = _bottom_of(access, record.horizon, exclude=record.pk)
    _require_dates_in_order(record)


def _require_dates_in_order(record: Any) -> None:
    if record.starts_on and record.ends_on and record.ends_on < record.starts_on:
        raise ValidationFailed({"ends_on": "must not be before the start"})


def _dated(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    _require_dates_in_order(record)


def _same_unit_as_metric(
    access: ProductAccess, record: Any, values: Values, creating: bool
) -> None:
    """A bound key result reads the metric's values, so it must count in the metric's unit."""
    metric = record.metric
    if metric is None:
        return
    if not record.unit.strip() and "unit" not in values:
        record.unit = metric.unit
    if record.unit.strip() != metric.unit.strip():
        shown = metric.unit.strip() or "no unit"
        raise ValidationFailed(
            {
                "metric": f"{metric.name} counts in {shown!s}; a key result bound to it must "
                f"use the same unit (this one uses {record.unit.strip() or 'no unit'})"
            }
        )


def _stamp_decision(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    record.item_keys = _item_keys(access, record.item_keys)
    if record.status == DecisionStatus.DECIDED:
        record.decided_by = record.decided_by or access.user
        record.decided_on = record.decided_on or timezone.localdate()


def _item_keys(access: ProductAccess, text: str) -> str:
    """Backlog keys of this product ("DRN-4 DRN-9"); the backlog sits above, so by form only."""
    keys: list[str] = []
    for raw in text.replace(",", " ").split():
        prefix, _, number = raw.strip().upper().rpartition("-")
        if prefix != access.product.key or not number.isdigit():
            key = access.product.key
            raise ValidationFailed(
                {"item_keys": f"{raw} is not an item key of {key} (like {key}-4)"}
            )
        key = f"{prefix}-{int(number)}"
        if key not in keys:
            keys.append(key)
    return " ".join(keys)


def _decision_action(record: Any, values: Values) -> Action:
    """A tactical decision is the Product Owner's call; a strategic one the Product Manager's."""
    levels = {values.get("level") or DecisionLevel.TACTICAL}
    if record is not None:
        levels.add(record.level)
    return Action.STRATEGY if DecisionLevel.STRATEGIC in levels else Action.BACKLOG


def _check_ratings(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    known = {
        str(pk)
        for pk in Competitor.objects.filter(
            product=access.product, archived_at__isnull=True
        ).values_list("pk", flat=True)
    }
    for competitor in record.ratings:
        if str(competitor) not in known:
            raise ValidationFailed(
                {"ratings": f"{competitor} is not a live competitor of {access.product.key}"}
            )


def _page_context(access: ProductAccess, spec: RecordType, record: Any) -> dict[str, Any]:
    from .views.records import record_page_context

    return record_page_context(access, spec, record)


def _declare(
    name: str,
    model: type[Any],
    label: str,
    plural: str,
    action: Action,
    schema: type[f.Input],
    *,
    search: tuple[str, ...],
    **extra: Any,
) -> RecordType:
    return register(
        RecordType(
            name=name,
            model=model,
            label=label,
            plural=plural,
            action=action,
            schema=schema,
            fields=tuple(schema.model_fields),
            operations=extra.pop("operations", PLAIN_OPERATIONS),
            api=RecordApi(f"{API}/{plural}", ordering=extra.pop("ordering", ("-id",))),
            page=RecordPage("strategy/record.html", context=_page_context),
            search=text_of(*search),
            app="strategy",
            **extra,
        )
    )


def register_all() -> None:
    from .services.roadmap import accept_move

    figures = (Action.FIGURES, Level.READ)
    _declare(
        "vision",
        Vision,
        "Vision",
        "vision",
        Action.STRATEGY,
        VisionIn,
        search=("statement", "target_group", "needs", "offering", "business_goals"),
        title_field="statement",
        singleton=True,
    )
    _declare(
        "objective",
        Objective,
        "Objective",
        "objectives",
        Action.STRATEGY,
        ObjectiveIn,
        search=("title", "description"),
        hooks=Hooks(prepare=_dated),
        ordering=("starts_on", "id"),
    )
    _declare(
        "key_result",
        KeyResult,
        "Key result",
        "key-results",
        Action.STRATEGY,
        KeyResultIn,
        search=("title", "unit"),
        readonly=("current",),
        hooks=Hooks(prepare=_same_unit_as_metric),
    )
    _declare(
        "initiative",
        Initiative,
        "Initiative",
        "initiatives",
        Action.ROADMAP,
        InitiativeIn,
        search=("title", "problem", "expected_outcome"),
        operations=PLAIN_OPERATIONS | {"move": Operation(accept_move)},
        hooks=Hooks(prepare=_place_initiative),
        ordering=("horizon", "rank", "id"),
        readonly=("rank",),
        restricted={"budget": figures, "benefit_estimate": figures},
    )
    _declare(
        "market_note",
        MarketNote,
        "Market note",
        "market-notes",
        Action.ROADMAP,
        MarketNoteIn,
        search=("title", "body", "sources"),
        ordering=("-created_at", "-id"),
    )
    _declare(
        "competitor",
        Competitor,
        "Competitor",
        "competitors",
        Action.ROADMAP,
        CompetitorIn,
        search=("name", "positioning", "pricing", "strengths", "weaknesses"),
        title_field="name",
        ordering=("name", "id"),
    )
    _declare(
        "capability",
        Capability,
        "Capability",
        "capabilities",
        Action.ROADMAP,
        CapabilityIn,
        search=("name",),
        title_field="name",
        hooks=Hooks(prepare=_check_ratings),
        ordering=("id",),
    )
    _declare(
        "cost_line",
        CostLine,
        "Cost line",
        "cost-lines",
        Action.ROADMAP,
        CostLineIn,
        search=("description",),
        title_field="description",
        ordering=("period", "id"),
        restricted={"planned": figures, "actual": figures},
    )
    _declare(
        "decision",
        Decision,
        "Decision",
        "decisions",
        Action.STRATEGY,
        DecisionIn,
        search=("title", "context", "options", "outcome", "evidence"),
        hooks=Hooks(prepare=_stamp_decision, action_for=_decision_action),
        ordering=("-created_at", "-id"),
        readonly=("status", "decided_by", "escalated_by"),
    )
