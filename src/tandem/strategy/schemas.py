"""The strategy API's own shapes: the real verbs and the figures (records come from the
registry, with unique names per kind)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.schemas import BodyIn


class InitiativeMoveIn(BodyIn):
    horizon: str = Field(..., description="now, next or later")
    before: f.Ref | None = Field(None, description="Put it just above this initiative")
    after: f.Ref | None = Field(None, description="Put it just below this initiative")
    version: f.Version | None = None


class KeyResultCheckInIn(BodyIn):
    value: f.MetricValue
    note: Annotated[str, f.chars(300)] = ""
    checked_on: f.Date | None = None


class DecisionEscalateIn(BodyIn):
    title: f.RequiredText
    context: f.LongText = ""
    options: f.LongText = ""


class DecisionDecideIn(BodyIn):
    outcome: f.LongText
    level: str | None = None
    version: f.Version | None = None


class RoadmapShareIn(BodyIn):
    label: Annotated[str, f.chars(120)] = ""


class RoadmapShareOut(Schema):
    id: int
    label: str
    created_at: dt.datetime
    revoked: bool


class RoadmapShareCreatedOut(RoadmapShareOut):
    """The new link, with its secret: shown this once, never stored."""

    token: str
    url: str


class StrategyAlignmentOut(Schema):
    total_points: int
    traced_points: int
    traced_percent: int | None
    orphans: list[str]
    orphan_count: int
    objectives_without_initiatives: list[int]
    initiatives_without_work: list[int]


class InitiativeProgressOut(Schema):
    id: int
    title: str
    horizon: str
    rank: str
    done_points: int
    total_points: int


class InitiativeCostOut(Schema):
    initiative: int
    title: str
    budget: str | None
    planned: str
    actual: str
    variance: str
    over_budget: bool


class RoadmapSettingIn(BodyIn):
    horizon_follows_dates: bool = Field(
        ..., description="Derive now / next / later from each dated initiative's dates"
    )
    next_within_months: int = Field(
        3, ge=1, le=36, description="Next: starts within this many months (1-36)"
    )
    version: f.Version | None = None


class RoadmapSettingOut(Schema):
    horizon_follows_dates: bool
    next_within_months: int
    version: int
