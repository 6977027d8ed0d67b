"""The wiki's pages: the tree, a page, its edit form (with an HTMX preview), its
versions with a diff between any two, and restoring an old version.

Writes go through the spine (``writes.record_create / record_update``) and
``wiki.page_restore_version``; archive and restore are the generic record verbs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.workspace import forms, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import Conflict, ValidationFailed
from tandem.workspace.http import access_of, done, form_version, is_partial, required_version
from tandem.workspace.registry import record_type

from . import wiki, wiki_links
from .models import PageTemplate, WikiPage
from .wiki_records import KIND


def _url(product_key: str, page_id: int, name: str = "page") -> str:
    return reverse(f"knowledge:{name}", args=[product_key, page_id])


def _base(access: ProductAccess) -> dict[str, Any]:
    return {"access": access, "product": access.product, "may_edit": wiki.may_edit(access)}


def _parents(access: ProductAccess, page: WikiPage | None) -> list[tuple[int, str]]:
    """Live pages a page may sit under: all but itself and what sits under it."""
    below: set[int] = set()
    if page is not None:
        frontier = {page.pk}
        pages = wiki.pages_of(access=access)
        while frontier:
            below |= frontier
            frontier = {p.pk for p in pages if p.parent_id in frontier} - below
    return [(p.pk, p.title) for p in wiki.pages_of(access=access) if p.pk not in below]


@login_required
@require_GET
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    context = _base(access) | {
        "tree": wiki.tree(access=access),
        "archived": wiki.pages_of(access=access, archived=True) if archived else None,
        "templates": PageTemplate.choices,
    }
    return render(request, "knowledge/wiki_index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def page_new(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    spec = record_type(KIND)
    values: dict[str, Any] = {"parent": request.GET.get("parent", ""), "template": "blank"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = forms.posted_values(request.POST, spec, None)
        try:
            outcome = writes.record_create(access=access, kind=spec, fields=values)
        except ValidationFailed as failed:
            errors = failed.errors
        else:
            assert outcome.record is not None
            return done(request, _url(product_key, outcome.record.pk, "edit"), "Page created.")
    context = _base(access) | {
        "values": values,
        "errors": errors,
        "parents": _parents(access, None),
        "templates": PageTemplate.choices,
    }
    return render(request, "knowledge/wiki_edit.html", context, status=422 if errors else 200)


@login_required
@require_GET
def page(request: HttpRequest, product_key: str, page_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    current = wiki.page_of(access=access, page_id=page_id)
    context = _base(access) | {
        "page": current,
        "html": wiki_links.render(access, current.body),
        "ancestors": wiki.ancestors(current),
        "children": wiki.children_of(current),
    }
    return render(request, "knowledge/wiki_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, product_key: str, page_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    spec = record_type(KIND)
    current = wiki.page_of(access=access, page_id=page_id)
    values: dict[str, Any] = {"title": current.title, "body": current.body}
    values["parent"] = str(current.parent_id or "")
    errors: dict[str, str] = {}
    theirs: dict[str, Any] | None = None
    version = current.version
    if request.method == "POST":
        changes = forms.posted_values(request.POST, spec, current)
        changes.pop("template", None)
        values |= {k: request.POST.get(k, "") for k in ("title", "body", "parent")}
        version = form_version(request.POST) or current.version
        try:
            if changes:
                writes.record_update(
                    access=access,
                    kind=spec,
                    record_id=page_id,
                    changes=changes,
                    expected_version=required_version(request.POST),
                )
        except ValidationFailed as failed:
            errors = failed.errors
        except Conflict as conflict:
            errors = {"version": conflict.detail}
            theirs = conflict.current  # shown beside what this person wrote
        else:
            message = "Page saved." if changes else "Nothing changed."
            return done(request, _url(product_key, page_id), message)
    context = _base(access) | {
        "page": current,
        "version": version,
        "values": values,
        "errors": errors,
        "theirs": theirs,
        "parents": _parents(access, current),
    }
    status = 409 if theirs is not None else 422 if errors else 200
    return render(request, "knowledge/wiki_edit.html", context, status=status)


@login_required
@require_POST
def page_preview(request: HttpRequest, product_key: str) -> HttpResponse:
    """The text as the page will show it, for the edit form's preview (HTMX)."""
    access = access_of(request, product_key)
    html = wiki_links.render(access, request.POST.get("body", "")[:200_000])
    return render(request, "knowledge/_wiki_preview.html", {"html": html})


@login_required
@require_GET
def page_history(request: HttpRequest, product_key: str, page_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    current = wiki.page_of(access=access, page_id=page_id)
    revisions = wiki.revisions_of(access=access, page_id=page_id)
    diff = None
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    if old.isdigit() and new.isdigit() and len(old) < 10 and len(new) < 10:
        diff = wiki.page_diff(access=access, page_id=page_id, old=int(old), new=int(new))
    elif len(revisions) > 1:
        diff = wiki.page_diff(
            access=access, page_id=page_id, old=revisions[1].version, new=revisions[0].version
        )
    context = _base(access) | {"page": current, "revisions": revisions, "diff": diff}
    if is_partial(request) and diff is not None:
        return render(request, "knowledge/_wiki_diff.html", context)
    return render(request, "knowledge/wiki_history.html", context)


@login_required
@require_POST
def page_restore_version(request: HttpRequest, product_key: str, page_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    revision = form_version(request.POST, "revision")
    if revision is None:
        raise ValidationFailed({"revision": "choose the version to restore"})
    wiki.page_restore_version(
        access=access,
        page_id=page_id,
        revision=revision,
        expected_version=required_version(request.POST),
    )
    return done(request, _url(product_key, page_id), f"Version {revision} restored.")
