"""Reads for the roadmap's time: the timeline at a zoom, and horizons that follow the dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from tandem.core import timescale
from tandem.core.timescale import Zoom
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Product

from . import extensions
from .models import Initiative, RoadmapSetting

if TYPE_CHECKING:
    from .selectors import RoadmapCard

NO_OBJECTIVE = "No objective"
ZOOMS = tuple(z.value for z in Zoom)
# Milestones a little after the last initiative still widen the timeline to show them.
MILESTONE_REACH = dt.timedelta(days=90)


def setting_of(product: Product) -> RoadmapSetting:
    """The product's roadmap setting; the defaults (manual horizons) when none was saved."""
    found = RoadmapSetting.objects.filter(product=product).first()
    return found if found is not None else RoadmapSetting(product=product)


def follow_dates(initiatives: Iterable[Initiative], setting: RoadmapSetting) -> None:
    """Give each dated, unfinished initiative the horizon its dates say (in memory only)."""
    if not setting.horizon_follows_dates:
        return
    today = timezone.localdate()
    for initiative in initiatives:
        derived = derived_horizon(initiative, setting, today)
        if derived is not None:
            initiative.horizon = derived
            initiative.horizon_from_dates = True  # type: ignore[attr-defined]


def derived_horizon(
    initiative: Initiative, setting: RoadmapSetting, today: dt.date | None = None
) -> str | None:
    if not setting.horizon_follows_dates:
        return None
    return timescale.horizon_of(
        initiative.starts_on,
        initiative.ends_on,
        today or timezone.localdate(),
        setting.next_within_months,
    )


def parse_zoom(raw: str | None) -> Zoom | None:
    """A page's ``zoom`` parameter: empty means the zoom that fits the span."""
    if raw is None or raw in ("", "auto"):
        return None
    if raw not in ZOOMS:
        raise ValidationFailed({"zoom": f"must be one of: auto, {', '.join(ZOOMS)}"})
    return Zoom(raw)


@dataclass
class Bar:
    initiative: Initiative
    left: float  # percent of the timeline's width
    width: float
    work: extensions.InitiativeWork


@dataclass
class Timeline:
    starts_on: dt.date
    ends_on: dt.date
    groups: list[tuple[str, list[Bar]]]
    milestones: list[tuple[float, dt.date, str]]
    months: list[tuple[float, str]]  # (left %, label) of each unit of the zoom
    undated: list[Initiative] = field(default_factory=list)
    today: float | None = None  # where today falls, when inside the span
    zoom: str = Zoom.MONTHS.value
    auto_zoom: bool = True
    min_width_rem: float = 0.0

    @property
    def days(self) -> int:
        return max(1, (self.ends_on - self.starts_on).days)


def build(
    cards: Sequence[RoadmapCard],
    marks: Sequence[tuple[dt.date, str]],
    zoom: Zoom | None = None,
    today: dt.date | None = None,
) -> Timeline | None:
    """Dated initiatives as bars grouped by objective, releases as milestones, at a zoom."""
    today = today or timezone.localdate()
    dated = [c for c in cards if c.initiative.starts_on and c.initiative.ends_on]
    undated = [c.initiative for c in cards if c not in dated]
    days: list[dt.date] = [
        d for c in dated for d in (c.initiative.starts_on, c.initiative.ends_on) if d is not None
    ]
    if not days:
        return None if not undated else Timeline(today, today, [], [], [], undated)
    reach = max(days) + MILESTONE_REACH
    first = min([*days, *(d for d, _ in marks if min(days) <= d <= reach)])
    last = max([*days, *(d for d, _ in marks if first <= d <= reach)])
    scale = timescale.scale(first, last, zoom)
    groups: dict[str, list[Bar]] = defaultdict(list)
    for card in dated:
        starts, ends = card.initiative.starts_on, card.initiative.ends_on
        assert starts is not None
        assert ends is not None
        # A bar reaches the end of its last day, so a one-day initiative still shows.
        left, right = scale.at(starts), scale.at(ends + dt.timedelta(days=1))
        bar = Bar(card.initiative, left, max(0.5, round(right - left, 2)), card.work)
        for title in [o.title for o in card.objectives] or [NO_OBJECTIVE]:
            groups[title].append(bar)
    ordered = sorted(groups.items(), key=lambda g: (g[0] == NO_OBJECTIVE, g[0]))
    for _, bars in ordered:
        bars.sort(key=lambda b: (b.initiative.starts_on, b.initiative.pk))
    return Timeline(
        scale.starts_on,
        scale.ends_on,
        ordered,
        [(scale.at(d), d, label) for d, label in marks if scale.starts_on <= d < scale.ends_on],
        [(scale.at(t.day), t.label) for t in scale.ticks],
        undated,
        scale.at(today) if scale.starts_on <= today < scale.ends_on else None,
        scale.zoom.value,
        zoom is None,
        scale.min_width_rem,
    )
