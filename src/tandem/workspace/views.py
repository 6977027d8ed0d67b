"""The plain verbs as pages, for every registered record type, and the decider's queue.

A record's page shows its fields as a form (for those who may write or
propose) or as a list (for readers), its history, and archive or restore. A
type may name its own template (extending ``records/record.html``) and add to
the context; everything else comes from the registry.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import forms, proposals, writes
from .access import ProductAccess
from .errors import ValidationFailed
from .http import access_of, done, form_version, is_partial, required_version, toast
from .models import Event
from .notifications.views import watch_context
from .registry import Record, RecordType, record_type, snapshot
from .rights import Level
from .selectors import events_for


def _spec(kind: str) -> RecordType:
    try:
        spec = record_type(kind.replace("-", "_"))
    except LookupError:
        from .errors import NotFound

        raise NotFound(f"No kind of record called {kind!r}.") from None
    return spec


def record_url(product_key: str, spec: RecordType, record_id: int) -> str:
    return reverse("records:record", args=[product_key, spec.name.replace("_", "-"), record_id])


def may_write(access: ProductAccess, spec: RecordType, record: Record | None) -> str:
    """ "write", "propose" or "" — what the page offers this person for this record."""
    values = snapshot(spec, record) if record is not None else {}
    level = access.level(spec.action_of(record, values))
    needed = spec.create_level if record is None else Level.EDIT
    if level >= needed:
        return "write"
    if spec.may_change(access, record):
        return "write"
    if level == Level.PROPOSE and spec.operations:
        return "propose"
    return ""


def page_context(
    access: ProductAccess,
    spec: RecordType,
    record: Record | None,
    initial: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "access": access,
        "product": access.product,
        "kind": spec,
        "kind_slug": spec.name.replace("-", "_").replace("_", "-"),
        "record": record,
        "fields": forms.form_fields(access, spec, record, initial, errors),
        "form_errors": errors or {},
        "offer": may_write(access, spec, record),
        "readable": spec.readable_fields(access),
    }
    if record is not None:
        events = events_for(access=access, object_type=spec.name, object_id=record.pk)[:50]
        context["history"] = [history_row(event, spec, context["readable"]) for event in events]
        context["pending"] = list(proposals.pending_on(access, spec, record.pk))
        context["watch"] = watch_context(access, spec.name, record.pk)
    if spec.page is not None and spec.page.context is not None:
        context |= spec.page.context(access, spec, record)
    return context


@dataclass(frozen=True)
class HistoryRow:
    event: Event
    changes: list[tuple[str, Any, Any]]  # (field, before, after) of the fields this reader sees


def history_row(event: Event, spec: RecordType, readable: Collection[str]) -> HistoryRow:
    """An event's changed fields, read in Python: a field named "items" would otherwise
    shadow the dict's ``items`` method in the template."""
    before = event.before or {}
    changes = [
        (field, before.get(field), value)
        for field, value in (event.after or {}).items()
        if field in readable or field not in spec.fields
    ]
    return HistoryRow(event=event, changes=changes)


def render_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    spec: RecordType = context["kind"]
    template = spec.page.template if spec.page is not None else "records/record.html"
    return render(request, template, context, status=status)


def _said(request: HttpRequest, outcome: writes.Outcome, spec: RecordType, done_text: str) -> None:
    if outcome.proposal is not None:
        messages.info(request, f"Sent as a proposal to whoever decides {spec.label.lower()}s.")
    else:
        messages.success(request, done_text)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, product_key: str, kind: str) -> HttpResponse:
    access = access_of(request, product_key)
    spec = _spec(kind)
    if request.method == "POST":
        posted = forms.posted_values(request.POST, spec, None)
        try:
            outcome = writes.record_create(access=access, kind=spec, fields=posted)
        except ValidationFailed as failed:
            context = page_context(access, spec, None, posted, failed.errors)
            return render_page(request, context, status=422)
        _said(request, outcome, spec, f"{spec.label} created.")
        if outcome.record is not None:
            return redirect(
                request.POST.get("next") or record_url(product_key, spec, outcome.record.pk)
            )
        return redirect(request.POST.get("next") or request.path)
    names = set(spec.fields)
    initial: dict[str, Any] = {}
    for name, value in request.GET.lists():
        if name in names:
            many = forms.widget(spec, name) == forms.REFS
            initial[name] = value if many else value[-1]
    return render_page(request, page_context(access, spec, None, initial))


