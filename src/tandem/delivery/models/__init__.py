"""Delivery records. Sprint-side records live in ``sprints`` (and the modules it
gathers), release-side ones in ``releases``; each module lists its names in ``__all__``."""

from .releases import *  # noqa: F403
from .sprints import *  # noqa: F403
