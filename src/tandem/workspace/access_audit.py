"""The audit event for a write someone made in their own product: see :mod:`.audit`."""

from .audit import caller_event

__all__ = ["caller_event"]
