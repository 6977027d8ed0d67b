"""Writes special to objectives and key results: check-ins and the vision board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.fields import METRIC_MAX
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level

from ..models import CheckIn, KeyResult, Vision


@transaction.atomic
def key_result_check_in(
    *,
    access: ProductAccess,
    key_result_id: int,
    value: float,
    note: str = "",
    checked_on: dt.date | None = None,
) -> CheckIn:
    """Record a reading of a key result; the newest reading becomes its current value.

    A reading is a fact, not a decision: the PM and the PO (who both steer key
    results) record it directly. A key result bound to a metric follows the
    metric instead and takes no manual readings.
    """
    access.require(Action.STRATEGY, Level.PROPOSE)
    spec = record_type("key_result")
    key_result = writes.lock(spec, access, key_result_id)
    assert isinstance(key_result, KeyResult)
    writes.require_live(spec, key_result)
    errors: dict[str, str] = {}
    if key_result.metric_id is not None:
        errors["value"] = "this key result follows its metric; record a measurement there"
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors["value"] = "must be a number"
    elif not -METRIC_MAX <= value <= METRIC_MAX:  # NaN fails this too
        errors["value"] = f"must be a finite number between {-METRIC_MAX:g} and {METRIC_MAX:g}"
    if len(note) > 300:
        errors["note"] = "must be at most 300 characters"
    if errors:
        raise ValidationFailed(errors)
    day = checked_on or timezone.localdate()
    check_in = CheckIn.objects.create(
        key_result=key_result,
        value=float(value),
        note=note.strip(),
        checked_on=day,
        created_by=access.user,
    )
    newest = key_result.check_ins.order_by("-checked_on", "-id").first()
    current = newest.value if newest else float(value)
    writes.save(access, spec, key_result, {"current": current}, verb="checked_in")
    return check_in


def vision_save(
    *, access: ProductAccess, changes: Mapping[str, Any], expected_version: int | None
) -> writes.Outcome:
    """Edit the product's vision board (created on the first save; later saves name a version)."""
    live = Vision.objects.filter(product=access.product, archived_at__isnull=True).first()
    if live is None:
        return writes.record_create(access=access, kind="vision", fields=changes)
    return writes.record_update(
        access=access,
        kind="vision",
        record_id=live.pk,
        changes=changes,
        expected_version=expected_version,
    )
