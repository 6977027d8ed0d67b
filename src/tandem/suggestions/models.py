"""What is stored so that pages read neighbours instead of comparing the whole backlog."""

from __future__ import annotations

from django.db import models

from tandem.backlog.models import Item
from tandem.workspace.models import Product


class ItemNeighbour(models.Model):
    """One of an item's closest items, with the blended similarity (0 to 1) between them.

    Rows are rewritten by :func:`..neighbours.refresh_item` after the item changes; the
    score is symmetric, so the same job also places the item among its neighbours' own.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    neighbour = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    likely_duplicate = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "neighbour"], name="item_neighbour_unique"),
            models.CheckConstraint(
                condition=~models.Q(item=models.F("neighbour")), name="item_neighbour_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["item", "-score"], name="item_neighbour_best"),
            models.Index(
                fields=["product", "likely_duplicate", "-score"], name="item_neighbour_duplicates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} ~ {self.neighbour_id} ({self.score:.2f})"
