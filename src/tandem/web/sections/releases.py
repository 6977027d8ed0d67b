"""The release sections of the product home page."""

from __future__ import annotations

from tandem.workspace.access import ProductAccess

from .base import HomeSection


def home_sections(access: ProductAccess) -> list[HomeSection]:
    return []
