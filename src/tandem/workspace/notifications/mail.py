"""Notifications by e-mail: at once, or one digest a day; every mail can be unsubscribed.

The unsubscribe link carries a signed token naming the person, so it works without
signing in and cannot be forged for someone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import User
from . import selectors
from .models import EmailChoice, Notification, NotificationPreference

_SALT = "tandem.notifications.unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=_SALT)


def user_of_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


def _site() -> str:
    return str(settings.SITE_URL)


def _send(user: User, subject: str, notifications: list[Notification], intro: str) -> None:
    groups = selectors.grouped(notifications)
    if not groups:
        return
    context = {
        "user": user,
        "groups": groups,
        "intro": intro,
        "site": _site(),
        "unsubscribe": _site()
        + reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]),
        "page": _site() + reverse("notifications:page"),
    }
    send_mail(
        subject=subject,
        message=render_to_string("notifications/email.txt", context),
        from_email=None,
        recipient_list=[user.email],
        html_message=render_to_string("notifications/email.html", context),
    )


def send_immediately(*, notification_ids: Sequence[int]) -> int:
    """One e-mail per person for what just happened; each notification is mailed once."""
    rows = list(
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("user", "event__actor", "product")
        .order_by("-created_at", "-id")
    )
    by_user: dict[int, list[Notification]] = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    sent = 0
    for found in by_user.values():
        user = found[0].user
        if not user.is_active:
            continue
        groups = selectors.grouped(found)
        subject = groups[0].headline if groups else "News in Tandem"
        _send(user, subject[:150], found, "")
        Notification.objects.filter(pk__in=[n.pk for n in found]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def send_digests(*, now: datetime | None = None) -> int:
    """Each person who chose the daily digest, and was not sent one in the last day,
    gets what they have not been told by e-mail yet. Returns how many were sent."""
    now = now or timezone.now()
    due_before = now - timedelta(hours=23)
    opted_out = NotificationPreference.objects.exclude(email=EmailChoice.DAILY)
    recently = NotificationPreference.objects.filter(last_digest_at__gt=due_before)
    people = (
        User.objects.filter(
            is_active=True,
            pk__in=Notification.objects.filter(emailed_at__isnull=True).values("user_id"),
        )
        .exclude(pk__in=opted_out.values("user_id"))
        .exclude(pk__in=recently.values("user_id"))
    )
    sent = 0
    for user in people:
        rows = list(
            Notification.objects.filter(user=user, emailed_at__isnull=True)
            .select_related("event__actor", "product")
            .order_by("-created_at", "-id")[:200]
        )
        count = len(rows)
        intro = (
            f"{count} change{'s' if count != 1 else ''} to what you follow since your last digest."
        )
        _send(user, "Your Tandem digest", rows, intro)
        Notification.objects.filter(user=user, emailed_at__isnull=True).update(emailed_at=now)
        NotificationPreference.objects.update_or_create(user=user, defaults={"last_digest_at": now})
        sent += 1
    return sent


def unsubscribe(user: User) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": EmailChoice.NEVER}
    )
