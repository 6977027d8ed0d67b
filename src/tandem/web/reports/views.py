"""The executive report: one page for a period and a choice of sections, as HTML, a
download, or a PDF. The API answers the same content as JSON (:mod:`.api`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from tandem.workspace.errors import DomainError
from tandem.workspace.http import access_of
from tandem.workspace.models import User

from .content import ExecutiveReport, build_report
from .period import SECTION_NAMES, SECTIONS, Period, period_from, sections_from

OUTPUTS = ("html", "pdf", "download")


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


def period_of(query: QueryDict) -> Period:
    """``start``/``end``; ``since``/``until`` still open the links made before."""
    return period_from(
        query.get("start") or query.get("since"), query.get("end") or query.get("until")
    )


def query_of(period: Period, sections: tuple[str, ...], output: str = "") -> str:
    """The query string that opens this report again (the sections only when narrowed)."""
    pairs = [("start", period.since.isoformat()), ("end", period.until.isoformat())]
    if sections != SECTION_NAMES:
        pairs += [("sections", name) for name in sections]
    if output:
        pairs.append(("format", output))
    return urlencode(pairs)


def report_html(report: ExecutiveReport, output: str, request: HttpRequest | None = None) -> str:
    """The report's page (``html``), or its standalone print copy (``pdf``, ``download``)."""
    period, sections = report.period, report.sections
    context = {
        "report": report,
        "product": report.product,
        "period": period,
        "output": output,
        "choices": SECTIONS,
        "links": {name: query_of(period, sections, name) for name in ("pdf", "download")},
    }
    return render_to_string("reports/executive.html", context, request=request)


def file_name(report: ExecutiveReport) -> str:
    period = report.period
    return f"{report.product.key}-executive-report-{period.since}-{period.until}"


@login_required
@require_GET
def executive(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    period = period_of(request.GET)
    sections = sections_from(request.GET.getlist("sections"))
    output = request.GET.get("format", "html")
    if output not in OUTPUTS:
        output = "html"
    report = build_report(access, period, sections)
    html = report_html(report, output, request)
    name = file_name(report)
    if output == "pdf":
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    response = HttpResponse(html)
    if output == "download":
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return response
