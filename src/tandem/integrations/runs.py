"""Imports and exports asked for from the web or the API, worked as background jobs.

The request stores the upload in an :class:`ImportRun` and queues a module-level
job with the run's id; the job reports progress on the run and leaves its
outcome there (what was created, every refused record, or the archive to download).
Running a finished run again does nothing, so a retried job is harmless.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tandem.workspace import jobs
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import DomainError, NotFound, ValidationFailed
from tandem.workspace.models import Product, User

from .import_models import ImportRun, RunKind, RunState
from .importers.planning import problem_dict
from .importers.reading import SOURCES, Upload
from .importers.services import ImportRefused, import_file, importer_access, require_importer

ARCHIVE = "archive"


def _split_files(data: bytes, filename: str) -> list[Upload]:
    """A run keeps one payload; several files of one export travel as a zip of them."""
    if zipfile.is_zipfile(io.BytesIO(data)) and not filename.endswith(".tandem.zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            names = bundle.namelist()
            if "manifest.json" not in names:
                return [Upload(n, bundle.read(n)) for n in sorted(names) if not n.endswith("/")]
    return [Upload(filename, data)]


def run_create(
    *,
    user: User,
    product_key: str,
    source: str,
    files: list[Upload],
    dry_run: bool,
    mapping: Mapping[str, str] | None = None,
    status_map: Mapping[str, str] | None = None,
    accept_url: str,
) -> ImportRun:
    """Store the upload and queue its import; ``source="archive"`` reads a Tandem archive."""
    if source not in (*SOURCES, ARCHIVE):
        raise ValidationFailed({"source": f"must be one of {', '.join((*SOURCES, ARCHIVE))}"})
    if not files:
        raise ValidationFailed({"file": "is required"})
    access = importer_access(user=user, product_key=product_key)
    payload, filename = files[0].data, files[0].filename
    if len(files) > 1:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for upload in files:
                bundle.writestr(upload.filename, upload.data)
        payload, filename = buffer.getvalue(), "upload.zip"
    run = ImportRun.objects.create(
        product=access.product if access else None,
        product_key=product_key.strip().upper(),
        kind=RunKind.ARCHIVE_IMPORT if source == ARCHIVE else RunKind.IMPORT,
        source=source,
        filename=filename[:255],
        mapping={
            "columns": dict(mapping or {}),
            "statuses": dict(status_map or {}),
            "accept_url": accept_url,
        },
        dry_run=dry_run,
        payload=payload,
        created_by=user,
    )
    jobs.enqueue(run_import, run_id=run.pk)
    return run


def export_create(*, access: ProductAccess) -> ImportRun:
    require_importer(access)
    run = ImportRun.objects.create(
        product=access.product,
        product_key=access.product.key,
        kind=RunKind.EXPORT,
        source=ARCHIVE,
        filename=f"{access.product.key.lower()}.tandem.zip",
        created_by=access.user,
    )
    jobs.enqueue(run_export, run_id=run.pk)
    return run


def _progress(run_id: int):  # type: ignore[no-untyped-def]
    def report(percent: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(progress=min(percent, 100))

    return report


def _start(run_id: int) -> ImportRun | None:
    started = ImportRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING
    )
    return ImportRun.objects.select_related("created_by").get(pk=run_id) if started else None


def _finish(run: ImportRun, state: str, **values: Any) -> None:
    for name, value in values.items():
        setattr(run, name, value)
    run.state = state
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


def run_import(*, run_id: int) -> None:
    """The job: import a stored upload, leaving the outcome on the run."""
    run = _start(run_id)
    if run is None or run.created_by is None:
        return
    data = bytes(run.payload)
    try:
        if run.source == ARCHIVE:
            from .archive import services as archive

            summary = archive.archive_import(
                user=run.created_by,
                data=data,
                filename=run.filename,
                product_key=run.product_key,
                dry_run=run.dry_run,
            )
        else:
            summary = import_file(
                user=run.created_by,
                product_key=run.product_key,
                source=run.source,
                files=_split_files(data, run.filename),
                mapping=run.mapping.get("columns") or None,
                status_map=run.mapping.get("statuses") or None,
                dry_run=run.dry_run,
                accept_url=run.mapping.get("accept_url") or "/invitations/{token}/",
                progress=_progress(run.pk),
            ).summary
    except ImportRefused as refused:
        _finish(run, RunState.FAILED, problems=[problem_dict(p) for p in refused.problems])
        return
    except ValidationFailed as failed:
        problems = [
            {"file": run.filename, "record": "", "field": k, "message": v}
            for k, v in failed.errors.items()
        ]
        _finish(run, RunState.FAILED, problems=problems)
        return
    except DomainError as refused:  # no right to create the product, or it went away
        problem = {"file": run.filename, "record": "", "field": "", "message": refused.detail}
        _finish(run, RunState.FAILED, problems=[problem])
        return
    product = Product.objects.filter(key=run.product_key).first()
    kept = data if run.dry_run else b""  # a checked upload stays until it is confirmed
    _finish(
        run,
        RunState.DONE,
        summary=json.loads(json.dumps(summary, default=str)),
        problems=summary.get("refused", []),
        product=product,
        payload=kept,
    )


def run_export(*, run_id: int) -> None:
    """The job: write the product's archive onto the run, for download."""
    from .archive import services as archive

    run = _start(run_id)
    if run is None or run.product is None:
        return
    data, counts = archive.archive_bytes(product=run.product)
    _finish(run, RunState.DONE, payload=data, summary={"counts": counts, "bytes": len(data)})


def runs_of(*, access: ProductAccess) -> QuerySet[ImportRun]:
    require_importer(access)
    return (
        ImportRun.objects.filter(product_key=access.product.key)
        .defer("payload")
        .order_by("-created_at", "-id")
    )


def run_of(*, user: User, product_key: str, run_id: int) -> ImportRun:
    """A run the caller may see: theirs, or any of a product they import for."""
    run = ImportRun.objects.filter(pk=run_id, product_key=product_key.strip().upper()).first()
    if run is None:
        raise NotFound("No such import.")
    if run.created_by_id != user.pk:
        access = importer_access(user=user, product_key=product_key)
        if access is None:
            raise NotFound("No such import.")
    return run
