"""The sprints API: thin over services and selectors."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["sprints"])
