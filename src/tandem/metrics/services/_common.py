"""What every metrics write shares: rights, version checks, snapshots for the audit log."""

from __future__ import annotations

import math
from typing import Any

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..models import Experiment, Measurement, Metric


def require_decider(access: ProductAccess, what: str, *, proposable: bool = False) -> None:
    """Metric definitions, targets and experiments are the Product Manager's call.

    A proposer (the Product Owner by default) is told whose call it is; a change to
    a metric's definition or target they send as a proposal instead
    (:func:`..metrics.metric_propose`).
    """
    level = access.level(Action.ROADMAP)
    if level >= Level.DECIDE:
        return
    if level == Level.PROPOSE:
        then = "propose your change to them instead" if proposable else "ask them for it"
        raise PermissionDenied(
            f"{what} on {access.product.key} are decided by the Product Manager; {then}."
        )
    raise PermissionDenied(f"Your role on {access.product.key} can only read {what.lower()}.")


def require_recorder(access: ProductAccess) -> None:
    """Recording measurements is an edit on the evidence row (feedback, survey answers)."""
    if access.level(Action.FEEDBACK) < Level.EDIT:
        raise PermissionDenied(
            f"Your role on {access.product.key} can read measurements but not record them."
        )


def check_version(record: Metric | Measurement | Experiment, expected: int | None) -> None:
    if expected is not None and expected != record.version:
        raise Conflict(
            f"{record} was changed by someone else (you edited version {expected}, "
            f"it is now at version {record.version}).",
            current=snapshot(record) | {"id": record.pk, "version": record.version},
        )


def require_live(record: Metric | Measurement | Experiment, noun: str) -> None:
    if record.archived_at is not None:
        raise ValidationFailed({noun: f"{record} is archived; restore it first"})


def clean_text(
    errors: dict[str, str], field: str, value: Any, *, limit: int, required: bool = False
) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors[field] = "is required"
    elif len(text) > limit:
        errors[field] = f"must be at most {limit} characters"
    return text


def clean_number(errors: dict[str, str], field: str, value: Any, *, required: bool) -> float | None:
    if value is None or value == "":
        if required:
            errors[field] = "is required"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[field] = "must be a number"
        return None
    if not math.isfinite(value):
        errors[field] = "must be a finite number"
        return None
    return float(value)


def snapshot(record: Metric | Measurement | Experiment) -> dict[str, Any]:
    if isinstance(record, Metric):
        return {
            "name": record.name,
            "kind": record.kind,
            "unit": record.unit,
            "direction": record.direction,
            "target": record.target,
            "description": record.description,
        }
    if isinstance(record, Measurement):
        return {
            "measured_on": record.measured_on.isoformat(),
            "value": record.value,
            "note": record.note,
        }
    return {
        "name": record.name,
        "hypothesis": record.hypothesis,
        "metric": record.metric_id,
        "started_on": record.started_on.isoformat() if record.started_on else None,
        "ended_on": record.ended_on.isoformat() if record.ended_on else None,
        "variants": [
            {"name": v.name, "exposures": v.exposures, "conversions": v.conversions}
            for v in record.variants.all()
        ],
    }
