"""A product's launch checklist template: the tasks every new launch starts with."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from tandem.delivery.models import DEFAULT_LAUNCH_TASKS, LaunchTemplate
from tandem.delivery.selectors.launches import launch_template
from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level

from ._common import check_version, clean_text, raise_if
from .release_common import event

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
    template, created = LaunchTemplate.objects.select_for_update().get_or_create(
        product=access.product,
        defaults={"tasks": [{"title": t, "days_before": d} for t, d in DEFAULT_LAUNCH_TASKS]},
    )
    if not created:
        check_version(
            template, expected_version, "The launch template", lambda: {"tasks": template.tasks}
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
    before = {"tasks": template.tasks}
    template.tasks = rows
    if not created:
        template.version += 1
    template.updated_by = access.user
    template.updated_at = timezone.now()
    template.save()
    event(
        access,
        "launch_template.updated",
        object_type="launch_template",
        object_id=template.pk,
        label="Launch template",
        before=before,
        after={"tasks": rows},
    )
    return template
