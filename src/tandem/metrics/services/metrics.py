"""Defining metrics: name, kind, unit, direction and target; archive and restore."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.records import set_archived
from tandem.workspace.rights import Action, Level

from ..models import Direction, Metric, MetricKind, MetricProposal, ProposalStatus
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
    require_decider(access, _WHAT, proposable=True)
    metric = _locked(access, metric.pk)
    check_version(metric, expected_version)
    require_live(metric, "metric")
    _apply(access, metric, _clean(access, metric, changes))
    return metric


def _apply(access: ProductAccess, metric: Metric, clean: Mapping[str, Any]) -> bool:
    """Write cleaned changes with a new version and an audit event; False when none changed."""
    before = snapshot(metric)
    for field, value in clean.items():
        setattr(metric, field, value)
    if snapshot(metric) == before:
        return False
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
    return True


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
    set_archived(access=access, record=metric, archived=archived, object_type="metric")
    return metric


@transaction.atomic
def metric_archive(*, access: ProductAccess, metric: Metric) -> Metric:
    """Soft delete: the metric and its history leave the lists and can be restored."""
    return _set_archived(access, metric, archived=True)


@transaction.atomic
def metric_restore(*, access: ProductAccess, metric: Metric) -> Metric:
    return _set_archived(access, metric, archived=False)


# --- proposals ----------------------------------------------------------------------------


@transaction.atomic
def metric_propose(
    *, access: ProductAccess, metric: Metric, changes: Mapping[str, Any], reason: str = ""
) -> MetricProposal:
    """Ask the Product Manager for a change to a definition or target, with a reason."""
    if access.level(Action.ROADMAP) < Level.PROPOSE:
        raise PermissionDenied(
            f"Your role on {access.product.key} can read metric targets but not propose them."
        )
    metric = _locked(access, metric.pk)
    require_live(metric, "metric")
    clean = _clean(access, metric, changes)
    current = snapshot(metric)
    changed = {field: value for field, value in clean.items() if current.get(field) != value}
    if not changed:
        raise ValidationFailed({"changes": "propose at least one value different from today's"})
    errors: dict[str, str] = {}
    text = clean_text(errors, "reason", reason, limit=2000)
    if errors:
        raise ValidationFailed(errors)
    proposal = MetricProposal.objects.create(
        metric=metric,
        changes=changed,
        reason=text,
        metric_version=metric.version,
        proposed_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb="metric.change_proposed",
        object_type="metric",
        object_id=metric.pk,
        object_label=metric.name,
        before={field: current.get(field) for field in changed},
        after=dict(changed),
    )
    return proposal


def _pending(access: ProductAccess, proposal_id: int) -> MetricProposal:
    proposal = (
        MetricProposal.objects.select_for_update(of=("self",))
        .select_related("metric")
        .filter(pk=proposal_id, metric__product=access.product)
        .first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationFailed(
            {"proposal": f"this proposal was already {proposal.get_status_display().lower()}"}
        )
    return proposal


def _decide(access: ProductAccess, proposal: MetricProposal, status: str, answer: str) -> None:
    proposal.status = status
    proposal.decided_by = access.user
    proposal.decided_at = timezone.now()
    proposal.answer = answer
    proposal.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    record_event(
        actor=access.user,
        product=access.product,
        verb=f"metric.proposal_{status}",
        object_type="metric",
        object_id=proposal.metric_id,
        object_label=proposal.metric.name,
        after={"proposal": proposal.pk, "changes": proposal.changes, "answer": answer},
    )


@transaction.atomic
def metric_proposal_accept(
    *, access: ProductAccess, proposal_id: int, answer: str = ""
) -> MetricProposal:
    """Apply a proposed change; it is checked again against the metric as it is now."""
    require_decider(access, _WHAT)
    proposal = _pending(access, proposal_id)
    metric = _locked(access, proposal.metric_id)
    require_live(metric, "metric")
    _apply(access, metric, _clean(access, metric, proposal.changes))
    proposal.metric = metric
    _decide(access, proposal, ProposalStatus.ACCEPTED, answer.strip()[:2000])
    return proposal


@transaction.atomic
def metric_proposal_decline(
    *, access: ProductAccess, proposal_id: int, answer: str
) -> MetricProposal:
    """Decline with a reason the proposer sees; the metric stays as it is."""
    require_decider(access, _WHAT)
    proposal = _pending(access, proposal_id)
    text = answer.strip()
    if not text:
        raise ValidationFailed({"answer": "say why, so the proposer learns what you weigh"})
    _decide(access, proposal, ProposalStatus.DECLINED, text[:2000])
    return proposal
