"""The executive report: one page for a date range, as HTML, a download, or a PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.delivery.selectors import impediments_of, release_markers
from tandem.strategy import selectors as strategy
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

from .charts import Series, bar_chart

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date


def period_of(request: HttpRequest) -> Period:
    today = timezone.localdate()
    try:
        until = dt.date.fromisoformat(request.GET.get("until") or today.isoformat())
        since = dt.date.fromisoformat(
            request.GET.get("since") or (until - dt.timedelta(days=DEFAULT_DAYS)).isoformat()
        )
    except ValueError:
        raise ValidationFailed({"since": "dates look like 2026-03-31"}) from None
    if since > until:
        raise ValidationFailed({"since": "must not be after until"})
    return Period(since, until)


def report_context(access: ProductAccess, period: Period) -> dict[str, Any]:
    """Everything the report shows, read through each app's selectors."""
    today = timezone.localdate()
    start = dt.datetime.combine(period.since, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(period.until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    objectives = strategy.objectives_overview(access=access, today=min(today, period.until))
    costs = strategy.cost_summary(access=access, since=period.since, until=period.until)
    releases = [
        (day, name, day <= today)
        for day, name in release_markers(access=access)
        if period.since <= day <= period.until
    ]
    kr_rows = [
        (f"{kr.key_result.title}", [float(kr.percent or 0)])
        for view in objectives
        for kr in view.key_results
    ]
    cost_rows = [
        (row.initiative.title, [float(row.budget or 0), float(row.planned), float(row.actual)])
        for row in costs.rows
    ]
    return {
        "product": access.product,
        "period": period,
        "generated": timezone.now(),
        "vision": strategy.vision_of(access.product),
        "objectives": objectives,
        "at_risk": [v for v in objectives if v.at_risk],
        "changes": _phrased(strategy.roadmap_changes(access=access, since=start, until=end)[:100]),
        "releases": releases,
        "costs": costs,
        "decisions": list(
            strategy.decisions_between(access=access, since=period.since, until=period.until)
        ),
        "open_questions": list(strategy.open_decisions(access=access)),
        "impediments": impediments_of(access=access, open_only=True, limit=50),
        "kr_chart": bar_chart(
            title="Key-result progress",
            unit="% of the way from baseline to target",
            rows=kr_rows,
            series=[Series("Progress", "#0d6efd")],
            maximum=100,
        ),
        "cost_chart": bar_chart(
            title="Costs vs budget by initiative",
            unit="amount",
            rows=cost_rows,
            series=[
                Series("Budget", "#adb5bd"),
                Series("Planned", "#6ea8fe"),
                Series("Actual", "#dc3545"),
            ],
        ),
    }


def _phrased(events: Any) -> list[Any]:
    rows = list(events)
    for event in rows:
        event.phrase = strategy.roadmap_change_phrase(event)
    return rows


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class PdfUnavailable(DomainError):
    status = 503
    title = "PDF not available on this server"


def render_pdf(html: str) -> bytes:
    """WeasyPrint (it needs the system's Pango); imported here so pages never pay for it."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except OSError as exc:  # the Python package is there, the system library is not
        raise PdfUnavailable(
            "The PDF needs the Pango library on the server (Debian: apt install "
            "libpango-1.0-0 libpangoft2-1.0-0). The HTML download prints to PDF from "
            "any browser meanwhile."
        ) from exc
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


@login_required
@require_GET
def executive(request: HttpRequest, product_key: str) -> HttpResponse:
    access = product_access(user=_user(request), product_key=product_key)
    period = period_of(request)
    output = request.GET.get("format", "html")
    context = report_context(access, period) | {"output": output}
    html = render_to_string("reports/executive.html", context, request=request)
    name = f"{access.product.key}-executive-report-{period.since}-{period.until}"
    if output == "pdf":
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    response = HttpResponse(html)
    if output == "download":
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return response
