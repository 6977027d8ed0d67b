"""The demo product's insights records."""

from __future__ import annotations

from .cast import Cast


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's insights records through the services; returns counts by kind."""
    return {}
