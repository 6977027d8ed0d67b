"""What the executive report says, read once through each app's selectors.

The page, the PDF and the API all render this one value: the page and the PDF
through the template, the API as JSON (:mod:`.answer`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from tandem.delivery.models import Release, ReleaseState
from tandem.delivery.selectors import impediments_of, release_forecast, releases_of
from tandem.metrics.models import MetricKind
from tandem.metrics.outcomes import OutcomeSeries, outcome_series
from tandem.strategy import selectors as strategy
from tandem.strategy.gtm_selectors import GoToMarket, go_to_market
from tandem.strategy.returns import InitiativeReturn, initiative_returns
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from .charts import Series, bar_chart, sparkline
from .period import Period
from .wording import human, risks_of, summary_of


@dataclass(frozen=True)
class OutcomeRow:
    series: OutcomeSeries
    unit: str
    chart: SafeString

    @property
    def metric(self) -> Any:
        return self.series.metric

    def shown(self, value: float | None) -> str:
        return "–" if value is None else human(value, self.unit)

    @property
    def shown_current(self) -> str:
        return self.shown(self.series.current)

    @property
    def shown_target(self) -> str:
        return self.shown(self.metric.target)

    @property
    def shown_change(self) -> str:
        change = self.series.change
        if change is None:
            return "–"
        return ("+" if change > 0 else "−" if change < 0 else "±") + human(abs(change), self.unit)


@dataclass(frozen=True)
class ForecastRow:
    release: Release
    scope_points: int
    done_points: int
    unestimated: int
    p50: dt.date | None
    p85: dt.date | None
    message: str

    @property
    def late(self) -> bool | None:
        """Whether the 85% date falls after the target date (None without both)."""
        if self.p85 is None or self.release.target_date is None:
            return None
        return self.p85 > self.release.target_date


@dataclass(frozen=True)
class Risk:
    kind: str  # objective, forecast, outcome, budget, question, impediment
    text: str


@dataclass
class ExecutiveReport:
    product: Any
    period: Period
    sections: tuple[str, ...]
    generated: dt.datetime
    currency: str
    figures: bool  # whether the reader may see budgets, costs and returns
    vision: Any = None
    outcomes: list[OutcomeRow] = field(default_factory=list)
    shipped: list[Release] = field(default_factory=list)
    forecasts: list[ForecastRow] = field(default_factory=list)
    objectives: list[Any] = field(default_factory=list)
    changes: list[Any] = field(default_factory=list)
    costs: Any = None
    returns: list[InitiativeReturn] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)
    open_questions: list[Any] = field(default_factory=list)
    impediments: list[Any] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    gtm: GoToMarket | None = None
    charts: dict[str, SafeString] = field(default_factory=dict)

    @property
    def at_risk(self) -> list[Any]:
        return [view for view in self.objectives if view.at_risk]

    @property
    def gtm_launches(self) -> list[tuple[dt.date, str]]:
        if self.gtm is None:
            return []
        return [
            (day, what)
            for day, what in self.gtm.launches()
            if self.period.since <= day <= self.period.until
        ]

    @property
    def summary(self) -> list[str]:
        return summary_of(self)

    @property
    def on_target(self) -> int:
        return sum(1 for row in self.outcomes if row.series.on_target)

    @property
    def next_release(self) -> ForecastRow | None:
        dated = [row for row in self.forecasts if row.p85 or row.release.target_date]
        return min(
            dated, key=lambda row: row.release.target_date or row.p85 or dt.date.max, default=None
        )

    def shows(self, section: str) -> bool:
        return section in self.sections


def _outcomes(
    access: ProductAccess, period: Period, shipped: list[Release], currency: str
) -> list[OutcomeRow]:
    markers = [(r.released_on, r.name) for r in shipped if r.released_on]
    rows = []
    for series in outcome_series(access=access, since=period.since, until=period.until):
        metric = series.metric
        unit = metric.unit or (currency if metric.kind == MetricKind.REVENUE else "")
        chart = sparkline(
            title=f"{metric.name} from {period.since} to {period.until}",
            points=series.points,
            since=period.since,
            until=period.until,
            target=metric.target,
            markers=markers,
        )
        rows.append(OutcomeRow(series, unit, chart))
    return rows


def _releases(access: ProductAccess, period: Period) -> tuple[list[Release], list[ForecastRow]]:
    releases = [row.release for row in releases_of(access=access)]
    shipped = sorted(
        (
            r
            for r in releases
            if r.state == ReleaseState.RELEASED
            and r.released_on
            and period.since <= r.released_on <= period.until
        ),
        key=lambda r: r.released_on or period.since,
    )
    forecasts = []
    for release in releases:
        if release.state == ReleaseState.RELEASED:
            continue
        forecast = release_forecast(access=access, release=release)
        forecasts.append(
            ForecastRow(
                release,
                forecast.scope_points,
                forecast.done_points,
                forecast.unestimated,
                forecast.when_dates.get(50),
                forecast.when_dates.get(85),
                forecast.message,
            )
        )
    return shipped, forecasts


def build_report(
    access: ProductAccess, period: Period, sections: tuple[str, ...]
) -> ExecutiveReport:
    """Everything the report shows for ``period``; sections left out are still read when
    the risks need them (a late release is a risk even without the forecast section)."""
    today = timezone.localdate()
    figures = access.can(Action.FIGURES, Level.READ)
    currency = access.product.organization.currency
    report = ExecutiveReport(
        product=access.product,
        period=period,
        sections=sections,
        generated=timezone.now(),
        currency=currency,
        figures=figures,
        vision=strategy.vision_of(access.product),
    )
    report.shipped, report.forecasts = _releases(access, period)
    report.outcomes = _outcomes(access, period, report.shipped, currency)
    report.objectives = strategy.objectives_overview(access=access, today=min(today, period.until))
    start = dt.datetime.combine(period.since, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(period.until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    if "roadmap" in sections:
        report.changes = _phrased(strategy.roadmap_changes(access=access, since=start, until=end))
    if figures:
        report.costs = strategy.cost_summary(access=access, since=period.since, until=period.until)
        report.returns = initiative_returns(access=access)
    report.decisions = list(
        strategy.decisions_between(access=access, since=period.since, until=period.until)
    )
    report.open_questions = list(strategy.open_decisions(access=access))
    report.impediments = impediments_of(access=access, open_only=True, limit=50)
    report.risks = risks_of(report)
    if "gtm" in sections:
        report.gtm = go_to_market(access=access)
    report.charts = _charts(report)
    return report


def _phrased(events: Any) -> list[Any]:
    rows = list(events[:100])
    for event in rows:
        event.phrase = strategy.roadmap_change_phrase(event)
    return rows


def _charts(report: ExecutiveReport) -> dict[str, SafeString]:
    charts = {
        "key_results": bar_chart(
            title="Key-result progress",
            unit="% of the way from baseline to target",
            rows=[
                (kr.key_result.title, [float(kr.percent or 0)])
                for view in report.objectives
                for kr in view.key_results
            ],
            series=[Series("Progress", "#0d6efd")],
            maximum=100,
        )
    }
    if report.costs is not None:
        charts["costs"] = bar_chart(
            title="Costs vs budget by initiative",
            unit=report.currency,
            rows=[
                (
                    row.initiative.title,
                    [float(row.budget or 0), float(row.planned), float(row.actual)],
                )
                for row in report.costs.rows
            ],
            series=[
                Series("Budget", "#adb5bd"),
                Series("Planned", "#6ea8fe"),
                Series("Actual", "#dc3545"),
            ],
        )
    return charts
