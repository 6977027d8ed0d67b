"""A saved backlog view: a name, its filters as a query string, and optional JQL."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.workspace.models import Product, User


class SavedView(models.Model):
    """Personal views are seen by their owner only; shared ones by every member."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="saved_views")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    shared = models.BooleanField(default=False)
    query = models.CharField(max_length=2000, blank=True)
    jql = models.CharField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "owner", "name"], name="saved_view_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["product", "shared"], name="saved_view_product")]

    def __str__(self) -> str:
        return self.name
