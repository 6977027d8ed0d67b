"""Every write of this package: watching, telling people, reading, preferences."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from .. import jobs
from ..access import ProductAccess
from ..errors import NotFound, ValidationFailed
from ..models import Event, User
from . import rules, targets
from .models import (
    EmailChoice,
    Notification,
    NotificationPreference,
    Watch,
    WatchReason,
)


def _require_record(access: ProductAccess, object_type: str, object_id: int) -> None:
    if targets.target(object_type) is None:
        known = ", ".join(targets.known_types())
        raise ValidationFailed({"object_type": f"must be one of: {known}"})
    if targets.find(access.product, object_type, object_id) is None:
        raise NotFound(f"No {targets.spoken(object_type)} {object_id} on {access.product.key}.")


@transaction.atomic
def watch_start(*, access: ProductAccess, object_type: str, object_id: int) -> Watch:
    """Follow a record; watching it again is harmless. Any member may watch what they read."""
    _require_record(access, object_type, object_id)
    watch, _ = Watch.objects.get_or_create(
        product=access.product,
        object_type=object_type,
        object_id=object_id,
        user=access.user,
        defaults={"reason": WatchReason.CHOSEN},
    )
    return watch


@transaction.atomic
def watch_stop(*, access: ProductAccess, object_type: str, object_id: int) -> None:
    """Stop following a record, whatever made one watch it; not watching is harmless."""
    _require_record(access, object_type, object_id)
    Watch.objects.filter(
        product=access.product, object_type=object_type, object_id=object_id, user=access.user
    ).delete()


# --- from audit events to notifications (a job) ---------------------------------------------


@transaction.atomic
def notify_events(*, event_ids: Sequence[int]) -> None:
    """Write the notifications and watches a batch of audited writes leads to.

    Idempotent: a job run twice tells nobody twice and starts no watch twice. One
    transaction, so a batch costs one commit, not one per row written.
    """
    events = list(
        Event.objects.filter(pk__in=list(event_ids), product__isnull=False)
        .select_related("actor", "product__organization")
        .order_by("id")
    )
    audiences: dict[int, rules.Audience] = {}
    immediate: list[int] = []
    for event in events:
        assert event.product is not None
        audience = audiences.get(event.product_id or 0)
        if audience is None:
            audience = audiences[event.product_id or 0] = rules.Audience(event.product)
        immediate += _apply(event, audience)
    if immediate:
        jobs.enqueue(mail_immediately, notification_ids=immediate)


def _apply(event: Event, audience: rules.Audience) -> list[int]:
    product = audience.product
    places = rules.places_of(event)
    watching = rules.watchers(product, places)
    planned = rules.plan(event, audience, watching)
    Watch.objects.bulk_create(
        [
            Watch(product=product, object_type=t, object_id=i, user_id=person, reason=reason)
            for (person, (t, i)), reason in planned.watch.items()
            if person in audience.people
        ],
        ignore_conflicts=True,
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=person,
                product=product,
                event=event,
                object_type=place[0],
                object_id=place[1],
                reason=reason,
                created_at=event.created_at,
            )
            for person, (reason, place) in planned.notify.items()
        ],
        ignore_conflicts=True,
    )
    wants_now = set(
        NotificationPreference.objects.filter(
            user_id__in=list(planned.notify), email=EmailChoice.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    return list(
        Notification.objects.filter(
            event=event, user_id__in=wants_now, emailed_at__isnull=True
        ).values_list("pk", flat=True)
    )


def mail_immediately(*, notification_ids: Sequence[int]) -> None:
    from . import mail  # the e-mail side reads templates; only a job needs it

    mail.send_immediately(notification_ids=notification_ids)


# --- reading ----------------------------------------------------------------------------------


def notifications_mark_read(
    *, user: User, ids: Sequence[int] = (), record: tuple[str, int] | None = None
) -> int:
    """Mark some of one's own notifications read (by id, or all about one record)."""
    mine = Notification.objects.filter(user=user, read_at__isnull=True)
    if record is not None:
        mine = mine.filter(object_type=record[0], object_id=record[1])
    else:
        mine = mine.filter(pk__in=list(ids))
    return mine.update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- preferences ------------------------------------------------------------------------------


def preference_of(user: User) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


@transaction.atomic
def preference_set(*, user: User, email: str) -> NotificationPreference:
    if email not in EmailChoice.values:
        raise ValidationFailed({"email": f"must be one of: {', '.join(EmailChoice.values)}"})
    preference, made = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"email": email}
    )
    if not made and preference.email != email:
        preference.email = email
        preference.version += 1
        preference.save(update_fields=["email", "version"])
    return preference
