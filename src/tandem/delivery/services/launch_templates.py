"""A product's launch checklist template: the tasks every new launch starts with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from tandem.delivery.models import DEFAULT_LAUNCH_TASKS, LaunchTemplate
from tandem.delivery.selectors.launches import launch_template
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level
from tandem.workspace.setting_writes import check_settings_version, lock_settings, save_settings

from ._common import clean_text, raise_if

__all__ = ["launch_template_tasks", "launch_template_update"]

MAX_TEMPLATE_TASKS = 50


def launch_template_tasks(*, access: ProductAccess) -> list[tuple[str, int]]:
    """The product's checklist as (task, days before the release), or the default one."""
    tasks, _version = launch_template(access=access)
    return tasks


@transaction.atomic
def launch_template_update(
    *,
    access: ProductAccess,
    tasks: Sequence[tuple[str, int]],
    expected_version: int | None,
) -> LaunchTemplate:
    """Replace the product's checklist template: (task, days before the release) in order.

    Launches already started keep their own checklist.
    """
    access.require(Action.STRATEGY, Level.DECIDE)
    template, created = lock_settings(
        LaunchTemplate,
        access,
        tasks=[{"title": t, "days_before": d} for t, d in DEFAULT_LAUNCH_TASKS],
    )
    if not created:
        check_settings_version(
            template, expected_version, what="the launch template", current=_tasks(template)
        )
    errors: dict[str, str] = {}
    rows = []
    if not tasks:
        errors["tasks"] = "a template needs at least one task"
    if len(tasks) > MAX_TEMPLATE_TASKS:
        errors["tasks"] = f"a template holds at most {MAX_TEMPLATE_TASKS} tasks"
    for index, (title, days_before) in enumerate(tasks):
        text = clean_text(errors, f"tasks.{index}.title", title, limit=200, required=True)
        if not isinstance(days_before, int) or not -365 <= days_before <= 365:
            errors[f"tasks.{index}.days_before"] = "must be a whole number of days (-365 to 365)"
        rows.append({"title": text, "days_before": days_before})
    raise_if(errors)
    save_settings(
        access,
        template,
        {"tasks": rows},
        verb="launch_template.updated",
        label="Launch template",
        snapshot=_tasks,
        new_version=not created,
    )
    return template


def _tasks(template: LaunchTemplate) -> dict[str, Any]:
    return {"tasks": template.tasks}
