"""``GET /api/v1/products/KEY/reports/executive``: the executive report as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from tandem.workspace import fields as f
from tandem.workspace.http import access_of

from .answer import answer
from .content import build_report
from .period import period_from, sections_from
from .schemas import ExecutiveReportOut

router = Router(tags=["reports"])


class ReportQuery(f.Query):
    start: str | None = None
    end: str | None = None
    sections: str | None = None


@router.get(
    "/products/{product_key}/reports/executive",
    response=ExecutiveReportOut,
    summary="The executive report for a period (start, end: ISO dates; the last 90 days by "
    "default) and some of its sections (comma-separated; all by default)",
)
def executive_report(
    request: HttpRequest, product_key: str, query: Query[ReportQuery]
) -> dict[str, Any]:
    access = access_of(request, product_key)
    period = period_from(query.start, query.end)
    sections = sections_from([query.sections or ""])
    return answer(build_report(access, period, sections))
