"""What ``GET /products/KEY/reports/executive`` answers: the report's content as numbers.

Amounts are numbers in the organization's ``currency``; dates are ISO dates; a
section left out of ``sections`` (or one the caller's role may not read, such as
costs for a stakeholder) is ``null``.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ReportPointOut(Schema):
    date: dt.date
    value: float


class ReportMarkerOut(Schema):
    date: dt.date
    release: str


class ReportOutcomeOut(Schema):
    metric_id: int
    name: str
    kind: str
    unit: str
    direction: str
    target: float | None
    current: float | None
    baseline: float | None
    change: float | None
    on_target: bool | None
    improving: bool | None
    points: list[ReportPointOut]
    release_markers: list[ReportMarkerOut]


class ReportShippedOut(Schema):
    id: int
    name: str
    released_on: dt.date | None
    target_date: dt.date | None


class ReportForecastOut(Schema):
    id: int
    name: str
    target_date: dt.date | None
    scope_points: int
    done_points: int
    unestimated: int
    p50: dt.date | None
    p85: dt.date | None
    likely_late: bool | None
    message: str


class ReportReleasesOut(Schema):
    shipped: list[ReportShippedOut]
    forecasts: list[ReportForecastOut]


class ReportKeyResultOut(Schema):
    title: str
    unit: str
    baseline: float
    current: float | None
    target: float
    percent: int | None


class ReportObjectiveOut(Schema):
    id: int
    title: str
    percent: int | None
    expected: int
    at_risk: bool
    key_results: list[ReportKeyResultOut]


class ReportChangeOut(Schema):
    at: dt.datetime
    actor: str | None
    initiative: str
    change: str


class ReportCostRowOut(Schema):
    initiative_id: int
    initiative: str
    budget: float | None
    planned: float
    actual: float
    variance: float
    over_budget: bool


class ReportReturnOut(Schema):
    initiative_id: int
    initiative: str
    budget: float | None
    cost: float
    benefit_estimate: float | None
    net_estimate: float | None
    roi_estimate: float | None


class ReportCostsOut(Schema):
    budget: float
    planned: float
    actual: float
    variance: float
    initiatives: list[ReportCostRowOut]
    returns: list[ReportReturnOut]
    roi_basis: str


class ReportDecisionOut(Schema):
    id: int
    title: str
    level: str
    outcome: str
    decided_on: dt.date | None
    decided_by: str | None


class ReportRiskOut(Schema):
    kind: str
    text: str


class ReportPlanOut(Schema):
    id: int
    name: str
    price: float
    billing_period: str
    segment: str | None
    releases: list[str]
    launch_on: dt.date | None


class ReportSegmentOut(Schema):
    id: int
    name: str
    size: int | None
    messages: list[str]


class ReportGtmOut(Schema):
    positioning: list[str]
    plans: list[ReportPlanOut]
    segments: list[ReportSegmentOut]


class ExecutiveReportOut(Schema):
    product: str
    start: dt.date
    end: dt.date
    generated_at: dt.datetime
    currency: str
    sections: list[str]
    outcomes: list[ReportOutcomeOut] | None = None
    objectives: list[ReportObjectiveOut] | None = None
    releases: ReportReleasesOut | None = None
    roadmap_changes: list[ReportChangeOut] | None = None
    costs: ReportCostsOut | None = None
    decisions: list[ReportDecisionOut] | None = None
    risks: list[ReportRiskOut] | None = None
    gtm: ReportGtmOut | None = None
