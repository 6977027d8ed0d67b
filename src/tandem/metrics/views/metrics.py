"""The metric pages: the list, one metric with its chart and values, and its proposals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.metrics import selectors, services
from tandem.metrics.models import Metric
from tandem.workspace import forms, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import (
    HtmxHttpRequest,
    access_of,
    done,
    form_version,
    is_partial,
    required_version,
)
from tandem.workspace.models import ProposalStatus
from tandem.workspace.registry import record_type

from .rights import as_number, edit_posted, page_context

HISTORY_LENGTH = 15
TABLE_ROWS = 60  # newest values in the table; the chart always shows every value
PROPOSED = "Sent to the Product Manager as a proposal; you see their answer on the metric."


def _url(access: ProductAccess, metric_id: int) -> str:
    return reverse("metrics:detail", args=[access.product.key, metric_id])


def _posted(request: HttpRequest, metric: Metric | None) -> dict[str, Any]:
    return as_number(forms.posted_values(request.POST, record_type("metric"), metric), "target")


@login_required
@require_GET
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    context = page_context(
        access,
        rows=selectors.metric_rows(access=access, archived=archived),
        archived=archived,
        proposals=selectors.metric_proposals(access=access, status=ProposalStatus.PENDING),
        fields=forms.form_fields(access, record_type("metric"), None, {}),
    )
    return render(request, "metrics/index.html", context)


@login_required
@require_POST
def metric_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    outcome = writes.record_create(access=access, kind="metric", fields=_posted(request, None))
    if outcome.record is None:
        return done(request, reverse("metrics:index", args=[access.product.key]), PROPOSED)
    message = f"Metric {outcome.record.name} created. Record its first value below."
    return done(request, _url(access, outcome.record.pk), message)


def series_context(request: HttpRequest, access: ProductAccess, metric: Metric) -> dict[str, Any]:
    series = selectors.measurement_series(access=access, metric=metric)
    newest_first = series[::-1]
    shown = newest_first if request.GET.get("all") == "1" else newest_first[:TABLE_ROWS]
    return page_context(
        access,
        metric=metric,
        row=selectors.metric_row(metric, newest_first[:2]),
        series=shown,
        series_count=len(series),
        chart=selectors.chart_data(access=access, metric=metric, series=series),
        archived_values=selectors.measurement_series(access=access, metric=metric, archived=True),
    )


@login_required
@require_GET
def detail(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    context = series_context(request, access, metric)
    if is_partial(request):
        return render(request, "metrics/_series.html", context)
    context["proposals"] = selectors.metric_proposals(access=access, metric=metric)[:10]
    context["history"] = selectors.metric_history(
        access=access, metric=metric, limit=HISTORY_LENGTH
    )
    context["fields"] = forms.form_fields(access, record_type("metric"), metric, {})
    return render(request, "metrics/detail.html", context)


@login_required
@require_POST
def metric_update(request: HttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    outcome = edit_posted(request, access, "metric", metric.pk, _posted(request, metric))
    saved = outcome.record if outcome.applied else None
    message = f"{saved.name} saved." if saved is not None else PROPOSED
    return done(request, _url(access, metric.pk), message)


@login_required
@require_POST
def metric_propose(request: HttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    services.metric_propose(
        access=access,
        metric_id=metric.pk,
        changes=_posted(request, metric),
        reason=request.POST.get("reason", ""),
        expected_version=required_version(request.POST) if "version" in request.POST else None,
    )
    return done(request, _url(access, metric.pk), PROPOSED)


@login_required
@require_POST
def proposal_decide(
    request: HttpRequest, product_key: str, proposal_id: int, decision: str
) -> HttpResponse:
    """Accept (confirming the current version when the metric changed since) or decline."""
    access = access_of(request, product_key)
    answer = request.POST.get("answer", "")
    if decision == "accept":
        services.metric_proposal_accept(
            access=access,
            proposal_id=proposal_id,
            answer=answer,
            confirmed_version=form_version(request.POST, "confirmed_version"),
        )
    else:
        services.metric_proposal_decline(access=access, proposal_id=proposal_id, answer=answer)
    row = selectors.metric_proposal(access=access, proposal_id=proposal_id)
    message = (
        f"Accepted: {row.metric.name} changed."
        if decision == "accept" and row.metric is not None
        else "Declined; the proposer sees your reason."
    )
    return done(request, _url(access, row.proposal.record_id or 0), message)
