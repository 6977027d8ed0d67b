"""Every write to delivery records: rights, one transaction, an audit event, a version.

Call services through this module (``services.sprint_start(...)``); each module
lists its names in ``__all__``.
"""

from .board import *  # noqa: F403
from .impediments import *  # noqa: F403
from .launch_templates import *  # noqa: F403
from .launches import *  # noqa: F403
from .releases import *  # noqa: F403
from .retros import *  # noqa: F403
from .reviews import *  # noqa: F403
from .sprint_checks import *  # noqa: F403
from .sprint_content import *  # noqa: F403
from .sprint_lifecycle import *  # noqa: F403
from .sprint_reopen import *  # noqa: F403
from .sprints import *  # noqa: F403
from .testing import *  # noqa: F403
