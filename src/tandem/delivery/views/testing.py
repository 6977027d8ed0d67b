"""An item's test plan: cases from its acceptance criteria, edits and runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.delivery import selectors, services
from tandem.workspace.http import (
    current_user,
    required_version,
)
from tandem.workspace.rights import Action, Level


def _plan_url(item_key: str) -> HttpResponse:
    return redirect("delivery:test-plan", item_key=item_key)


@login_required
def test_plan(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    plan = selectors.item_test_plan(access=access, item=item)
    return render(
        request,
        "delivery/testplan.html",
        {
            "access": access,
            "product": access.product,
            "item": item,
            "plan": plan,
            "works": access.can(Action.WORK, Level.EDIT),
            "criteria": list(backlog_selectors.criteria_of(item=item)),
        },
    )


@login_required
@require_POST
def cases_generate(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    created = services.cases_generate(access=access, item=item)
    messages.success(
        request,
        f"{len(created)} test case(s) drawn from the acceptance criteria."
        if created
        else "Every acceptance criterion already has a test case.",
    )
    return _plan_url(item.key)


@login_required
@require_POST
def case_create(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    services.case_create(
        access=access,
        item=item,
        fields={
            "title": request.POST.get("title", ""),
            "steps": request.POST.get("steps", ""),
            "expected": request.POST.get("expected", ""),
        },
    )
    messages.success(request, "Test case added.")
    return _plan_url(item.key)


@login_required
@require_POST
def case_update(request: HttpRequest, item_key: str, case_id: int) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    services.case_update(
        access=access,
        case_id=case_id,
        changes={
            "title": request.POST.get("title", ""),
            "steps": request.POST.get("steps", ""),
            "expected": request.POST.get("expected", ""),
        },
        expected_version=required_version(request.POST),
    )
    messages.success(request, "Test case saved.")
    return _plan_url(item.key)


@login_required
@require_POST
def case_archive(request: HttpRequest, item_key: str, case_id: int) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    services.case_archive(access=access, case_id=case_id)
    messages.success(request, "Test case archived; restore it below.")
    return _plan_url(item.key)


@login_required
@require_POST
def case_restore(request: HttpRequest, item_key: str, case_id: int) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    services.case_restore(access=access, case_id=case_id)
    messages.success(request, "Test case restored.")
    return _plan_url(item.key)


@login_required
@require_POST
def run_record(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    results: dict[int, str] = {}
    for name in request.POST:
        value = request.POST.get(name, "")
        if name.startswith("case-") and name[5:].isdigit() and value:
            results[int(name[5:])] = value
    run = services.run_record(
        access=access, item=item, results=results, notes=request.POST.get("notes", "")
    )
    failed = run.results.filter(outcome="failed").count()
    messages.success(request, f"Run recorded: {len(results) - failed} passed, {failed} failed.")
    return _plan_url(item.key)
