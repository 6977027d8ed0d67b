"""Launch checklists on the release page, and the product's template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.delivery import selectors, services
from tandem.delivery.models import Launch, LaunchState, LaunchTask
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import (
    access_of,
    is_partial,
    required_version,
)
from tandem.workspace.rights import Action, Level
from tandem.workspace.selectors import people_of

from .release_common import posted_verb, release_page
from .releases import posted_date


def _shapes(access: ProductAccess, launch: Launch) -> bool:
    """Whether the page offers to change the checklist (the services check again)."""
    level = access.level(Action.STRATEGY)
    return level >= Level.DECIDE or (
        level >= Level.PROPOSE and launch.state != LaunchState.APPROVED
    )


def _launch_back(product_key: str, launch: Launch) -> str:
    return release_page(product_key, launch.release_id)


def _task_back(product_key: str, task: LaunchTask) -> str:
    return release_page(product_key, task.launch.release_id)


def _started(launch: Launch) -> str:
    if launch.state == "approved":
        return "Launch checklist started."
    return "Launch proposed; the Product Manager approves it."


def _task_fields(request: HttpRequest) -> dict[str, object]:
    return {
        "title": request.POST.get("title", ""),
        "owner": request.POST.get("owner") or None,
        "due_on": posted_date(request, "due_on"),
    }


launch_create = posted_verb(services.launch_create, said=_started, back=_launch_back)
launch_archive = posted_verb(
    services.launch_archive, said=lambda _: "Launch archived.", back=_launch_back
)
launch_restore = posted_verb(
    services.launch_restore, said=lambda _: "Launch restored.", back=_launch_back
)
task_archive = posted_verb(
    services.launch_task_archive, said=lambda t: f"Task {t.title!r} removed.", back=_task_back
)
task_restore = posted_verb(
    services.launch_task_restore, said=lambda t: f"Task {t.title!r} restored.", back=_task_back
)


launch_decide = posted_verb(
    services.launch_decide,
    reads=lambda request: {
        "approve": request.POST.get("approve") == "1",
        "reason": request.POST.get("reason", ""),
        "expected_version": required_version(request.POST),
    },
    said=lambda launch: f"Launch {launch.get_state_display().lower()}.",
    back=_launch_back,
)
task_add = posted_verb(
    services.launch_task_add,
    reads=lambda request: {"fields": _task_fields(request)},
    said=lambda task: f"Task {task.title!r} added.",
    back=_task_back,
)
task_update = posted_verb(
    services.launch_task_update,
    reads=lambda request: {
        "changes": _task_fields(request),
        "expected_version": required_version(request.POST),
    },
    said=lambda task: f"Task {task.title!r} saved.",
    back=_task_back,
)


@login_required
@require_POST
def task_check(request: HttpRequest, product_key: str, task_id: int) -> HttpResponse:
    """Tick a task off without a reload: HTMX swaps the row and the progress bar."""
    access = access_of(request, product_key)
    task = services.launch_task_check(
        access=access,
        task_id=task_id,
        done=request.POST.get("done") == "1",
        expected_version=required_version(request.POST),
    )
    if not is_partial(request):
        return redirect(_task_back(product_key, task))
    view = selectors.launch_of(access=access, release=task.launch.release)
    assert view is not None
    fresh = next(t for t in view.tasks if t.pk == task.pk)
    return render(
        request,
        "delivery/launch_task.html",
        {
            "task": fresh,
            "view": view,
            "product": access.product,
            "oob_progress": True,
            "shapes_launch": _shapes(access, view.launch),
            "members": list(people_of(access=access)),
        },
    )


def _template_rows(raw: str) -> list[tuple[str, int]]:
    """ "21 | Pricing set" per line: days before the release, then the task."""
    rows = []
    errors: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        days, bar, title = line.partition("|")
        if not bar or not days.strip().lstrip("-").isdigit():
            errors[f"line {number}"] = "write it as: days before the release | task"
            continue
        rows.append((title.strip(), int(days.strip())))
    if errors:
        raise ValidationFailed(errors)
    return rows


@login_required
def launch_template(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    if request.method == "POST":
        services.launch_template_update(
            access=access,
            tasks=_template_rows(request.POST.get("tasks", "")),
            expected_version=required_version(request.POST),
        )
        messages.success(request, "Launch template saved; new launches start from it.")
        return redirect("delivery:launch-template", product_key=access.product.key)
    tasks, version = selectors.launch_template(access=access)
    return render(
        request,
        "delivery/launch_template.html",
        {
            "access": access,
            "product": access.product,
            "tasks": tasks,
            "text": "\n".join(f"{days} | {title}" for title, days in tasks),
            "version": version,
            "edits": access.can(Action.STRATEGY, Level.DECIDE),
        },
    )
