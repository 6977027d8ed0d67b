"""An item's test plan: cases from its acceptance criteria, edits and runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.delivery import selectors, services
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import back_to, current_user, required_version
from tandem.workspace.rights import Action, Level


def _back(request: HttpRequest, item: Item, message: str) -> HttpResponse:
    return back_to(request, reverse("delivery:test-plan", args=[item.key]), message)


def _item(request: HttpRequest, item_key: str) -> tuple[ProductAccess, Item]:
    return backlog_selectors.item_by_key(user=current_user(request), key=item_key)


def _case_fields(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in ("title", "steps", "expected")}


@login_required
def test_plan(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = _item(request, item_key)
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
    access, item = _item(request, item_key)
    created = services.cases_generate(access=access, item=item)
    if not created:
        return _back(request, item, "Every acceptance criterion already has a test case.")
    return _back(request, item, f"{len(created)} test case(s) drawn from the acceptance criteria.")


@login_required
@require_POST
def case_create(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = _item(request, item_key)
    services.case_create(access=access, item=item, fields=_case_fields(request))
    return _back(request, item, "Test case added.")


def _case_post(
    write: Callable[..., object],
    said: str,
    reads: Callable[[HttpRequest], dict[str, Any]] = lambda request: {},
) -> Callable[..., HttpResponse]:
    """The page for a form post on one test case: ``write`` runs with the caller's access,
    the case and what ``reads(request)`` takes from the form; back to the plan with ``said``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, item_key: str, case_id: int) -> HttpResponse:
        access, item = _item(request, item_key)
        write(access=access, case_id=case_id, **reads(request))
        return _back(request, item, said)

    return view


case_update = _case_post(
    services.case_update,
    "Test case saved.",
    reads=lambda request: {
        "changes": _case_fields(request),
        "expected_version": required_version(request.POST),
    },
)
case_archive = _case_post(services.case_archive, "Test case archived; restore it below.")
case_restore = _case_post(services.case_restore, "Test case restored.")


@login_required
@require_POST
def run_record(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = _item(request, item_key)
    results: dict[int, str] = {}
    for name in request.POST:
        value = request.POST.get(name, "")
        if name.startswith("case-") and name[5:].isdigit() and value:
            results[int(name[5:])] = value
    run = services.run_record(
        access=access, item=item, results=results, notes=request.POST.get("notes", "")
    )
    failed = run.results.filter(outcome="failed").count()
    return _back(request, item, f"Run recorded: {len(results) - failed} passed, {failed} failed.")
