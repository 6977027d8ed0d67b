"""Every write to the strategy records: rights, one transaction, an audit event, a version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level

from .models import Decision, DecisionLevel, DecisionStatus, Horizon, Initiative


def _required_text(errors: dict[str, str], fields: Mapping[str, Any], name: str, limit: int) -> str:
    text = str(fields.get(name) or "").strip()
    if not text:
        errors[name] = "is required"
    elif len(text) > limit:
        errors[name] = f"must be at most {limit} characters"
    return text


@transaction.atomic
def create_initiative(*, access: ProductAccess, fields: Mapping[str, Any]) -> Initiative:
    """A new roadmap item; only the PM decides the roadmap (an idea accepted lands here)."""
    access.require(Action.ROADMAP, Level.DECIDE)
    errors: dict[str, str] = {}
    title = _required_text(errors, fields, "title", 200)
    horizon = str(fields.get("horizon") or Horizon.LATER)
    if horizon not in Horizon.values:
        errors["horizon"] = f"must be one of: {', '.join(Horizon.values)}"
    if errors:
        raise ValidationFailed(errors)
    initiative = Initiative.objects.create(
        product=access.product,
        title=title,
        problem=str(fields.get("problem") or "").strip(),
        expected_outcome=str(fields.get("expected_outcome") or "").strip(),
        horizon=horizon,
        created_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb="initiative.created",
        object_type="initiative",
        object_id=initiative.pk,
        object_label=initiative.title,
        after={"title": initiative.title, "horizon": initiative.horizon},
    )
    return initiative


@transaction.atomic
def escalate_decision(
    *, access: ProductAccess, title: str, context: str = "", options: str = ""
) -> Decision:
    """Put a tactical question in the PM's queue: an open decision waiting for the PM."""
    access.require(Action.BACKLOG, Level.PROPOSE)
    errors: dict[str, str] = {}
    title = _required_text(errors, {"title": title}, "title", 200)
    if errors:
        raise ValidationFailed(errors)
    decision = Decision.objects.create(
        product=access.product,
        title=title,
        context=context.strip(),
        options=options.strip(),
        level=DecisionLevel.TACTICAL,
        status=DecisionStatus.OPEN,
        escalated_by=access.user,
        escalated_at=timezone.now(),
        created_by=access.user,
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb="decision.escalated",
        object_type="decision",
        object_id=decision.pk,
        object_label=decision.title,
        after={"title": decision.title, "status": decision.status},
    )
    return decision
