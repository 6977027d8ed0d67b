"""The roadmap's setting: whether now / next / later follows the initiatives' dates."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.rights import Action, Level
from tandem.workspace.setting_writes import check_settings_version, lock_settings, save_settings

from ..models import RoadmapSetting

NEXT_WITHIN_MONTHS = range(1, 37)
_FIELDS = ("horizon_follows_dates", "next_within_months")


@transaction.atomic
def roadmap_setting_update(
    *,
    access: ProductAccess,
    horizon_follows_dates: bool,
    next_within_months: int,
    expected_version: int | None,
) -> RoadmapSetting:
    """The Product Manager decides how the roadmap reads; nobody proposes it.

    ``expected_version`` is the version read (1 before anything was saved); a stale one is 409.
    """
    access.require(Action.ROADMAP, Level.DECIDE)
    if next_within_months not in NEXT_WITHIN_MONTHS:
        raise ValidationFailed({"next_within_months": "must be a whole number from 1 to 36"})
    setting, _ = lock_settings(RoadmapSetting, access)
    before = _values(setting)
    check_settings_version(setting, expected_version, what="the roadmap setting", current=before)
    after = {
        "horizon_follows_dates": horizon_follows_dates,
        "next_within_months": next_within_months,
    }
    if before == after:
        return setting
    save_settings(
        access,
        setting,
        after,
        verb="roadmap.setting_changed",
        label="Roadmap setting",
        snapshot=_values,
        object_type="roadmap_setting",
    )
    return setting


def _values(setting: RoadmapSetting) -> dict[str, Any]:
    return {name: getattr(setting, name) for name in _FIELDS}
