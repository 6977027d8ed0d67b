"""The roadmap's setting: whether now / next / later follows the initiatives' dates."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import Conflict, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..models import RoadmapSetting

NEXT_WITHIN_MONTHS = range(1, 37)
_FIELDS = ("horizon_follows_dates", "next_within_months")


@transaction.atomic
def roadmap_setting_update(
    *,
    access: ProductAccess,
    horizon_follows_dates: bool,
    next_within_months: int,
    expected_version: int | None = None,
) -> RoadmapSetting:
    """The Product Manager decides how the roadmap reads; nobody proposes it.

    ``expected_version`` is the version read (1 before anything was saved); a stale one is 409.
    """
    access.require(Action.ROADMAP, Level.DECIDE)
    if next_within_months not in NEXT_WITHIN_MONTHS:
        raise ValidationFailed({"next_within_months": "must be a whole number from 1 to 36"})
    setting, _ = RoadmapSetting.objects.select_for_update().get_or_create(product=access.product)
    before = {name: getattr(setting, name) for name in _FIELDS}
    if expected_version is not None and expected_version != setting.version:
        raise Conflict(
            f"The roadmap setting changed since you read it (version {setting.version}).",
            before | {"version": setting.version},
        )
    after = {
        "horizon_follows_dates": horizon_follows_dates,
        "next_within_months": next_within_months,
    }
    if before == after:
        return setting
    for name, value in after.items():
        setattr(setting, name, value)
    setting.version += 1
    setting.updated_by = access.user
    setting.updated_at = timezone.now()
    setting.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb="roadmap.setting_changed",
        object_type="roadmap_setting",
        object_id=setting.pk,
        object_label="Roadmap setting",
        before=before,
        after=after,
    )
    return setting
