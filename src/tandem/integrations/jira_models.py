"""Records of the Jira-compatible API: saved JQL filters."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.workspace.models import Product, User


class SavedFilter(models.Model):
    """A named JQL query; its owner's alone, or shared with every member of the product."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    jql = models.TextField()
    description = models.TextField(blank=True)
    shared = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "integrations"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "owner", "name"],
                condition=Q(archived_at__isnull=True),
                name="saved_filter_unique_live_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name
