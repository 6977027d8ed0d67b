"""Background work behind one interface.

The embedded default runs a job inline right after the transaction commits, so
a job never sees uncommitted rows and a rolled-back write never runs one. A
queue (Celery on Redis) plugs in here when Tandem is scaled out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction


def enqueue(job: Callable[..., Any], /, **kwargs: Any) -> None:
    transaction.on_commit(partial(job, **kwargs))
