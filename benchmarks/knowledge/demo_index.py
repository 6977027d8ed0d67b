"""A scratch Tandem with the demo product loaded and indexed, in this process."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
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
        with _embeddings_off():  # each write would embed its own text, one at a time
            demo.load()
    indexing.reindex()  # embeds every document in batches, when embeddings are on


@contextlib.contextmanager
def _embeddings_off() -> Iterator[None]:
    from tandem.knowledge import embeddings

    before = os.environ.get("TANDEM_EMBEDDINGS")
    os.environ["TANDEM_EMBEDDINGS"] = "off"
    embeddings.available.cache_clear()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TANDEM_EMBEDDINGS"]
        else:
            os.environ["TANDEM_EMBEDDINGS"] = before
        embeddings.available.cache_clear()
