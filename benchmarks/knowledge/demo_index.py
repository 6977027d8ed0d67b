"""A scratch Tandem with the demo product loaded and indexed, in this process."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def demo_indexed() -> None:
    """Point Django at a fresh SQLite file (or ``DATABASE_URL``), load the demo, index it."""
    os.environ.setdefault("TANDEM_DATA_DIR", tempfile.mkdtemp(prefix="tandem-ask-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from tandem.knowledge import indexing
    from tandem.web import demo

    call_command("migrate", verbosity=0)
    if not demo.is_loaded():
        demo.load()
    indexing.reindex()
