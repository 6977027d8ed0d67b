"""The feedback inbox and its triage, adding feedback by hand, and the CSV import."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.backlog.models import Kind
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from .. import selectors, services
from ..models import Feedback, FeedbackKind, FeedbackState, Importance, Sentiment, Source
from ..services.feedback import FEEDBACK_FIELDS, IMPORT_FIELDS
from ._common import Rights, access_of, back, form_fields, form_version, refused

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
        "item_kinds": [(Kind.STORY, "Story"), (Kind.BUG, "Bug")],
    }


def _row_context(access: ProductAccess, feedback: Feedback) -> dict[str, Any]:
    source = ""
    feedback.suggestion = None  # type: ignore[attr-defined]
    if not feedback.kind and not feedback.is_archived:
        suggest, source = selectors.kind_suggester(access=access)
        feedback.suggestion = suggest(feedback.text)  # type: ignore[attr-defined]
    return {
        "f": feedback,
        "rights": Rights.of(access),
        "product": access.product,
        "suggestion_source": source,
        "customers": selectors.customer_choices(access=access),
        "initiatives": selectors.initiatives_of(access=access),
        **_choices(),
    }


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
    return render(
        request,
        "insights/feedback.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "rows": rows[:PAGE],
            "more": len(rows) > PAGE,
            "page": page,
            "tab": tab,
            "tabs": TABS,
            "inbox": selectors.inbox_count(access=access),
            "customers": selectors.customer_choices(access=access),
            "initiatives": selectors.initiatives_of(access=access),
            "filters": request.GET,
            "suggestion_source": source,
            **_choices(),
        },
    )


@login_required
@require_POST
def feedback_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    url = reverse("insights:feedback", args=[access.product.key])
    fields = {k: v for k, v in form_fields(request.POST, FEEDBACK_FIELDS).items() if v != ""}
    fields.setdefault("text", "")
    try:
        services.feedback_create(access=access, fields=fields)
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "Feedback added to the inbox.")


def _row(request: HttpRequest, access: ProductAccess, pk: int) -> HttpResponse:
    feedback = selectors.feedback_of(access=access, pk=pk)
    if getattr(request, "htmx", False):
        return render(request, "insights/_feedback_row.html", _row_context(access, feedback))
    return back(request, reverse("insights:feedback", args=[access.product.key]), "Saved.")


@login_required
@require_POST
def feedback_triage(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """One triage move on one row: set kind/sentiment, link, create an item, duplicate, archive."""
    access = access_of(request, product_key)
    feedback = selectors.feedback_of(access=access, pk=pk)
    action = request.POST.get("action", "")
    if action == "classify":
        changes = form_fields(request.POST, ("kind", "sentiment"))
        services.feedback_update(
            access=access,
            feedback=feedback,
            changes=changes,
            expected_version=form_version(request.POST),
        )
    elif action == "edit":
        services.feedback_update(
            access=access,
            feedback=feedback,
            changes=form_fields(request.POST, ("text", "source", "customer", "received_on")),
            expected_version=form_version(request.POST),
        )
    elif action == "link":
        importance = request.POST.get("importance", "2")
        initiative = request.POST.get("initiative", "")
        services.feedback_link(
            access=access,
            feedback=feedback,
            item_key=request.POST.get("item", "").strip() or None,
            initiative_id=int(initiative) if initiative.isdigit() else None,
            importance=int(importance) if importance.isdigit() else 0,
        )
    elif action == "create_item":
        services.feedback_create_item(
            access=access,
            feedback=feedback,
            title=request.POST.get("title", ""),
            kind=request.POST.get("item_kind", ""),
        )
    elif action == "duplicate":
        original = request.POST.get("of", "").strip().lstrip("#")
        services.feedback_mark_duplicate(
            access=access,
            feedback=feedback,
            original=selectors.feedback_of(access=access, pk=original or 0),
        )
    elif action == "archive":
        services.feedback_archive(access=access, feedback=feedback)
    elif action == "restore":
        services.feedback_restore(access=access, feedback=feedback)
    elif action == "unlink":
        link = selectors.link_of(access=access, pk=request.POST.get("link", "0") or 0)
        if link.feedback_id != feedback.pk:
            raise ValidationFailed({"link": "that link belongs to other feedback"})
        services.feedback_unlink(access=access, link=link)
    else:
        raise ValidationFailed({"action": "unknown triage action"})
    return _row(request, access, feedback.pk)


# --- CSV import ----------------------------------------------------------------------------


@login_required
def feedback_import(request: HttpRequest, product_key: str) -> HttpResponse:
    """Upload → map columns and preview → import; a bad row refuses the whole file."""
    access = access_of(request, product_key)
    context: dict[str, Any] = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "fields": IMPORT_FIELDS,
        "errors": {},
    }
    if request.method != "POST":
        return render(request, "insights/import.html", context)
    upload = request.FILES.get("file")
    if upload is not None:
        filename = upload.name or "upload.csv"
        raw: bytes | str = upload.read()
    else:
        filename = request.POST.get("filename", "upload.csv")
        raw = request.POST.get("csv", "")
    mapping = {f: request.POST.get(f"map_{f}", "") for f in IMPORT_FIELDS}
    mapping = {k: v for k, v in mapping.items() if v}
    context.update({"filename": filename, "mapping": mapping})
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        context["errors"] = {"file": f"{filename} is not UTF-8 text"}
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
            return back(
                request,
                reverse("insights:feedback", args=[access.product.key]),
                f"Imported {len(records)} feedback records into the inbox.",
            )
    except ValidationFailed as error:
        context["errors"] = error.errors
        context["detail"] = error.detail
        if "header" not in context:
            from tandem.workspace.csv_import import read_csv

            try:
                context["header"] = read_csv(text, filename=filename).header
            except ValidationFailed:
                context["header"] = ()
        return render(request, "insights/import.html", context, status=422)
    context["header"] = preview.header
    return render(request, "insights/import.html", context)
