"""The backlog's rows that travel in a product's archive (besides registered kinds)."""

from __future__ import annotations

from tandem.workspace.registry import register_export

from .models import AcceptanceCriterion, Comment, Item, Label, Link
from .saved_models import SavedView
from .story_map.models import MapPlacement


def declare() -> None:
    register_export(Label)
    register_export(Item)
    register_export(AcceptanceCriterion, product_path="item__product")
    register_export(Comment, product_path="item__product")
    register_export(Link, product_path="item__product")
    register_export(MapPlacement)
    register_export(SavedView)
