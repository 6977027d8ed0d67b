"""One item: its story, fields, acceptance criteria, comments, links and history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from tandem.backlog import extensions, selectors, services
from tandem.backlog.models import Comment, Item, LinkKind, MoSCoW
from tandem.backlog.selectors.progress import attach_progress, progress_from
from tandem.core import scoring
from tandem.workspace import http
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import (
    HtmxHttpRequest,
    back_to,
    current_user,
    htmx_response,
    is_partial,
    required_version,
    toast,
)
from tandem.workspace.models import Proposal
from tandem.workspace.selectors import people_of
from tandem.workspace.text import render_markdown

from ._common import (
    Rights,
    choices_context,
    fragments,
    item_changes,
    optional_int,
    prepare_rows,
    readiness_missing,
)
from .backlog import field_label, row_context
from .history import history_line

IMPACT_CHOICES = (
    (0.25, "0.25 · minimal"),
    (0.5, "0.5 · low"),
    (1.0, "1 · medium"),
    (2.0, "2 · high"),
    (3.0, "3 · massive"),
)
SECTIONS = ("story", "details", "priority")


# --- the page ------------------------------------------------------------------------------


def _threads(comments: Iterable[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """Questions and notes with the answers given to them, oldest first."""
    comments = list(comments)
    live = {c.pk for c in comments}
    replies: defaultdict[int, list[Comment]] = defaultdict(list)
    top: list[Comment] = []
    for comment in comments:
        if comment.reply_to_id in live:
            replies[comment.reply_to_id].append(comment)
        else:
            top.append(comment)
    return [(c, replies[c.pk]) for c in top]


def _description_html(item: Item) -> SafeString:
    # render_markdown sanitizes with nh3; it is the only HTML this page trusts.
    return mark_safe(render_markdown(item.description))


def item_context(access: ProductAccess, item: Item) -> dict[str, Any]:
    rights = Rights.of(access)
    events = selectors.item_history(access=access, item=item)[:100]
    quadrant = (
        scoring.quadrant(item.value, item.effort)
        if item.value is not None and item.effort is not None
        else None
    )
    return {
        **choices_context(),
        "access": access,
        "product": access.product,
        "item": item,
        "rights": rights,
        "edits_content": rights.edits_content_of(item),
        "proposes_content": rights.proposes_content_of(item),
        "missing": readiness_missing(item),
        "quadrant": quadrant,
        "description_html": _description_html(item),
        "criteria": getattr(item, "live_criteria", []),
        "threads": _threads(getattr(item, "live_comments", [])),
        "links": sorted(item.links.all(), key=lambda link: link.created_at),
        "children": (children := getattr(item, "live_children", [])),
        "progress": progress_from(item, children),
        "history": [history_line(e) for e in events],
        "people": list(people_of(access=access)),
        "labels": selectors.labels_of(access=access),
        "label_text": ", ".join(sorted(label.name for label in item.labels.all())),
        "moscow_choices": MoSCoW.choices,
        "impact_choices": IMPACT_CHOICES,
        "link_kinds": LinkKind.choices,
        "panels": extensions.item_panels(access, item),
    }


def item_page(request: HtmxHttpRequest, key: str) -> tuple[ProductAccess, Item]:
    """The item as its page shows it, with the caller's access resolved once for the request."""
    product_key, number = selectors.split_item_key(key)
    access = http.access_of(request, product_key)
    return access, selectors.item_detail(access=access, number=number)


