"""From an audited write to signed deliveries, all of it on the job queue.

The audit listener only looks whether any live webhook of the product wants the
verb, and queues the fan-out; the fan-out makes one delivery per webhook and
event (at most one, however often it runs) and queues its first attempt; each
attempt is recorded and, when it fails, the next one is queued with a longer wait.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone

from tandem.workspace import jobs
from tandem.workspace.models import Event

from ..models import Webhook, WebhookAttempt, WebhookDelivery
from . import addresses, signing

log = logging.getLogger("tandem.webhooks")

MAX_ATTEMPTS = 6
FIRST_WAIT_SECONDS = 30
TIMEOUT_SECONDS = 10
Status = WebhookDelivery.Status


def backoff_seconds(attempt: int) -> int:
    """The wait after failed attempt ``attempt``: 30 s, 2 min, 8 min, 32 min, about 2 h."""
    return int(FIRST_WAIT_SECONDS * 4 ** (attempt - 1))


def on_audited(events: Sequence[Event]) -> None:
    """The audit listener: queue a fan-out when a live webhook wants one of these events."""
    product_ids = {e.product_id for e in events if e.product_id is not None}
    if not product_ids:
        return
    wanted = Webhook.objects.filter(product_id__in=product_ids, archived_at__isnull=True)
    hooks = list(wanted.values_list("product_id", "events"))
    wanted_verbs = {verb for _, verbs in hooks for verb in verbs}
    if "*" in wanted_verbs or any(e.verb in wanted_verbs for e in events):
        jobs.enqueue(fan_out, event_ids=[e.pk for e in events])


def fan_out(*, event_ids: list[int]) -> None:
    """One delivery per webhook and event; a second run finds them made and queues nothing."""
    events = Event.objects.filter(pk__in=event_ids).select_related("product", "actor")
    for event in events:
        if event.product_id is None:
            continue
        hooks = Webhook.objects.filter(product_id=event.product_id, archived_at__isnull=True)
        for hook in hooks:
            if not hook.wants(event.verb):
                continue
            delivery, created = WebhookDelivery.objects.get_or_create(
                webhook=hook,
                event_id=event.pk,
                defaults={
                    "message_id": f"msg_{hook.pk}_{event.pk}",
                    "verb": event.verb,
                    "payload": payload_of(event),
                },
            )
            if created:
                jobs.enqueue(deliver, delivery_id=delivery.pk, attempt=1)


def payload_of(event: Event) -> dict[str, Any]:
    assert event.product is not None
    actor = event.actor
    return {
        "type": event.verb,
        "timestamp": event.created_at.isoformat(),
        "data": {
            "event_id": event.pk,
            "product": event.product.key,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_label": event.object_label,
            "actor": {"id": actor.pk, "name": actor.display_name} if actor else None,
            "before": event.before,
            "after": event.after,
        },
    }


def deliver(*, delivery_id: int, attempt: int) -> None:
    """Make attempt ``attempt`` of a delivery; a stale or repeated job does nothing."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.attempts != attempt - 1:
        return
    if delivery.status in (Status.SUCCEEDED, Status.FAILED):
        return
    hook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "content-type": "application/json",
        "user-agent": "Tandem-Webhooks/1",
        **signing.signed_headers(
            secret=hook.secret, message_id=delivery.message_id, at=timezone.now(), body=body
        ),
    }
    started = time.monotonic()
    code: int | None = None
    error = ""
    try:
        code = addresses.post(hook.url, body, headers, TIMEOUT_SECONDS)
    except addresses.AddressRefused as exc:
        error = f"refused: {exc}"
    except OSError as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    duration_ms = int((time.monotonic() - started) * 1000)
    _record(delivery, attempt, code, error, duration_ms)


def _record(
    delivery: WebhookDelivery, attempt: int, code: int | None, error: str, duration_ms: int
) -> None:
    succeeded = code is not None and 200 <= code < 300
    refused = error.startswith("refused:")
    again = not succeeded and not refused and attempt < MAX_ATTEMPTS
    status = Status.SUCCEEDED if succeeded else Status.RETRYING if again else Status.FAILED
    wait = backoff_seconds(attempt) if again else None
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=attempt - 1).update(
        attempts=F("attempts") + 1,
        status=status,
        response_code=code,
        duration_ms=duration_ms,
        error=error or (f"answered {code}" if not succeeded else ""),
        next_attempt_at=now + dt.timedelta(seconds=wait) if wait else None,
        updated_at=now,
    )
    if not claimed:
        return  # another run of this attempt recorded it first
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=attempt,
        response_code=code,
        duration_ms=duration_ms,
        error=error,
        at=now,
    )
    log.info("webhook delivery %s attempt %s: %s", delivery.pk, attempt, code or error)
    if wait:
        jobs.enqueue_in(wait, deliver, delivery_id=delivery.pk, attempt=attempt + 1)
