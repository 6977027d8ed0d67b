"""Activities, steps and slices, declared once on the record spine.

Create, rename, archive, restore, history, If-Match and proposals come from the
registry (rights row ``backlog``: the Product Owner decides, the team and the
Product Manager propose, stakeholders read). What is the map's own: ``position``
is an index among the live siblings (sending one reorders the others), a step
hangs under a live activity, and at most one slice is the walking skeleton.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import models
from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import Hooks, RecordApi, RecordType, Values, register, text_of
from tandem.workspace.rights import Action
from tandem.workspace.writes import PLAIN_OPERATIONS

from .models import MapActivity, MapSlice, MapStep

API = "/products/{product_key}/story-map"
MAX_POSITION = 10_000

Position = Annotated[
    int | None,
    Field(
        None,
        ge=0,
        le=MAX_POSITION,
        description="Index among the live siblings, from 0; left out: at the end.",
    ),
]


class ActivityIn(f.Input):
    name: f.RequiredText
    position: Position = None


class StepIn(f.Input):
    activity: f.Ref = Field(title="Activity", description="The activity the step belongs to")
    name: f.RequiredText
    position: Position = None


class SliceIn(f.Input):
    name: f.RequiredText
    position: Position = None
    is_skeleton: bool = Field(
        False, title="Walking skeleton", description="The minimum slice; only one per product"
    )


def _siblings(record: Any) -> models.QuerySet[Any]:
    rows: models.QuerySet[Any] = type(record)._default_manager.filter(product_id=record.product_id)
    if isinstance(record, MapStep):
        rows = rows.filter(activity_id=record.activity_id)
    return rows.filter(archived_at__isnull=True).exclude(pk=record.pk)


def _place(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    """Before the save: a new record without a position goes at the end of its siblings."""
    if record.position is None or (creating and values.get("position") is None):
        record.position = _siblings(record).count()
    if isinstance(record, MapStep) and record.activity.archived_at is not None:
        raise ValidationFailed({"activity": "this activity is archived; restore it first"})
    if isinstance(record, MapSlice) and record.is_skeleton:
        # The constraint allows one walking skeleton: marking this one unmarks the other.
        _siblings(record).filter(is_skeleton=True).update(is_skeleton=False)


def _renumber(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    """After the save: the siblings close up around the record's index, 0, 1, 2 …"""
    if not creating and "position" not in values and "activity" not in values:
        return
    others = list(_siblings(record).order_by("position", "id"))
    index = min(record.position, len(others))
    ordered = [*others[:index], record, *others[index:]]
    changed = []
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            changed.append(row)
    type(record)._default_manager.bulk_update(changed, ["position"])


def _declare(
    name: str, model: type[models.Model], label: str, plural: str, schema: type[f.Input]
) -> None:
    register(
        RecordType(
            name=name,
            model=model,
            label=label,
            plural=plural,
            action=Action.BACKLOG,
            schema=schema,
            fields=tuple(schema.model_fields),
            title_field="name",
            hooks=Hooks(prepare=_place, after_save=_renumber),
            operations=PLAIN_OPERATIONS,
            api=RecordApi(f"{API}/{plural.split()[-1]}", ordering=("position", "id")),
            search=text_of("name"),
            app="backlog",
        )
    )


def register_all() -> None:
    _declare("map_activity", MapActivity, "Activity", "map activities", ActivityIn)
    _declare("map_step", MapStep, "Step", "map steps", StepIn)
    _declare("map_slice", MapSlice, "Release slice", "map slices", SliceIn)
