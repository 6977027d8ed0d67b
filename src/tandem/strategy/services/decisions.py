"""The decision log's own moves: escalating a question, deciding an open one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level

from ..models import Decision, DecisionLevel, DecisionStatus


@transaction.atomic
def decision_escalate(
    *, access: ProductAccess, title: str, context: str = "", options: str = ""
) -> Decision:
    """Put a tactical question in the PM's queue: an open decision waiting for the PM."""
    access.require(Action.BACKLOG, Level.PROPOSE)
    title = title.strip()
    if not title:
        raise ValidationFailed({"title": "is required"})
    if len(title) > 200:
        raise ValidationFailed({"title": "must be at most 200 characters"})
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
    after = {"title": decision.title, "status": decision.status}
    writes.event(access, record_type("decision"), decision, "escalated", after=after)
    return decision


@transaction.atomic
def decision_decide(
    *,
    access: ProductAccess,
    decision_id: int,
    outcome: str,
    level: str | None = None,
    expected_version: int | None = None,
) -> Decision:
    """The Product Manager settles an open (escalated) question and logs the outcome."""
    access.require(Action.STRATEGY, Level.DECIDE)
    spec = record_type("decision")
    decision = writes.lock(spec, access, decision_id)
    assert isinstance(decision, Decision)
    writes.check_version(spec, decision, expected_version)
    writes.require_live(spec, decision)
    errors: dict[str, str] = {}
    if decision.status != DecisionStatus.OPEN:
        errors["status"] = "this decision is already decided"
    if not outcome.strip():
        errors["outcome"] = "is required"
    if level is not None and level not in DecisionLevel.values:
        errors["level"] = f"must be one of: {', '.join(DecisionLevel.values)}"
    if errors:
        raise ValidationFailed(errors)
    columns = {
        "outcome": outcome.strip(),
        "level": level or decision.level,
        "status": DecisionStatus.DECIDED,
        "decided_by": access.user,
        "decided_on": timezone.localdate(),
    }
    writes.save(access, spec, decision, columns, verb="decided")
    return decision