@login_required
@require_GET
def item_detail(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    access, item = item_page(request, item_key)
    return render(request, "backlog/item.html", item_context(access, item))


def _item_url(item: Item) -> str:
    return reverse("backlog:item", args=[item.key])


def _page_fragments(
    request: HtmxHttpRequest,
    key: str,
    template: str,
    message: str = "",
    *,
    new_version: bool = True,
    tone: str = "success",
    status: int = 200,
) -> HttpResponse:
    """Re-render one section of the item page, with the header and history out of band.

    ``new_version`` hands the page the item's new version; it is withheld when the page
    was already stale, so its next save still meets the conflict it should.
    """
    access, item = item_page(request, key)
    oob = ["backlog/_item_header.html", "backlog/_item_history.html"]
    if new_version:
        oob.append("backlog/_item_version.html")
    html = fragments(request, item_context(access, item), template, oob=oob)
    if message:
        html += toast(request, message, tone=tone)
    return htmx_response(html, status=status)


# --- editing the item ---------------------------------------------------------------------


def _update_message(item: Item, changed: set[str], proposed: set[str]) -> tuple[str, str]:
    if not changed:
        return "Nothing to save: no field changed.", "info"
    if not proposed:
        return f"Saved {item.key}.", "success"
    names = ", ".join(field_label(f) for f in sorted(proposed))
    saved = changed - proposed
    prefix = f"Saved {', '.join(field_label(f) for f in sorted(saved))}. " if saved else ""
    return (
        f"{prefix}Your change to {names} went to the Product Owner as a proposal; "
        "it shows here once accepted.",
        "info",
    )


@login_required
@require_POST
def item_update(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    """Save changed fields from any form showing the item: a page section, a row or a card."""
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    version = required_version(request.POST)
    changes = item_changes(request.POST, item)
    proposed: set[str] = set()
    if changes:
        outcome = services.item_update(
            access=access, item=item, changes=changes, expected_version=version
        )
        if outcome.proposal is not None:
            proposed = set(outcome.proposal.payload["changes"])
    message, tone = _update_message(item, set(changes), proposed)
    status = 202 if proposed and proposed == set(changes) else 200
    if not is_partial(request):
        return back_to(request, _item_url(item), message)
    section = request.POST.get("section", "")
    if section in ("row", "card"):
        fresh = selectors.item_of(access=access, number=item.number)
        prepare_rows([fresh])
        attach_progress(access, [fresh])
        template = "backlog/_row.html" if section == "row" else "backlog/_card.html"
        sortable = request.POST.get("sortable") != "0"
        context = {**row_context(access, sortable=sortable), "item": fresh}
        html = fragments(request, context, template)
        if proposed or not changes:
            html += toast(request, message, tone=tone)
        return htmx_response(html, status=status)
    template = f"backlog/_item_{section if section in SECTIONS else 'details'}.html"
    return _page_fragments(request, item.key, template, message, tone=tone, status=status)


def _archived_or_restored(request: HtmxHttpRequest, item_key: str, archived: bool) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    write = services.item_archive if archived else services.item_restore
    outcome = write(access=access, item=item)
    if outcome.proposal is not None:
        verb = "archive" if archived else "restore"
        message = f"Proposed to the Product Owner: {verb} {item.key}."
    elif archived:
        message = f"Archived {item.key}. Restore it any time from Refinement › Archived."
    else:
        message = f"Restored {item.key} to the backlog, where it was ranked before."
    if is_partial(request):
        return htmx_response(toast(request, message))
    return back_to(request, _item_url(item), message)


@login_required
@require_POST
def item_archive(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    return _archived_or_restored(request, item_key, archived=True)


@login_required
@require_POST
def item_restore(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    return _archived_or_restored(request, item_key, archived=False)


# --- acceptance criteria --------------------------------------------------------------------


PROPOSED_CRITERIA = "Proposed to the Product Owner: the criteria change waits for a decision."


def _said(result: object, done: str) -> str:
    """The notice after a criterion write: what happened, or where the proposal went."""
    return PROPOSED_CRITERIA if isinstance(result, Proposal) else done


def _criterion_fields(request: HtmxHttpRequest) -> dict[str, str]:
    """The parts the form sent; an update keeps the parts it did not send."""
    return {f: request.POST[f] for f in ("text", "given", "when", "then") if f in request.POST}


def _section_changed(
    request: HtmxHttpRequest, item: Item, template: str, message: str
) -> HttpResponse:
    """A comment or link write: the section again for HTMX, the page with a notice otherwise.

    The item's version does not move for these, so the page keeps the one it has.
    """
    if not is_partial(request):
        return back_to(request, _item_url(item), message)
    return _page_fragments(request, item.key, template, new_version=False)


def _criteria_changed(
    request: HtmxHttpRequest, item: Item, result: object, done: str
) -> HttpResponse:
    """Answer a criterion write: what happened, or that it waits for the Product Owner."""
    message = _said(result, done)
    known_version = request.POST.get("item_version")
    if not is_partial(request):
        return back_to(request, _item_url(item), message)
    proposed = message == PROPOSED_CRITERIA
    return _page_fragments(
        request,
        item.key,
        "backlog/_item_criteria.html",
        PROPOSED_CRITERIA if proposed else "",
        new_version=known_version == str(item.version),
        tone="info" if proposed else "success",
    )


@login_required
@require_POST
def criterion_add(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    result = services.criterion_add(access=access, item=item, fields=_criterion_fields(request))
    return _criteria_changed(request, item, result, "Added an acceptance criterion.")


@login_required
@require_POST
def criterion_update(request: HtmxHttpRequest, item_key: str, criterion_id: int) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    result = services.criterion_update(
        access=access,
        criterion_id=criterion_id,
        fields=_criterion_fields(request),
        expected_version=required_version(request.POST),
    )
    return _criteria_changed(request, item, result, "Saved the acceptance criterion.")


@login_required
@require_POST
def criterion_remove(request: HtmxHttpRequest, item_key: str, criterion_id: int) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    result = services.criterion_remove(access=access, criterion_id=criterion_id)
    return _criteria_changed(request, item, result, "Removed the acceptance criterion.")


@login_required
@require_POST
def criterion_check(request: HtmxHttpRequest, item_key: str, criterion_id: int) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    is_met = request.POST.get("is_met") in ("1", "on", "true")
    criterion = services.criterion_check(access=access, criterion_id=criterion_id, is_met=is_met)
    if not is_partial(request):
        return back_to(request, _item_url(item))
    rights = Rights.of(access)
    events = selectors.item_history(access=access, item=item)[:100]
    context = {
        "item": item,
        "criterion": criterion,
        "rights": rights,
        "edits_content": rights.edits_content_of(item),
        "history": [history_line(e) for e in events],
    }
    return htmx_response(
        fragments(request, context, "backlog/_criterion.html", oob=["backlog/_item_history.html"])
    )


# --- comments and links ---------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    reply_to = optional_int(request.POST.get("reply_to"), "reply_to")
    services.comment_add(
        access=access,
        item=item,
        body=request.POST.get("body", ""),
        is_question=request.POST.get("is_question") in ("1", "on", "true"),
        reply_to_id=reply_to,
    )
    return _section_changed(request, item, "backlog/_item_comments.html", "Comment added.")


@login_required
@require_POST
def comment_remove(request: HtmxHttpRequest, item_key: str, comment_id: int) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    services.comment_archive(access=access, comment_id=comment_id)
    return _section_changed(request, item, "backlog/_item_comments.html", "Comment removed.")


@login_required
@require_POST
def link_add(request: HtmxHttpRequest, item_key: str) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    services.link_add(
        access=access,
        item=item,
        url=request.POST.get("url", "").strip(),
        title=request.POST.get("title", ""),
        kind=request.POST.get("kind", LinkKind.DOCUMENT),
    )
    return _section_changed(request, item, "backlog/_item_links.html", "Link added.")


@login_required
@require_POST
def link_remove(request: HtmxHttpRequest, item_key: str, link_id: int) -> HttpResponse:
    access, item = selectors.item_by_key(user=current_user(request), key=item_key)
    services.link_remove(access=access, link_id=link_id)
    return _section_changed(request, item, "backlog/_item_links.html", "Link removed.")
