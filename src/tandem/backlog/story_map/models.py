"""The story map's rows. Activities, steps and slices are product-level records on the
record spine; a placement puts one story on one step (and, optionally, in one slice).

A placement is its own table rather than columns on ``Item``: the item row is the
hottest in the product (rank moves, roll-up triggers, imports), and a story that
is on no map simply has no placement. ``item`` is unique, so a story sits on at
most one step.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tandem.workspace.models import Product, Tracked


class MapRow(Tracked):
    """What activities, steps and slices share: a name, and a place in their line."""

    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class MapActivity(MapRow):
    """A step of the user's journey at the top of the map, left to right by ``position``."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="map_activities")


class MapStep(MapRow):
    """What the user does within an activity; its stories hang under it."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="map_steps")
    activity = models.ForeignKey(MapActivity, on_delete=models.CASCADE, related_name="steps")


class MapSlice(MapRow):
    """A horizontal release slice, top to bottom; one may be the walking skeleton."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="map_slices")
    is_skeleton = models.BooleanField(default=False)

    class Meta(MapRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(is_skeleton=True, archived_at__isnull=True),
                name="map_slice_one_skeleton",
            ),
        ]


class MapPlacement(models.Model):
    """Where a story sits on the map; its order under the step is the item's backlog rank."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    item = models.OneToOneField(
        "backlog.Item", on_delete=models.CASCADE, related_name="map_placement"
    )
    step = models.ForeignKey(MapStep, on_delete=models.CASCADE, related_name="placements")
    slice = models.ForeignKey(
        MapSlice, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )

    def __str__(self) -> str:
        return f"item {self.item_id} on step {self.step_id}"