def _record_of(
    request: HttpRequest, product_key: str, kind: str, record_id: int
) -> tuple[ProductAccess, RecordType, Record]:
    access = access_of(request, product_key)
    spec = _spec(kind)
    return access, spec, writes.find(spec, access, record_id)


@login_required
@require_GET
def record_page(request: HttpRequest, product_key: str, kind: str, record_id: int) -> HttpResponse:
    access, spec, record = _record_of(request, product_key, kind, record_id)
    return render_page(request, page_context(access, spec, record, {}))


@login_required
@require_POST
def record_edit(request: HttpRequest, product_key: str, kind: str, record_id: int) -> HttpResponse:
    access, spec, record = _record_of(request, product_key, kind, record_id)
    changes = forms.posted_values(request.POST, spec, record)
    url = request.POST.get("next") or record_url(product_key, spec, record_id)
    if not changes:
        messages.info(request, "Nothing changed.")
        return redirect(url)
    try:
        outcome = writes.record_update(
            access=access,
            kind=spec,
            record_id=record_id,
            changes=changes,
            expected_version=required_version(request.POST),
        )
    except ValidationFailed as failed:
        return render_page(request, page_context(access, spec, record, changes, failed.errors), 422)
    _said(request, outcome, spec, f"{spec.label} saved.")
    return redirect(url)


@login_required
@require_POST
def record_archive(
    request: HttpRequest, product_key: str, kind: str, record_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    spec = _spec(kind)
    version = form_version(request.POST)
    if request.POST.get("restore"):
        outcome = writes.record_restore(
            access=access, kind=spec, record_id=record_id, expected_version=version
        )
        _said(request, outcome, spec, f"{spec.label} restored.")
    else:
        outcome = writes.record_archive(
            access=access, kind=spec, record_id=record_id, expected_version=version
        )
        _said(request, outcome, spec, f"{spec.label} archived; restore it from its page.")
    return redirect(request.POST.get("next") or record_url(product_key, spec, record_id))


# --- the decider's queue ----------------------------------------------------------------------


def queue_context(
    access: ProductAccess, *, record_types: list[str] | None = None
) -> dict[str, Any]:
    waiting = list(proposals.queue(access, record_types=record_types))
    return {
        "access": access,
        "product": access.product,
        "proposals": [proposals.described(p) for p in waiting],
    }


@login_required
@require_GET
def queue(request: HttpRequest, product_key: str) -> HttpResponse:
    """Every proposal the caller decides, whatever its kind, oldest first."""
    access = access_of(request, product_key)
    return render(request, "records/queue.html", queue_context(access))


@login_required
@require_POST
def queue_decide(request: HttpRequest, product_key: str, proposal_id: int) -> HttpResponse:
    """Accept (confirming the current version when the record changed since) or decline."""
    access = access_of(request, product_key)
    if request.POST.get("answer") == "decline":
        proposals.proposal_decline(
            access=access, proposal_id=proposal_id, reason=request.POST.get("reason", "")
        )
        message = "Declined; the proposer sees your reason."
    else:
        proposals.proposal_accept(
            access=access,
            proposal_id=proposal_id,
            confirmed_version=form_version(request.POST, "confirmed_version"),
        )
        message = "Accepted and applied."
    if is_partial(request):
        # The card leaves the queue (an empty swap); the notice says what happened.
        return HttpResponse(toast(request, message))
    return done(
        request, request.POST.get("next") or reverse("records:queue", args=[product_key]), message
    )
