"""Writes special to objectives and key results: check-ins and the vision board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level

from ..kinds import KINDS
from ..models import CheckIn, KeyResult, Vision
from . import records


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
    key_result = records.locked(access, KINDS["key_result"], key_result_id)
    assert isinstance(key_result, KeyResult)
    records._require_live(KINDS["key_result"], key_result)
    errors: dict[str, str] = {}
    if key_result.metric_id is not None:
        errors["value"] = "this key result follows its metric; record a measurement there"
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors["value"] = "must be a number"
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
    before = {"current": key_result.current}
    key_result.current = newest.value if newest else float(value)
    key_result.version += 1
    key_result.updated_at = timezone.now()
    key_result.save(update_fields=["current", "version", "updated_at"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="key_result.checked_in",
        object_type="key_result",
        object_id=key_result.pk,
        object_label=key_result.title,
        before=before,
        after={"current": key_result.current, "note": check_in.note, "on": day.isoformat()},
    )
    return check_in


def vision_save(
    *, access: ProductAccess, changes: Mapping[str, Any], expected_version: int | None
) -> records.Outcome:
    """Edit the product's vision board (created on the first save)."""
    live = Vision.objects.filter(product=access.product, archived_at__isnull=True).first()
    if live is None:
        return records.record_create(access=access, kind="vision", fields=changes)
    return records.record_update(
        access=access,
        kind="vision",
        record_id=live.pk,
        changes=changes,
        expected_version=expected_version,
    )
