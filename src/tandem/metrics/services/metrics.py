"""Defining metrics: name, kind, unit, direction and target; archive and restore."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, ValidationFailed

from ..models import Direction, Metric, MetricKind
from ._common import (
    check_version,
    clean_number,
    clean_text,
    require_decider,
    require_live,
    snapshot,
)

METRIC_FIELDS = frozenset({"name", "kind", "unit", "direction", "target", "description"})
_WHAT = "Metric definitions and targets"


def _clean(
    access: ProductAccess, metric: Metric | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(fields) - METRIC_FIELDS), "is not a field of a metric"
    )
    clean: dict[str, Any] = {}
    for field, value in fields.items():
        if field == "name":
            clean[field] = clean_text(errors, field, value, limit=120, required=True)
        elif field == "unit":
            clean[field] = clean_text(errors, field, value, limit=20)
        elif field == "description":
            clean[field] = clean_text(errors, field, value, limit=5000)
        elif field == "kind":
            if value not in MetricKind.values:
                errors[field] = f"must be one of: {', '.join(MetricKind.values)}"
            clean[field] = value
        elif field == "direction":
            if value not in Direction.values:
                errors[field] = "must be up (up is good) or down (down is good)"
            clean[field] = value
        elif field == "target":
            clean[field] = clean_number(errors, field, value, required=False)
    name = clean.get("name")
    if name and "name" not in errors:
        taken = Metric.objects.filter(
            product=access.product, name__iexact=name, archived_at__isnull=True
        )
        if metric is not None:
            taken = taken.exclude(pk=metric.pk)
        if taken.exists():
            errors["name"] = f"{access.product.key} already has a metric named {name!r}"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _locked(access: ProductAccess, metric_id: int) -> Metric:
    metric = Metric.objects.select_for_update().filter(pk=metric_id, product=access.product).first()
    if metric is None:
        raise NotFound("No such metric.")
    return metric


@transaction.atomic
def metric_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Metric:
    require_decider(access, _WHAT)
    clean = _clean(access, None, {"name": fields.get("name", ""), **fields})
    now = timezone.now()
    metric = Metric(product=access.product, created_by=access.user, created_at=now, updated_at=now)
    for field, value in clean.items():
        setattr(metric, field, value)
    metric.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb="metric.created",
        object_type="metric",
        object_id=metric.pk,
        object_label=metric.name,
        after=snapshot(metric),
    )
    return metric


@transaction.atomic
def metric_update(
    *,
    access: ProductAccess,
    metric: Metric,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Metric:
    """Change a definition or target; names the version read, so no edit is lost."""
    require_decider(access, _WHAT)
    metric = _locked(access, metric.pk)
    check_version(metric, expected_version)
    require_live(metric, "metric")
    clean = _clean(access, metric, changes)
    before = snapshot(metric)
    for field, value in clean.items():
        setattr(metric, field, value)
    if snapshot(metric) == before:
        return metric
    metric.version += 1
    metric.updated_at = timezone.now()
    metric.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb="metric.updated",
        object_type="metric",
        object_id=metric.pk,
        object_label=metric.name,
        before=before,
        after=snapshot(metric),
    )
    return metric


def _set_archived(access: ProductAccess, metric: Metric, archived: bool) -> Metric:
    require_decider(access, _WHAT)
    metric = _locked(access, metric.pk)
    if (metric.archived_at is not None) == archived:
        return metric
    if (
        not archived
        and Metric.objects.filter(
            product=access.product, name__iexact=metric.name, archived_at__isnull=True
        ).exists()
    ):
        raise ValidationFailed(
            {"name": f"another live metric is named {metric.name!r}; rename it first"}
        )
    metric.archived_at = timezone.now() if archived else None
    metric.version += 1
    metric.updated_at = timezone.now()
    metric.save(update_fields=["archived_at", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="metric.archived" if archived else "metric.restored",
        object_type="metric",
        object_id=metric.pk,
        object_label=metric.name,
    )
    return metric


@transaction.atomic
def metric_archive(*, access: ProductAccess, metric: Metric) -> Metric:
    """Soft delete: the metric and its history leave the lists and can be restored."""
    return _set_archived(access, metric, archived=True)


@transaction.atomic
def metric_restore(*, access: ProductAccess, metric: Metric) -> Metric:
    return _set_archived(access, metric, archived=False)
