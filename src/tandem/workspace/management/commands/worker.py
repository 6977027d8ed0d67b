"""``tandem worker``: work the background queue the settings name (TANDEM_QUEUE).

The database queue is worked here one job at a time (run as many as you like, they
claim jobs under a row lock); Celery on Redis starts a Celery worker. ``--once`` runs
what is queued, then stops (cron, tests).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.workspace import jobs


class Command(BaseCommand):
    help = "Work the background job queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=int(os.environ.get("TANDEM_WORKER_CONCURRENCY", "2")),
            help="Celery: jobs run at once by this worker.",
        )
        parser.add_argument(
            "--parent", type=int, default=0, help="Stop when this process ends (`tandem serve`)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queue = jobs.queue_kind()
        if options["parent"]:
            _stop_with_parent(options["parent"])
        if queue == "inline":
            raise CommandError("TANDEM_QUEUE=immediate runs every job inline: nothing to work.")
        if queue == "celery":
            from tandem.workspace.jobs.celery_app import app

            argv = ["worker", "--loglevel=INFO", f"--concurrency={options['concurrency']}"]
            if options["once"]:
                raise CommandError("--once works the database queue only.")
            app.worker_main(argv)
            return
        call_command(
            "db_worker",
            queue_name="*",
            interval=options["interval"],
            batch=options["once"],
            reload=False,
            startup_delay=not options["once"],
            verbosity=options["verbosity"],
        )


def _stop_with_parent(parent: int) -> None:
    """A worker started beside the web server ends with it, however the server ended."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), 15)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
