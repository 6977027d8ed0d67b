"""The Celery application the scaled queue runs on: one task that runs a Django task.

A worker takes a job off Redis only once it has finished it (``acks_late``), so a
worker lost mid-job hands the job to another: jobs are written to run twice safely.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from django.conf import settings
from django.utils.module_loading import import_string

RUN_TASK = "tandem.run_task"

app = Celery("tandem")
app.conf.update(
    broker_url=settings.CELERY_BROKER_URL,
    broker_connection_retry_on_startup=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
)


@app.task(name=RUN_TASK)  # type: ignore[untyped-decorator]
def run_task(module_path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    task = import_string(module_path)
    task.call(*args, **kwargs)
