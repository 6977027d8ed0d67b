"""What a strategy record's page adds to the generic one, the vision board and check-ins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.workspace import forms
from tandem.workspace import views as record_views
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, form_version
from tandem.workspace.registry import Record, RecordType, record_type

from .. import extensions, selectors, services
from ..models import KeyResult
from ._common import back, base_context, say

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
    "segment": "gtm",
    "pricing_plan": "gtm",
    "positioning": "gtm",
    "message": "gtm",
}


def record_url(product_key: str, kind: str, record_id: int) -> str:
    return reverse("strategy:record", args=[product_key, kind.replace("_", "-"), record_id])


def record_page_context(
    access: ProductAccess, spec: RecordType, record: Record | None
) -> dict[str, Any]:
    """The strategy tabs, and what an initiative or a key result shows besides its fields."""
    context = base_context(access, _TABS[spec.name])
    if spec.name == "decision":
        # A Product Owner records tactical decisions directly; the page offers the form.
        context["offer_tactical"] = context["rights"].tactical
    if isinstance(record, KeyResult):
        context["check_ins"] = record.check_ins.select_related("created_by").order_by(
            "-checked_on", "-id"
        )[:20]
    if spec.name == "initiative" and record is not None:
        context["work"] = extensions.work(access).by_initiative.get(record.pk)
        context["costs"] = [
            r for r in selectors.cost_summary(access=access).rows if r.initiative.pk == record.pk
        ]
    return context


@login_required
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, product_key: str) -> HttpResponse:
    """The vision board: created on the first save, edited from the version read after that."""
    access = access_of(request, product_key)
    spec = record_type("vision")
    vision = selectors.vision_of(access.product)
    if request.method == "POST":
        changes = forms.posted_values(request.POST, spec, vision)
        try:
            outcome = services.vision_save(
                access=access, changes=changes, expected_version=form_version(request.POST)
            )
        except ValidationFailed as failed:
            context = record_views.page_context(access, spec, vision, changes, failed.errors)
            return record_views.render_page(request, context, status=422)
        say(request, outcome, "Vision saved.")
        return back(request, reverse("strategy:index", args=[product_key]))
    if vision is not None:
        return record_views.record_page(request, product_key, "vision", vision.pk)
    context = record_views.page_context(access, spec, None, {}) | {"vision_form": True}
    return record_views.render_page(request, context)


@login_required
@require_POST
def check_in(request: HttpRequest, product_key: str, record_id: int) -> HttpResponse:
    access = access_of(request, product_key)
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
