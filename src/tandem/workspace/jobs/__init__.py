"""Background work behind one interface: Django's Tasks API.

``enqueue(func, **kwargs)`` queues a call of a module-level function with JSON
values once the surrounding transaction commits, so a job never sees
uncommitted rows and a rolled-back write never runs one. Every call goes
through one generic task (:func:`.tasks.run_job`) that imports the function by
its dotted path, so any backend can carry it: the database queue worked by
``tandem worker`` (the embedded default, which ``tandem serve`` starts beside
the web server), Celery on Redis when scaled out, or inline for tests.

A job may run more than once (a worker lost mid-job, a retry): each one must be
idempotent, e.g. by checking the state it is about to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from .progress import Progress, progress_of, report_progress
from .tasks import run_job

__all__ = [
    "Progress",
    "enqueue",
    "enqueue_in",
    "path_of",
    "progress_of",
    "queue_kind",
    "report_progress",
]


class NotAJob(ValueError):
    """Only a module-level function can be found again by its path in another process."""


def path_of(func: Callable[..., Any]) -> str:
    qualname = getattr(func, "__qualname__", "")
    module = getattr(func, "__module__", "")
    if not module or not qualname or "." in qualname or "<" in qualname:
        raise NotAJob(f"{func!r} is not a module-level function")
    return f"{module}.{qualname}"


def enqueue(job: Callable[..., Any], /, **kwargs: Any) -> None:
    """Run ``job(**kwargs)`` in the background once the current transaction commits."""
    # Robust: the write has committed, so a queue that is down is logged, never a 500.
    transaction.on_commit(partial(_send, path_of(job), kwargs, None), robust=True)


def enqueue_in(seconds: float, job: Callable[..., Any], /, **kwargs: Any) -> None:
    """Like :func:`enqueue`, not before ``seconds`` from now (a retry's back-off).

    A backend that cannot wait (the inline one used by tests) runs it at once.
    """
    transaction.on_commit(partial(_send, path_of(job), kwargs, seconds), robust=True)


def _send(path: str, kwargs: dict[str, Any], delay: float | None) -> None:
    task = run_job
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    task.enqueue(path=path, kwargs=kwargs)


def queue_kind() -> str:
    """Which queue the settings name: "database", "celery" or "inline"."""
    from django_tasks_db import DatabaseBackend

    from .celery_backend import CeleryBackend

    backend = run_job.get_backend()
    if isinstance(backend, DatabaseBackend):
        return "database"
    if isinstance(backend, CeleryBackend):
        return "celery"
    return "inline"
