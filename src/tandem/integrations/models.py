"""Integrations' records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.workspace.models import Product

# --- webhooks -----------------------------------------------------------------------------


class Webhook(models.Model):
    """An address told of a product's audited writes, signed the Standard Webhooks way."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)  # audit verbs such as "item.created", or "*"
    secret = models.CharField(max_length=200)  # "whsec_" + base64 of the signing key
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["product", "archived_at"], name="webhook_live")]

    def __str__(self) -> str:
        return self.url

    def wants(self, verb: str) -> bool:
        return "*" in self.events or verb in self.events


class WebhookDelivery(models.Model):
    """One message to one webhook; retried with back-off until it lands or gives up."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=64)  # webhook-id: the same on every attempt
    event_id = models.BigIntegerField()  # the audit event announced
    verb = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # An event fanned out twice (a retried job) still makes one delivery per hook.
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once"),
        ]
        indexes = [models.Index(fields=["webhook", "-created_at"], name="delivery_recent")]

    def __str__(self) -> str:
        return f"{self.verb} → {self.webhook_id}"


class WebhookAttempt(models.Model):
    """The delivery log: one row per try, what the receiver answered and how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="attempt_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.response_code or self.error}"


class GitHubConnection(models.Model):
    """The secret a product's GitHub repository signs its webhooks with."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="+")
    secret = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"GitHub → {self.product_id}"


class CodeLink(models.Model):
    """A commit or pull request that names an item by its key (``DRN-42``)."""

    class Kind(models.TextChoices):
        COMMIT = "commit", "Commit"
        PULL_REQUEST = "pull_request", "Pull request"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    repository = models.CharField(max_length=200)
    ref = models.CharField(max_length=64)  # a commit's sha, a pull request's number
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=2000)
    state = models.CharField(max_length=20, blank=True)  # open / closed / merged
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "repository", "ref"], name="code_link_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.repository}#{self.ref}"


from .import_models import ExternalRef, ImportRun  # noqa: E402, F401  (imports: old keys, runs)
from .jira_models import SavedFilter  # noqa: E402, F401  (saved JQL filters)
