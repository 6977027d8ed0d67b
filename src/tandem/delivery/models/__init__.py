"""Delivery records, one module per area so each grows on its own."""

from .releases import Release, ReleaseState
from .sprints import Sprint, SprintItem, SprintState

__all__ = ["Release", "ReleaseState", "Sprint", "SprintItem", "SprintState"]
