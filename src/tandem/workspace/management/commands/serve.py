"""``tandem serve``: migrate, then hand the process to gunicorn (WSGI, production-grade).

On the embedded database queue a ``tandem worker`` child starts first, so queued
jobs run without a second command; it stops when the server does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from tandem.workspace import jobs


class Command(BaseCommand):
    help = "Migrate the database and serve Tandem with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("TANDEM_WORKERS", "2"))
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a job worker beside the server (run `tandem worker` yourself).",
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("TANDEM_THREADS", "4"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not settings.WHITENOISE_USE_FINDERS:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Tandem is at http://{bind}/ (Ctrl+C stops it)")
        self.stdout.flush()
        if jobs.queue_kind() == "database" and not options["no_worker"]:
            # The worker watches this process id, which gunicorn keeps after the exec.
            subprocess.Popen(
                [sys.executable, "-m", "tandem.cli", "worker", "--parent", str(os.getpid())]
            )
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "tandem.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        os.execv(sys.executable, argv)
