"""The feedback inbox and its triage, adding feedback by hand, and the CSV import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.workspace import csv_import, forms, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.csv_import import read_csv
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, back_to, form_version, is_partial
from tandem.workspace.registry import record_type

from .. import selectors, services
from ..models import Feedback, FeedbackKind, FeedbackState, Importance, Sentiment, Source
from ._common import page_context

TABS = (
    ("inbox", "Inbox"),
    ("triaged", "Triaged"),
    ("duplicate", "Duplicates"),
    ("archived", "Archived"),
    ("all", "All"),
)
PAGE = 50


def _choices() -> dict[str, Any]:
    return {
        "sources": Source.choices,
        "kinds": FeedbackKind.choices,
        "sentiments": Sentiment.choices,
        "importances": Importance.choices,
        "item_kinds": [("story", "Story"), ("bug", "Bug")],
    }


def _row_context(access: ProductAccess, feedback: Feedback) -> dict[str, Any]:
    source = ""
    feedback.suggestion = None  # type: ignore[attr-defined]
    if not feedback.kind and not feedback.is_archived:
        suggest, source = selectors.kind_suggester(access=access)
        feedback.suggestion = suggest(feedback.text)  # type: ignore[attr-defined]
    return page_context(
        access,
        f=feedback,
        suggestion_source=source,
        customers=selectors.customer_choices(access=access),
        initiatives=selectors.initiatives_of(access=access),
        **_choices(),
    )


@login_required
def feedback_list(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    tab = request.GET.get("tab", "inbox")
    if tab not in dict(TABS):
        tab = "inbox"
    state = {"inbox": FeedbackState.NEW, "triaged": FeedbackState.TRIAGED}.get(tab)
    if tab == "duplicate":
        state = FeedbackState.DUPLICATE
    page = max(0, int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 0)
    customer = request.GET.get("customer", "")
    rows = selectors.feedback_list(
        access=access,
        state=state,
        kind=request.GET.get("kind") or None,
        customer=int(customer) if customer.isdigit() else None,
        text=request.GET.get("q") or None,
        archived=tab == "archived",
        limit=PAGE + 1,
        offset=page * PAGE,
    )
    suggest, source = selectors.kind_suggester(access=access)
    for f in rows:
        f.suggestion = suggest(f.text) if not f.kind else None  # type: ignore[attr-defined]
    context = page_context(
        access,
        rows=rows[:PAGE],
        more=len(rows) > PAGE,
        page=page,
        tab=tab,
        tabs=TABS,
        inbox=selectors.inbox_count(access=access),
        customers=selectors.customer_choices(access=access),
        initiatives=selectors.initiatives_of(access=access),
        filters=request.GET,
        suggestion_source=source,
        **_choices(),
    )
    return render(request, "insights/feedback.html", context)


def _row(request: HttpRequest, access: ProductAccess, pk: int) -> HttpResponse:
    feedback = selectors.feedback_of(access=access, pk=pk)
    if is_partial(request):
        return render(request, "insights/_feedback_row.html", _row_context(access, feedback))
    url = reverse("insights:feedback", args=[access.product.key])
    return back_to(request, url, "Saved.")


def _change(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    """Classify it, or correct what was said, where and by whom: only what the form changed."""
    spec = record_type("feedback")
    changes = forms.posted_values(request.POST, spec, feedback)
    if changes:
        writes.record_update(
            access=access,
            kind=spec,
            record_id=feedback.pk,
            changes=changes,
            expected_version=form_version(request.POST),
        )


def _link(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    importance = request.POST.get("importance", "2")
    initiative = request.POST.get("initiative", "")
    services.feedback_link(
        access=access,
        feedback_id=feedback.pk,
        item_key=request.POST.get("item", "").strip() or None,
        initiative_id=int(initiative) if initiative.isdigit() else None,
        importance=int(importance) if importance.isdigit() else 0,
    )


def _create_item(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    services.feedback_create_item(
        access=access,
        feedback_id=feedback.pk,
        title=request.POST.get("title", ""),
        kind=request.POST.get("item_kind", ""),
    )


def _duplicate(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    original = request.POST.get("of", "").strip().lstrip("#")
    if not original.isdigit() or len(original) > 18:
        raise ValidationFailed({"duplicate_of": "name the original feedback by its number"})
    services.feedback_mark_duplicate(
        access=access, feedback_id=feedback.pk, original_id=int(original)
    )


def _archive(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    writes.record_archive(access=access, kind="feedback", record_id=feedback.pk)


def _restore(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    writes.record_restore(access=access, kind="feedback", record_id=feedback.pk)


def _unlink(request: HttpRequest, access: ProductAccess, feedback: Feedback) -> None:
    link = selectors.link_of(access=access, pk=request.POST.get("link", "0") or 0)
    if link.feedback_id != feedback.pk:
        raise ValidationFailed({"link": "that link belongs to other feedback"})
    services.feedback_unlink(access=access, link_id=link.pk)


_MOVES: dict[str, Callable[[HttpRequest, ProductAccess, Feedback], None]] = {
    "classify": _change,
    "edit": _change,
    "link": _link,
    "create_item": _create_item,
    "duplicate": _duplicate,
    "archive": _archive,
    "restore": _restore,
    "unlink": _unlink,
}


@login_required
@require_POST
def feedback_triage(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """One triage move on one row: set kind/sentiment, link, create an item, duplicate, archive."""
    access = access_of(request, product_key)
    feedback = selectors.feedback_of(access=access, pk=pk)
    move = _MOVES.get(request.POST.get("action", ""))
    if move is None:
        raise ValidationFailed({"action": "unknown triage action"})
    move(request, access, feedback)
    return _row(request, access, feedback.pk)


# --- CSV import ----------------------------------------------------------------------------


@login_required
def feedback_import(request: HttpRequest, product_key: str) -> HttpResponse:
    """Upload → map columns and preview → import; a bad row refuses the whole file."""
    access = access_of(request, product_key)
    context = page_context(access, fields=services.IMPORT_FIELDS, errors={})
    if request.method != "POST":
        return render(request, "insights/import.html", context)
    upload = request.FILES.get("file")
    if upload is not None:
        filename = upload.name or "upload.csv"
        raw: bytes | str = upload.read(csv_import.MAX_BYTES + 1)  # never a 50 MB echo
    else:
        filename = request.POST.get("filename", "upload.csv")
        raw = request.POST.get("csv", "")
    mapping = {f: request.POST.get(f"map_{f}", "") for f in services.IMPORT_FIELDS}
    mapping = {k: v for k, v in mapping.items() if v}
    context.update({"filename": filename, "mapping": mapping})
    try:
        text = csv_import.decode(raw, filename=filename)
    except ValidationFailed as error:
        context["errors"] = error.errors
        return render(request, "insights/import.html", context, status=422)
    context["csv"] = text
    try:
        preview = services.feedback_import_preview(
            access=access, data=text, mapping=mapping, filename=filename
        )
        context["preview"] = preview
        context["mapped"] = {name: preview.header[i] for name, i in preview.columns.items()}
        if request.POST.get("confirm") == "1":
            records = services.feedback_import(
                access=access, data=text, mapping=mapping, filename=filename
            )
            return back_to(
                request,
                reverse("insights:feedback", args=[access.product.key]),
                f"Imported {len(records)} feedback records into the inbox.",
            )
    except ValidationFailed as error:
        context["errors"] = error.errors
        context["detail"] = error.detail
        if "header" not in context:
            try:
                context["header"] = read_csv(text, filename=filename).header
            except ValidationFailed:
                context["header"] = ()
        return render(request, "insights/import.html", context, status=422)
    context["header"] = preview.header
    return render(request, "insights/import.html", context)
