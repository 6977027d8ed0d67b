"""Workspace endpoints: who am I, products, members and invitations, teams, the organization."""

from __future__ import annotations

from ninja import Router

from ..http import current_user
from . import organization, people, teams

router = Router(tags=["workspace"])
router.add_router("", people.router)
router.add_router("", teams.router)
router.add_router("", organization.router)

__all__ = ["current_user", "router"]
