"""Abstract bases for the records of one product: who wrote a row and when, and the
spine's tracked record (version, authorship, soft delete) tied to its product."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .models import Product, Tracked, User


class Authored(models.Model):
    """Who made a row and when, for rows without a record's version and history
    (readings, links, background runs)."""

    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class ProductRecord(Tracked):
    """A product's record with the version, authorship and soft delete of every record;
    the product does not list these rows back (no reverse accessor)."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
