"""Reads of delivery records that pages, the API and the apps above share.

Sprint-side reads live in ``sprints``, release-side ones in ``releases``; each
lists its names in ``__all__``.
"""

from .planning import *  # noqa: F403
from .releases import *  # noqa: F403
from .sprints import *  # noqa: F403
