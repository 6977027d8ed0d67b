"""The executive report as JSON: the same content as the page, numbers instead of words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .content import ExecutiveReport

ROI_BASIS = (
    "roi_estimate = (benefit_estimate - cost) / cost; the benefit is the Product Manager's "
    "estimate; cost is actual spend where booked, planned otherwise, over the initiative's life"
)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _outcomes(report: ExecutiveReport) -> list[dict[str, Any]]:
    markers = [{"date": r.released_on, "release": r.name} for r in report.shipped]
    return [
        {
            "metric_id": row.metric.pk,
            "name": row.metric.name,
            "kind": row.metric.kind,
            "unit": row.unit,
            "direction": row.metric.direction,
            "target": row.metric.target,
            "current": row.series.current,
            "baseline": row.series.baseline,
            "change": row.series.change,
            "on_target": row.series.on_target,
            "improving": row.series.improving,
            "points": [{"date": day, "value": value} for day, value in row.series.points],
            "release_markers": markers,
        }
        for row in report.outcomes
    ]


def _objectives(report: ExecutiveReport) -> list[dict[str, Any]]:
    return [
        {
            "id": view.objective.pk,
            "title": view.objective.title,
            "percent": view.percent,
            "expected": view.expected,
            "at_risk": view.at_risk,
            "key_results": [
                {
                    "title": kr.key_result.title,
                    "unit": kr.key_result.unit,
                    "baseline": kr.key_result.baseline,
                    "current": kr.current,
                    "target": kr.key_result.target,
                    "percent": kr.percent,
                }
                for kr in view.key_results
            ],
        }
        for view in report.objectives
    ]


def _releases(report: ExecutiveReport) -> dict[str, Any]:
    return {
        "shipped": [
            {
                "id": r.pk,
                "name": r.name,
                "released_on": r.released_on,
                "target_date": r.target_date,
            }
            for r in report.shipped
        ],
        "forecasts": [
            {
                "id": f.release.pk,
                "name": f.release.name,
                "target_date": f.release.target_date,
                "scope_points": f.scope_points,
                "done_points": f.done_points,
                "unestimated": f.unestimated,
                "p50": f.p50,
                "p85": f.p85,
                "likely_late": f.late,
                "message": f.message,
            }
            for f in report.forecasts
        ],
    }


def _changes(report: ExecutiveReport) -> list[dict[str, Any]]:
    return [
        {
            "at": event.created_at,
            "actor": event.actor.display_name if event.actor else None,
            "initiative": event.object_label,
            "change": event.phrase,
        }
        for event in report.changes
    ]


def _costs(report: ExecutiveReport) -> dict[str, Any] | None:
    costs = report.costs
    if costs is None:
        return None
    return {
        "budget": float(costs.budget),
        "planned": float(costs.planned),
        "actual": float(costs.actual),
        "variance": float(costs.variance),
        "initiatives": [
            {
                "initiative_id": row.initiative.pk,
                "initiative": row.initiative.title,
                "budget": _number(row.budget),
                "planned": float(row.planned),
                "actual": float(row.actual),
                "variance": float(row.variance),
                "over_budget": row.over_budget,
            }
            for row in costs.rows
        ],
        "returns": [
            {
                "initiative_id": r.initiative.pk,
                "initiative": r.initiative.title,
                "budget": _number(r.budget),
                "cost": float(r.cost),
                "benefit_estimate": _number(r.benefit),
                "net_estimate": _number(r.net),
                "roi_estimate": r.roi,
            }
            for r in report.returns
        ],
        "roi_basis": ROI_BASIS,
    }


def _decisions(report: ExecutiveReport) -> list[dict[str, Any]]:
    return [
        {
            "id": d.pk,
            "title": d.title,
            "level": d.level,
            "outcome": d.outcome,
            "decided_on": d.decided_on,
            "decided_by": d.decided_by.display_name if d.decided_by else None,
        }
        for d in report.decisions
    ]


def _risks(report: ExecutiveReport) -> list[dict[str, Any]]:
    return [{"kind": risk.kind, "text": risk.text} for risk in report.risks]


def _gtm(report: ExecutiveReport) -> dict[str, Any] | None:
    gtm = report.gtm
    if gtm is None:
        return None
    return {
        "positioning": [p.statement for p in gtm.positionings],
        "plans": [
            {
                "id": plan.pk,
                "name": plan.name,
                "price": float(plan.price),
                "billing_period": plan.billing_period,
                "segment": plan.segment.name if plan.segment else None,
                "releases": plan.releases.split(),
                "launch_on": plan.launch_on,
            }
            for plan in gtm.plans
        ],
        "segments": [
            {
                "id": view.segment.pk,
                "name": view.segment.name,
                "size": view.segment.size,
                "messages": [m.text for m in view.messages],
            }
            for view in gtm.segments
        ],
    }


_SECTIONS: dict[str, tuple[str, Callable[[ExecutiveReport], Any]]] = {
    "outcomes": ("outcomes", _outcomes),
    "okrs": ("objectives", _objectives),
    "releases": ("releases", _releases),
    "roadmap": ("roadmap_changes", _changes),
    "costs": ("costs", _costs),
    "decisions": ("decisions", _decisions),
    "risks": ("risks", _risks),
    "gtm": ("gtm", _gtm),
}


def answer(report: ExecutiveReport) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product": report.product.key,
        "start": report.period.since,
        "end": report.period.until,
        "generated_at": report.generated,
        "currency": report.currency,
        "sections": list(report.sections),
    }
    for section in report.sections:
        key, build = _SECTIONS[section]
        body[key] = build(report)
    return body
