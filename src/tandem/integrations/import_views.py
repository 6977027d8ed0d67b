"""The import and export page: upload, map CSV columns, check (a dry run), confirm; export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.integrations.sources import TARGETS
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, back_to, current_user

from . import runs
from .import_models import ImportRun, RunKind, RunState
from .importers.reading import SOURCES, Upload, csv_header, csv_mapping_guess
from .importers.services import require_importer

MAX_UPLOAD = 500 * 1024 * 1024


def _access(request: HttpRequest, product_key: str) -> ProductAccess:
    access = access_of(request, product_key)
    require_importer(access)
    return access


def _accept_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/invitations/{token}/").replace("%7Btoken%7D", "{token}")


def _page(
    request: HttpRequest, access: ProductAccess, status: int = 200, **more: Any
) -> HttpResponse:
    context = {
        "product": access.product,
        "access": access,
        "sources": SOURCES,
        "runs": list(runs.runs_of(access=access)[:20]),
        "errors": {},
    } | more
    return render(request, "integrations/imports.html", context, status=status)


@login_required
def imports(request: HttpRequest, product_key: str) -> HttpResponse:
    """The page; a posted file is checked first (a dry run), then shown for confirming."""
    access = _access(request, product_key)
    if request.method != "POST":
        return _page(request, access)
    files = [Upload(f.name or "upload", f.read(MAX_UPLOAD)) for f in request.FILES.getlist("file")]
    source = request.POST.get("source", "")
    try:
        run = runs.run_create(
            user=current_user(request),
            product_key=access.product.key,
            source=source,
            files=files,
            dry_run=True,
            accept_url=_accept_url(request),
            mapping=csv_mapping_guess(files[0]) if source == "csv" and files else None,
        )
    except ValidationFailed as failed:
        return _page(request, access, status=422, errors=failed.errors)
    return back_to(request, reverse("imports:run", args=[access.product.key, run.pk]))


def _run(request: HttpRequest, access: ProductAccess, run_id: int) -> ImportRun:
    return runs.run_of(user=current_user(request), product_key=access.product.key, run_id=run_id)


@login_required
def run_detail(request: HttpRequest, product_key: str, run_id: int) -> HttpResponse:
    access = _access(request, product_key)
    run = _run(request, access, run_id)
    context: dict[str, Any] = {
        "product": access.product,
        "access": access,
        "run": run,
        "targets": list(TARGETS),
    }
    if run.source == "csv" and run.dry_run and run.payload:
        upload = Upload(run.filename, bytes(run.payload))
        context["header"] = csv_header(upload)
        context["mapping"] = run.mapping.get("columns", {})
    return render(request, "integrations/run.html", context)


@login_required
@require_POST
def run_confirm(request: HttpRequest, product_key: str, run_id: int) -> HttpResponse:
    """Import what a dry run checked, with the columns chosen on its page."""
    access = _access(request, product_key)
    checked = _run(request, access, run_id)
    mapping = {t: request.POST[f"map_{t}"] for t in TARGETS if request.POST.get(f"map_{t}")}
    dry_run = request.POST.get("check") == "1"
    run = runs.run_create(
        user=current_user(request),
        product_key=access.product.key,
        source=checked.source,
        files=[Upload(checked.filename, bytes(checked.payload))],
        dry_run=dry_run,
        mapping=mapping or checked.mapping.get("columns") or None,
        status_map=checked.mapping.get("statuses") or None,
        accept_url=_accept_url(request),
    )
    return back_to(request, reverse("imports:run", args=[access.product.key, run.pk]))


@login_required
@require_POST
def export(request: HttpRequest, product_key: str) -> HttpResponse:
    access = _access(request, product_key)
    run = runs.export_create(access=access)
    return back_to(
        request,
        reverse("imports:run", args=[access.product.key, run.pk]),
        "The archive is being written; it is listed below when ready.",
    )


@login_required
def export_download(request: HttpRequest, product_key: str, run_id: int) -> HttpResponse:
    access = _access(request, product_key)
    run = _run(request, access, run_id)
    if run.kind != RunKind.EXPORT or run.state != RunState.DONE:
        raise ValidationFailed({"run": "is not a finished export"})
    response = HttpResponse(bytes(run.payload), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response
