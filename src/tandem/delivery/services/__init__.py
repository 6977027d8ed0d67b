"""Every write to delivery records: rights, one transaction, an audit event, a version.

Call services through this module (``services.sprint_start(...)``). Sprint-side
services live in ``sprints`` (and the modules it gathers), release-side ones in
``releases``; each lists its names in ``__all__``.
"""

from .releases import *  # noqa: F403
from .sprint_content import *  # noqa: F403
from .sprint_lifecycle import *  # noqa: F403
from .sprint_reopen import *  # noqa: F403
from .sprints import *  # noqa: F403
