"""What a record kept once per parent carries: a version, who changed it last, and when."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.workspace.models import User

__all__ = ["Revised"]


class Revised(models.Model):
    """A record edited in place, never archived (a product's launch template, a sprint's
    review): the version a change must name, and the last change's author and time."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
