"""What every API input shares: the text policy of :mod:`tandem.workspace.fields`.

``QueryIn`` checks query parameters; ``BodyIn`` also refuses unknown fields, so a
typo is an error rather than a silently ignored key.
"""

from __future__ import annotations

from .fields import Input as BodyIn
from .fields import Query as QueryIn

__all__ = ["BodyIn", "QueryIn"]
