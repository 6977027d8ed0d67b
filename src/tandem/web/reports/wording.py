"""How the report words its numbers and its risks for people."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tandem.strategy.templatetags.strategy_tags import money

if TYPE_CHECKING:
    from .content import ExecutiveReport, Risk


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _target(day: dt.date | None) -> str:
    return f" (target {_day(day)})." if day else "."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def human(value: float, unit: str = "") -> str:
    """1.61M EUR, 24.8k pilots, 68.4%, 41: short enough to read at a glance."""
    size = abs(value)
    if unit == "%":
        return f"{value:,.1f}".removesuffix(".0") + "%"
    if size >= 1_000_000:
        number = f"{value / 1_000_000:,.2f}M"
    elif size >= 10_000:
        number = f"{value / 1_000:,.1f}".removesuffix(".0") + "k"
    elif size >= 100 or value == int(value):
        number = f"{value:,.0f}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}".strip()


def risks_of(report: ExecutiveReport) -> list[Risk]:
    """Every risk the report can see, the most pressing kinds first."""
    from .content import Risk

    risks: list[Risk] = []
    for row in report.forecasts:
        if row.late and row.release.target_date and row.p85:
            risks.append(
                Risk(
                    "forecast",
                    f"Release {row.release.name} is likely late: 85% confidence by "
                    f"{_day(row.p85)}, target {_day(row.release.target_date)}.",
                )
            )
    for outcome in report.outcomes:
        if outcome.series.on_target is False and outcome.series.improving is False:
            risks.append(
                Risk(
                    "outcome",
                    f"{outcome.metric.name} is off target and got worse: "
                    f"{outcome.shown_current} against {outcome.shown_target} "
                    f"({outcome.shown_change} in the period).",
                )
            )
    for view in report.at_risk:
        risks.append(
            Risk(
                "objective",
                f"Objective behind schedule: {view.objective.title} ({view.percent or 0}% done, "
                f"{view.expected}% of the time gone).",
            )
        )
    if report.costs is not None:
        for row in report.costs.rows:
            if row.over_budget:
                risks.append(
                    Risk(
                        "budget",
                        f"Over budget: {row.initiative.title} ({money(row.actual)} of "
                        f"{money(row.budget)} {report.currency}).",
                    )
                )
    for decision in report.open_questions:
        risks.append(Risk("question", f"Open question waiting for a decision: {decision.title}"))
    for item in report.impediments:
        text = (
            f"Open {item.get_kind_display().lower()} since {item.raised_at:%Y-%m-%d}: "
            f"{item.description[:160]}"
        )
        if item.owner:
            text += f" (owner {item.owner.display_name})"
        if item.decision_id:
            text += "; escalated to the PM"
        risks.append(Risk("impediment", text))
    return risks


def summary_of(report: ExecutiveReport) -> list[str]:
    """The few sentences an executive reads first, from the figures below them."""
    lines: list[str] = []
    if report.outcomes:
        improving = sum(1 for row in report.outcomes if row.series.improving)
        lines.append(
            f"{report.on_target} of {len(report.outcomes)} outcome metrics are on target; "
            f"{improving} improved over the period."
        )
    if report.shipped:
        names = ", ".join(release.name for release in report.shipped)
        lines.append(f"Shipped {_count(len(report.shipped), 'release')}: {names}.")
    nxt = report.next_release
    if nxt is not None and nxt.p85 is not None:
        verdict = "likely late" if nxt.late else "on track" if nxt.late is False else "forecast"
        lines.append(
            f"Next release {nxt.release.name}: {verdict}, 85% confidence by {_day(nxt.p85)}"
            + _target(nxt.release.target_date)
        )
    if report.costs is not None and report.costs.budget:
        over = sum(1 for row in report.costs.rows if row.over_budget)
        lines.append(
            f"Spent {human(float(report.costs.actual), report.currency)} in the period against "
            f"a budget of {human(float(report.costs.budget), report.currency)}; "
            f"{_count(over, 'initiative')} over budget."
        )
    if report.risks:
        lines.append(f"{_count(len(report.risks), 'risk')} to watch (see Risks).")
    return lines
