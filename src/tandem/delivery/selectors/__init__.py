"""Reads of delivery records that pages, the API and the apps above share."""

from .releases import release_markers

__all__ = ["release_markers"]
