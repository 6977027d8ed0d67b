"""The metric pages: the list, one metric with its chart and values, and the CSV import."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.metrics import selectors, services
from tandem.metrics.models import Direction, Measurement, Metric, MetricKind, ProposalStatus
from tandem.metrics.services.measurements import IMPORT_FIELDS
from tandem.workspace.access import ProductAccess
from tandem.workspace.csv_import import read_csv
from tandem.workspace.errors import ValidationFailed

from ._common import (
    HtmxHttpRequest,
    Rights,
    access_of,
    done,
    htmx_response,
    is_partial,
    number_or_none,
    plural,
    raise_if,
    required_version,
    toast,
)

HISTORY_LENGTH = 15
TABLE_ROWS = 60  # newest values in the table; the chart always shows every value


def _metric_fields(request: HtmxHttpRequest) -> dict[str, Any]:
    post = request.POST
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {
        field: post.get(field, "").strip()
        for field in ("name", "kind", "unit", "direction", "description")
        if field in post
    }
    if "target" in post:
        fields["target"] = number_or_none(post, "target", errors)
    raise_if(errors)
    return fields


def _choices() -> dict[str, Any]:
    return {"kinds": MetricKind.choices, "directions": Direction.choices}


@login_required
@require_GET
def index(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    context = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "rows": selectors.metric_rows(access=access, archived=archived),
        "archived": archived,
        "proposals": selectors.metric_proposals(access=access, status=ProposalStatus.PENDING),
        **_choices(),
    }
    return render(request, "metrics/index.html", context)


@login_required
@require_POST
def metric_create(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    metric = services.metric_create(access=access, fields=_metric_fields(request))
    url = reverse("metrics:detail", args=[access.product.key, metric.pk])
    return done(request, url, f"Metric {metric.name} created. Record its first value below.")


def _series_context(
    request: HtmxHttpRequest, access: ProductAccess, metric: Metric
) -> dict[str, Any]:
    series = selectors.measurement_series(access=access, metric=metric)
    last = series[-2:][::-1]
    newest_first = series[::-1]
    shown = newest_first if request.GET.get("all") == "1" else newest_first[:TABLE_ROWS]
    return {
        "access": access,
        "product": access.product,
        "metric": metric,
        "rights": Rights.of(access),
        "row": selectors.metric_row(metric, last),
        "series": shown,
        "series_count": len(series),
        "chart": selectors.chart_data(access=access, metric=metric, series=series),
        "archived_values": selectors.measurement_series(
            access=access, metric=metric, archived=True
        ),
    }


def _series_answer(
    request: HtmxHttpRequest, access: ProductAccess, metric: Metric, message: str
) -> HttpResponse:
    context = _series_context(request, access, metric)
    html = render_to_string("metrics/_series.html", context, request=request)
    return htmx_response(html + toast(request, message))


@login_required
@require_GET
def detail(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    context = _series_context(request, access, metric)
    if is_partial(request):
        return render(request, "metrics/_series.html", context)
    context["proposals"] = selectors.metric_proposals(access=access, metric=metric)[:10]
    context["history"] = selectors.metric_history(
        access=access, metric=metric, limit=HISTORY_LENGTH
    )
    context.update(_choices())
    return render(request, "metrics/detail.html", context)


@login_required
@require_POST
def metric_update(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    metric = services.metric_update(
        access=access,
        metric=metric,
        changes=_metric_fields(request),
        expected_version=required_version(request.POST),
    )
    url = reverse("metrics:detail", args=[access.product.key, metric.pk])
    return done(request, url, f"{metric.name} saved.")


@login_required
@require_POST
def metric_archive(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    services.metric_archive(access=access, metric=metric)
    url = reverse("metrics:detail", args=[access.product.key, metric.pk])
    return done(request, url, f"{metric.name} archived. Restore it from this page.")


@login_required
@require_POST
def metric_restore(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    services.metric_restore(access=access, metric=metric)
    url = reverse("metrics:detail", args=[access.product.key, metric.pk])
    return done(request, url, f"{metric.name} restored.")


@login_required
@require_POST
def metric_propose(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    changes = _metric_fields(request)
    services.metric_propose(
        access=access, metric=metric, changes=changes, reason=request.POST.get("reason", "")
    )
    url = reverse("metrics:detail", args=[access.product.key, metric.pk])
    return done(request, url, "Proposed. The Product Manager will accept or decline it.")


@login_required
@require_POST
def proposal_decide(
    request: HtmxHttpRequest, product_key: str, proposal_id: int, decision: str
) -> HttpResponse:
    access = access_of(request, product_key)
    answer = request.POST.get("answer", "")
    if decision == "accept":
        proposal = services.metric_proposal_accept(
            access=access, proposal_id=proposal_id, answer=answer
        )
        message = f"Accepted: {proposal.metric.name} changed."
    else:
        proposal = services.metric_proposal_decline(
            access=access, proposal_id=proposal_id, answer=answer
        )
        message = "Declined; the proposer sees your reason."
    url = reverse("metrics:detail", args=[access.product.key, proposal.metric_id])
    return done(request, url, message)


# --- measurements ------------------------------------------------------------------------


@login_required
@require_POST
def measurement_add(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    post = request.POST
    outcome = services.measurement_record(
        access=access,
        metric=metric,
        measured_on=post.get("measured_on", ""),
        value=post.get("value", ""),
        note=post.get("note") or None,
    )
    day = outcome.measurement.measured_on.isoformat()
    if outcome.created:
        message = f"Recorded {day}."
    elif outcome.changed:
        message = f"{day} already had a value; it is replaced (the old one is in the history)."
    else:
        message = f"{day} already had this value; nothing changed."
    if not request.htmx:
        return done(
            request, reverse("metrics:detail", args=[access.product.key, metric.pk]), message
        )
    return _series_answer(request, access, metric, message)


def _measurement(access: ProductAccess, measurement_id: int) -> Measurement:
    return selectors.measurement_of(access=access, measurement_id=measurement_id)


@login_required
@require_POST
def measurement_update(
    request: HtmxHttpRequest, product_key: str, measurement_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    measurement = _measurement(access, measurement_id)
    post = request.POST
    changes = {f: post[f] for f in ("measured_on", "value", "note") if f in post}
    measurement = services.measurement_update(
        access=access,
        measurement=measurement,
        changes=changes,
        expected_version=required_version(post),
    )
    message = f"{measurement.measured_on.isoformat()} saved."
    if not request.htmx:
        url = reverse("metrics:detail", args=[access.product.key, measurement.metric_id])
        return done(request, url, message)
    return _series_answer(request, access, measurement.metric, message)


@login_required
@require_POST
def measurement_archive(
    request: HtmxHttpRequest, product_key: str, measurement_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    measurement = services.measurement_archive(
        access=access, measurement=_measurement(access, measurement_id)
    )
    message = f"{measurement.measured_on.isoformat()} archived; restore it below the table."
    if not request.htmx:
        url = reverse("metrics:detail", args=[access.product.key, measurement.metric_id])
        return done(request, url, message)
    return _series_answer(request, access, measurement.metric, message)


@login_required
@require_POST
def measurement_restore(
    request: HtmxHttpRequest, product_key: str, measurement_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    measurement = services.measurement_restore(
        access=access, measurement=_measurement(access, measurement_id)
    )
    message = f"{measurement.measured_on.isoformat()} restored."
    if not request.htmx:
        url = reverse("metrics:detail", args=[access.product.key, measurement.metric_id])
        return done(request, url, message)
    return _series_answer(request, access, measurement.metric, message)


# --- CSV import --------------------------------------------------------------------------


def _import_input(request: HtmxHttpRequest) -> tuple[str, str, dict[str, str]]:
    upload = request.FILES.get("file")
    if upload is not None:
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationFailed({"file": f"{upload.name} is not UTF-8 text"}) from exc
        filename = upload.name or "upload.csv"
    else:
        text = request.POST.get("csv_text", "")
        filename = request.POST.get("filename", "upload.csv")[:200]
    if not text.strip():
        raise ValidationFailed({"file": "choose a CSV file to import"})
    mapping = {
        field: request.POST.get(f"column_{field}", "").strip()
        for field in IMPORT_FIELDS
        if request.POST.get(f"column_{field}", "").strip()
    }
    return text, filename, mapping


@login_required
@require_POST
def import_measurements(request: HtmxHttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    """Step one (preview) shows what the file would do; step two (confirm) writes it."""
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    text, filename, mapping = _import_input(request)
    context: dict[str, Any] = {
        "access": access,
        "product": access.product,
        "metric": metric,
        "csv_text": text,
        "filename": filename,
        "mapping": mapping,
        "fields": IMPORT_FIELDS,
    }
    confirm = request.POST.get("confirm") == "1"
    context["confirming"] = confirm
    try:
        if confirm:
            outcome = services.measurements_import(
                access=access, metric=metric, data=text, mapping=mapping, filename=filename
            )
            url = reverse("metrics:detail", args=[access.product.key, metric.pk])
            message = (
                f"Imported {filename}: {plural(outcome.created, 'new day')}, "
                f"{outcome.updated} replaced, {outcome.unchanged} unchanged."
            )
            return done(request, url, message)
        context["preview"] = services.measurements_import_preview(
            access=access, metric=metric, data=text, mapping=mapping, filename=filename
        )
    except ValidationFailed as failed:
        context["errors"] = failed.errors
        context["detail"] = failed.detail
    context["header"] = _header(text)
    status = 422 if "errors" in context else 200
    return render(request, "metrics/import.html", context, status=status)


def _header(text: str) -> list[str]:
    try:
        return list(read_csv(text).header)
    except ValidationFailed:
        return []
