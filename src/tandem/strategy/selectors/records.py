"""Strategy records by kind: lists, one record, its history, the vision, the counts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, Product
from tandem.workspace.registry import RecordType, all_types, record_type

from ..models import (
    Vision,
)

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


def kind_counts(*, access: ProductAccess) -> dict[str, Any]:
    return {
        t.name: records_of(access=access, kind=t.name).count()
        for t in strategy_types()
        if t.name != "vision"
    }
