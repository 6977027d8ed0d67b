"""One strategy record: create, read with history, edit, archive, restore, check in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .. import selectors, services
from ..kinds import Kind, kind_named
from ..models import KeyResult
from ._common import (
    access_for,
    back,
    base_context,
    form_fields,
    posted_fields,
    required_version,
    say,
)

_TABS = {
    "vision": "strategy",
    "objective": "strategy",
    "key_result": "strategy",
    "initiative": "roadmap",
    "market_note": "market",
    "competitor": "market",
    "capability": "market",
    "cost_line": "costs",
    "decision": "decisions",
}


def record_url(product_key: str, kind: str, record_id: int) -> str:
    return reverse("strategy:record", args=[product_key, kind.replace("_", "-"), record_id])


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, product_key: str, kind: str) -> HttpResponse:
    access = access_for(request, product_key)
    spec = kind_named(kind)
    if request.method == "POST":
        posted = posted_fields(request.POST, spec, None)
        try:
            outcome = services.record_create(access=access, kind=spec.name, fields=posted)
        except ValidationFailed as failed:
            return _refused(request, access, spec, None, posted, failed)
        say(request, outcome, f"{spec.label} created.")
        if outcome.record is not None:
            return back(request, record_url(product_key, spec.name, outcome.record.pk))
        return back(request, reverse("strategy:index", args=[product_key]))
    initial = {k: v for k, v in request.GET.items() if k in spec.field_names}
    if "objectives" in initial:
        initial["objectives"] = [initial["objectives"]]
    context = base_context(access, _TABS[spec.name]) | {
        "kind": spec,
        "fields": form_fields(access, spec, None, initial),
        "record": None,
    }
    return render(request, "strategy/record.html", context)


def _refused(
    request: HttpRequest,
    access: ProductAccess,
    spec: Kind,
    found: models.Model | None,
    posted: dict[str, Any],
    failed: ValidationFailed,
) -> HttpResponse:
    """The form again, with what was typed and a message on each wrong field."""
    context = base_context(access, _TABS[spec.name]) | {
        "kind": spec,
        "record": found,
        "fields": form_fields(access, spec, found, posted, failed.errors),
        "form_errors": failed.errors,
    }
    if found is not None:
        context["history"] = selectors.history_of(access=access, kind=spec, record_id=found.pk)[:50]
    return render(request, "strategy/record.html", context, status=422)


@login_required
@require_GET
def record(request: HttpRequest, product_key: str, kind: str, record_id: int) -> HttpResponse:
    access = access_for(request, product_key)
    spec = kind_named(kind)
    found = selectors.record_of(access=access, kind=spec.name, record_id=record_id)
    context = base_context(access, _TABS[spec.name]) | {
        "kind": spec,
        "record": found,
        "fields": form_fields(access, spec, found, {}),
        "history": selectors.history_of(access=access, kind=spec, record_id=record_id)[:50],
    }
    if isinstance(found, KeyResult):
        context["check_ins"] = found.check_ins.select_related("created_by").order_by(
            "-checked_on", "-id"
        )[:20]
    if spec.name == "initiative":
        from .. import extensions

        context["work"] = extensions.work(access).by_initiative.get(record_id)
        context["costs"] = [
            r for r in selectors.cost_summary(access=access).rows if r.initiative.pk == record_id
        ]
    return render(request, "strategy/record.html", context)


@login_required
@require_POST
def record_update(
    request: HttpRequest, product_key: str, kind: str, record_id: int
) -> HttpResponse:
    access = access_for(request, product_key)
    spec = kind_named(kind)
    found = selectors.record_of(access=access, kind=spec.name, record_id=record_id)
    changes = posted_fields(request.POST, spec, found)
    url = record_url(product_key, spec.name, record_id)
    if not changes:
        messages.info(request, "Nothing changed.")
        return back(request, url)
    try:
        if spec.name == "vision":
            outcome = services.vision_save(
                access=access, changes=changes, expected_version=required_version(request.POST)
            )
        else:
            outcome = services.record_update(
                access=access,
                kind=spec.name,
                record_id=record_id,
                changes=changes,
                expected_version=required_version(request.POST),
            )
    except ValidationFailed as failed:
        return _refused(request, access, spec, found, changes, failed)
    say(request, outcome, f"{spec.label} saved.")
    return back(request, url)


@login_required
@require_POST
def record_archive(
    request: HttpRequest, product_key: str, kind: str, record_id: int
) -> HttpResponse:
    access = access_for(request, product_key)
    spec = kind_named(kind)
    if request.POST.get("restore"):
        outcome = services.record_restore(access=access, kind=spec.name, record_id=record_id)
        say(request, outcome, f"{spec.label} restored.")
    else:
        outcome = services.record_archive(access=access, kind=spec.name, record_id=record_id)
        say(request, outcome, f"{spec.label} archived; restore it from the archive.")
    return back(request, record_url(product_key, spec.name, record_id))


@login_required
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    spec = kind_named("vision")
    vision = selectors.vision_of(access.product)
    if request.method == "POST":
        changes = posted_fields(request.POST, spec, vision)
        version = request.POST.get("version", "")
        outcome = services.vision_save(
            access=access,
            changes=changes,
            expected_version=int(version) if version.isdigit() else None,
        )
        say(request, outcome, "Vision saved.")
        return back(request, reverse("strategy:index", args=[product_key]))
    if vision is not None:
        return record(request, product_key, "vision", vision.pk)
    context = base_context(access, "strategy") | {
        "kind": spec,
        "fields": form_fields(access, spec, None, {}),
        "record": None,
        "vision_form": True,
    }
    return render(request, "strategy/record.html", context)


@login_required
@require_POST
def check_in(request: HttpRequest, product_key: str, record_id: int) -> HttpResponse:
    access = access_for(request, product_key)
    raw = request.POST.get("value", "").replace(",", ".").strip()
    try:
        value = float(raw)
    except ValueError:
        raise ValidationFailed({"value": "must be a number"}) from None
    services.key_result_check_in(
        access=access, key_result_id=record_id, value=value, note=request.POST.get("note", "")
    )
    messages.success(request, "Check-in recorded.")
    return back(request, record_url(product_key, "key_result", record_id))
