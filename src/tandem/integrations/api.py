"""Imports and archives over the API: upload, follow the run, download the archive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, current_user

from . import runs
from .import_models import ImportRun, RunState
from .importers.reading import Upload

router = Router(tags=["imports"])
P = "/products/{product_key}"


class ImportRunOut(Schema):
    id: int
    kind: str
    source: str
    filename: str
    dry_run: bool
    state: str
    progress: int
    summary: dict[str, Any]
    problems: list[dict[str, Any]]
    created_at: datetime
    finished_at: datetime | None
    url: str
    download: str | None


def _out(run: ImportRun) -> dict[str, Any]:
    base = f"/api/v1/products/{run.product_key}"
    path = "exports" if run.kind == "export" else "imports"
    done_export = run.kind == "export" and run.state == RunState.DONE
    return {
        "id": run.pk,
        "kind": run.kind,
        "source": run.source,
        "filename": run.filename,
        "dry_run": run.dry_run,
        "state": run.state,
        "progress": run.progress,
        "summary": run.summary,
        "problems": run.problems,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "url": f"{base}/{path}/{run.pk}",
        "download": f"{base}/exports/{run.pk}/archive" if done_export else None,
    }


def _pairs(text: str, name: str) -> dict[str, str]:
    """``column=field`` pairs, one a line or comma-separated."""
    pairs: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        left, sep, right = part.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValidationFailed({name: f"{part.strip()!r} is not NAME=VALUE"})
        pairs[left.strip()] = right.strip()
    return pairs


@router.post(
    P + "/imports",
    response={202: ImportRunOut},
    summary="Import a file (multipart `file`, repeatable) from jira, github, trello, csv, or a "
    "Tandem archive; `dry_run=true` checks and lists, writing nothing",
)
def import_create(
    request: HttpRequest,
    product_key: str,
    file: File[list[UploadedFile]],
    source: Form[str],
    dry_run: Form[bool] = False,
    mapping: Form[str] = "",
    statuses: Form[str] = "",
) -> Status[Any]:
    columns = {field: column for column, field in _pairs(mapping, "mapping").items()}
    run = runs.run_create(
        user=current_user(request),
        product_key=product_key,
        source=source,
        files=[Upload(f.name or "upload", f.read()) for f in file],
        dry_run=dry_run,
        mapping=columns,
        status_map=_pairs(statuses, "statuses"),
        accept_url=request.build_absolute_uri("/invitations/{token}/").replace(
            "%7Btoken%7D", "{token}"
        ),
    )
    run.refresh_from_db()
    return Status(202, _out(run))


@router.get(
    P + "/imports", response=list[ImportRunOut], summary="This product's imports and exports"
)
def import_list(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    return [_out(run) for run in runs.runs_of(access=access_of(request, product_key))[:50]]


@router.get(
    P + "/imports/{run_id}", response=ImportRunOut, summary="An import: progress and outcome"
)
def import_get(request: HttpRequest, product_key: str, run_id: int) -> dict[str, Any]:
    return _out(runs.run_of(user=current_user(request), product_key=product_key, run_id=run_id))


@router.post(
    P + "/exports", response={202: ImportRunOut}, summary="Export the product as an archive"
)
def export_create(request: HttpRequest, product_key: str) -> Status[Any]:
    run = runs.export_create(access=access_of(request, product_key))
    run.refresh_from_db()
    return Status(202, _out(run))


@router.get(
    P + "/exports/{run_id}", response=ImportRunOut, summary="An export: progress and outcome"
)
def export_get(request: HttpRequest, product_key: str, run_id: int) -> dict[str, Any]:
    return _out(runs.run_of(user=current_user(request), product_key=product_key, run_id=run_id))


@router.get(P + "/exports/{run_id}/archive", summary="Download a finished export (a zip)")
def export_download(request: HttpRequest, product_key: str, run_id: int) -> HttpResponse:
    run = runs.run_of(user=current_user(request), product_key=product_key, run_id=run_id)
    if run.kind != "export" or run.state != RunState.DONE:
        raise ValidationFailed({"run_id": "is not a finished export"})
    response = HttpResponse(bytes(run.payload), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response
