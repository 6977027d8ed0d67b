"""Recording, correcting and importing a metric's values from its page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.metrics import selectors, services
from tandem.metrics.models import Metric
from tandem.workspace import csv_import, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.csv_import import read_csv
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import (
    access_of,
    done,
    form_version,
    htmx_response,
    toast,
)

from .metrics import series_context
from .rights import as_number, edit_posted


def _answer(
    request: HttpRequest, access: ProductAccess, metric: Metric, message: str
) -> HttpResponse:
    """HTMX swaps the series (chart, table) and shows a toast; a plain post goes back."""
    if not getattr(request, "htmx", False):
        return done(
            request, reverse("metrics:detail", args=[access.product.key, metric.pk]), message
        )
    html = render_to_string(
        "metrics/_series.html", series_context(request, access, metric), request
    )
    return htmx_response(html + toast(request, message))


@login_required
@require_POST
def measurement_add(request: HttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    post = request.POST
    outcome = services.measurement_record(
        access=access,
        metric_id=metric_id,
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
    return _answer(request, access, outcome.measurement.metric, message)


@login_required
@require_POST
def measurement_update(request: HttpRequest, product_key: str, measurement_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    post = request.POST
    changes = as_number({f: post[f] for f in services.MEASUREMENT_FIELDS if f in post}, "value")
    outcome = edit_posted(request, access, "measurement", measurement_id, changes)
    value = outcome.record
    assert value is not None  # a measurement is edited, never proposed
    return _answer(request, access, value.metric, f"{value.measured_on.isoformat()} saved.")


@login_required
@require_POST
def measurement_archive(
    request: HttpRequest, product_key: str, measurement_id: int
) -> HttpResponse:
    """Archive a value (it leaves the chart), or restore it with ``restore``."""
    access = access_of(request, product_key)
    restore = bool(request.POST.get("restore"))
    verb = writes.record_restore if restore else writes.record_archive
    value = verb(
        access=access,
        kind="measurement",
        record_id=measurement_id,
        expected_version=form_version(request.POST),
    ).record
    assert value is not None
    day = value.measured_on.isoformat()
    message = f"{day} restored." if restore else f"{day} archived; restore it below the table."
    return _answer(request, access, value.metric, message)


# --- CSV import --------------------------------------------------------------------------


def _upload(request: HttpRequest) -> services.CsvUpload:
    upload = request.FILES.get("file")
    if upload is not None:
        filename = upload.name or "upload.csv"
        # Read no further than the cap: a huge file is refused, never echoed back.
        text = csv_import.read_upload(upload, filename=filename)
    else:
        text = request.POST.get("csv_text", "")
        filename = request.POST.get("filename", "upload.csv")[:200]
    if not text.strip():
        raise ValidationFailed({"file": "choose a CSV file to import"})
    mapping = {
        field: request.POST.get(f"column_{field}", "").strip()
        for field in services.MEASUREMENT_FIELDS
        if request.POST.get(f"column_{field}", "").strip()
    }
    return services.CsvUpload(data=text, mapping=mapping, filename=filename)


@login_required
@require_POST
def import_measurements(request: HttpRequest, product_key: str, metric_id: int) -> HttpResponse:
    """Step one (preview) shows what the file would do; step two (confirm) writes it."""
    access = access_of(request, product_key)
    metric = selectors.metric_of(access=access, metric_id=metric_id)
    upload = _upload(request)
    confirm = request.POST.get("confirm") == "1"
    context: dict[str, Any] = {
        "access": access,
        "product": access.product,
        "metric": metric,
        "csv_text": upload.data,
        "filename": upload.filename,
        "mapping": upload.mapping,
        "fields": services.MEASUREMENT_FIELDS,
        "confirming": confirm,
    }
    try:
        if confirm:
            outcome = services.measurements_import(
                access=access, metric_id=metric.pk, upload=upload
            )
            days = "new day" if outcome.created == 1 else "new days"
            message = (
                f"Imported {upload.filename}: {outcome.created:,} {days}, "
                f"{outcome.updated} replaced, {outcome.unchanged} unchanged."
            )
            url = reverse("metrics:detail", args=[access.product.key, metric.pk])
            return done(request, url, message)
        context["preview"] = services.measurements_import_preview(
            access=access, metric_id=metric.pk, upload=upload
        )
    except ValidationFailed as failed:
        context["errors"] = failed.errors
        context["detail"] = failed.detail
    context["header"] = _header(str(upload.data))
    status = 422 if "errors" in context else 200
    return render(request, "metrics/import.html", context, status=status)


def _header(text: str) -> list[str]:
    try:
        return list(read_csv(text).header)
    except ValidationFailed:
        return []
