"""The audit trail's subscriber: it only queues the work (``services.notify_events``)."""

from __future__ import annotations

from collections.abc import Sequence

from .. import jobs
from ..models import Event
from . import services


def on_events(events: Sequence[Event]) -> None:
    ids = [event.pk for event in events if event.product_id is not None]
    if ids:
        jobs.enqueue(services.notify_events, event_ids=ids)
