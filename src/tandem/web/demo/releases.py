"""The demo product's releases, reviews and launches."""

from __future__ import annotations

from .cast import Cast


def load(cast: Cast) -> dict[str, int]:
    """Create the demo releases, reviews and launches; returns counts by kind."""
    return {}
