"""Constraints over the live rows of a soft-deleted record: an archived row steps aside."""

from __future__ import annotations

from django.db import models


def unique_while_live(*fields: str, name: str) -> models.UniqueConstraint:
    """At most one live row per value of ``fields``; archived rows may repeat it."""
    return models.UniqueConstraint(
        fields=list(fields), condition=models.Q(archived_at__isnull=True), name=name
    )
