"""The search index: one document per piece of text a person could look for.

The lexical side lives beside this table, created by the migration for the database
in use: an FTS5 table kept in step by triggers on SQLite, a generated ``tsvector``
column with a GIN index on PostgreSQL. Restricted fields (revenue, budgets) are never
written here, so no query can leak them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.workspace.models import Product


class SearchDocument(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # the registered search kind: "item", "comment"
    object_id = models.BigIntegerField()
    # The audit object whose events refresh this document ("item:42" for its comments).
    scope = models.CharField(max_length=80)
    action = models.CharField(max_length=20)  # the rights table's row a reader needs
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=40, blank=True)
    key = models.CharField(max_length=40, blank=True)
    url = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    vector = models.BinaryField(null=True, blank=True)  # float16 sentence embedding

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique"),
        ]
        indexes = [
            models.Index(fields=["product", "kind"], name="search_document_kind"),
            models.Index(fields=["scope"], name="search_document_scope"),
            models.Index(fields=["product", "key"], name="search_document_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
