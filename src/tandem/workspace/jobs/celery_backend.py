"""A Django Tasks backend that hands tasks to Celery on Redis (``TANDEM_QUEUE=celery``).

Only the task's path and its JSON arguments travel; any number of ``tandem worker``
processes on any number of machines take them. Results are not kept: a job reports
its own outcome (a delivery log, an import run) and its progress.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id, normalize_json


class CeleryBackend(BaseTaskBackend):
    supports_defer = True
    supports_priority = True
    supports_get_result = False

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        from .celery_app import RUN_TASK, app

        self.validate_task(task)
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        app.send_task(
            RUN_TASK,
            args=[task.module_path, result.args, result.kwargs],
            task_id=result.id,
            eta=task.run_after,
        )
        return result
