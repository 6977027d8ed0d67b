"""The one task every backend runs: call a function found by its dotted path."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.module_loading import import_string
from django_tasks import task

log = logging.getLogger("tandem.jobs")


@task()
def run_job(path: str, kwargs: dict[str, Any]) -> None:
    func = import_string(path)
    log.info("job %s starts", path)
    func(**kwargs)
