"""Who watches which record, what each person was told, and how they like to hear of it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ..models import Event, Product, User


class WatchReason(models.TextChoices):
    CHOSEN = "chosen", "You chose to watch it"
    CREATED = "created", "You created it"
    ASSIGNED = "assigned", "It is assigned to you"
    MENTIONED = "mentioned", "You were mentioned"
    TOOK_PART = "took_part", "You took part"


class Watch(models.Model):
    """One person following one record of any kind: ``object_type`` is the audit log's."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="watches")
    reason = models.CharField(max_length=16, choices=WatchReason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "object_type", "object_id", "user"], name="watch_once"
            )
        ]
        indexes = [
            models.Index(fields=["product", "object_type", "object_id"], name="watch_record"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.object_type}:{self.object_id}"


class NotificationReason(models.TextChoices):
    WATCHING = "watching", "You watch it"
    MENTIONED = "mentioned", "You were mentioned"
    YOURS = "yours", "It is yours"
    FOLLOWING = "following", "You follow the product's direction"


class Notification(models.Model):
    """One event told to one person; grouped by record when shown.

    ``object_type``/``object_id`` name the record it is shown under, which is not
    always the event's own (a blocker raised on an item is shown under the item).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    reason = models.CharField(max_length=16, choices=NotificationReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A job run twice (a retried queue) tells nobody twice.
            models.UniqueConstraint(fields=["user", "event"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "emailed_at"], name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user}"


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", "At once, one e-mail per change"
    DAILY = "daily", "Once a day, in a digest"
    NEVER = "never", "Never: only in Tandem"


class NotificationPreference(models.Model):
    """How a person likes to hear by e-mail; someone without a row gets the daily digest."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(max_length=10, choices=EmailChoice.choices, default=EmailChoice.DAILY)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"
