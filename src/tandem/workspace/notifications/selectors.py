"""Reads of one person's notifications and watches, always scoped to that person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..access import ProductAccess
from ..models import Event, User
from . import rules, wording
from .models import Notification, NotificationReason, Watch


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user, product__memberships__user=user).distinct()
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("event__actor", "product").order_by("-created_at", "-id")


def grouped(notifications: list[Notification]) -> list[wording.Group]:
    """One person's notifications by record, worded, alike lines counted once."""
    by_event = {n.event_id: n for n in notifications}
    audiences: dict[int, rules.Audience] = {}

    def speak(event: Event) -> wording.Said | None:
        notification = by_event[event.pk]
        if notification.reason == NotificationReason.MENTIONED:
            return wording.mentioned(event)
        audience = audiences.get(notification.product_id)
        if audience is None:
            audience = audiences[notification.product_id] = rules.Audience(notification.product)
        if notification.user_id not in audience.access:
            return None
        return wording.say(event, audience.readable(notification.user_id, event))

    groups = wording.group(
        [n.event for n in notifications],
        speak=speak,
        where=lambda e: (by_event[e.pk].object_type, by_event[e.pk].object_id),
        unread=lambda e: by_event[e.pk].read_at is None,
    )
    for group in groups:
        group.ids = [
            n.pk
            for n in notifications
            if (n.object_type, n.object_id) == (group.object_type, group.object_id)
        ]
    return groups


def is_watching(*, access: ProductAccess, object_type: str, object_id: int) -> bool:
    return Watch.objects.filter(
        product=access.product, object_type=object_type, object_id=object_id, user=access.user
    ).exists()


def watcher_count(*, access: ProductAccess, object_type: str, object_id: int) -> int:
    return Watch.objects.filter(
        product=access.product, object_type=object_type, object_id=object_id
    ).count()


def watch_state(*, access: ProductAccess, object_type: str, object_id: int) -> dict[str, Any]:
    """Whether the caller watches the record, and how many do: what every watch button shows."""
    return {
        "watching": is_watching(access=access, object_type=object_type, object_id=object_id),
        "watchers": watcher_count(access=access, object_type=object_type, object_id=object_id),
    }


def activity(*, access: ProductAccess, limit: int = 40) -> list[wording.Group]:
    """The product's recent activity, grouped by record and worded for this reader."""
    events = list(
        Event.objects.filter(product=access.product)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    audience = rules.Audience(access.product)
    uid = access.user.pk

    def speak(event: Event) -> wording.Said | None:
        if uid not in audience.access or not audience.may_hear(uid, event):
            return None
        return wording.say(event, audience.readable(uid, event))

    return wording.group(events, speak=speak)
