"""What the archive holds for each kind: its fields, and how each one is written."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models

from tandem.workspace.models import Organization, Product, User
from tandem.workspace.registry import ExportKind, export_kinds

FORMAT = "tandem-archive"
VERSION = 1
MANIFEST = "manifest.json"
PEOPLE = "people.json"
# What the manifest keeps of the product besides its key and name.
PRODUCT_SETTINGS = (
    "description",
    "next_item_number",
    "stale_after_days",
    "sprint_days",
    "version",
    "created_at",
)


def records_file(kind: ExportKind) -> str:
    return f"records/{kind.label}.json"


@dataclass(frozen=True)
class FieldShape:
    """One stored field: ``ref`` is the exported kind a foreign key points at (by archive id)."""

    field: models.Field  # type: ignore[type-arg]
    how: str  # value, person, product, organization, ref, dropped, generic_type, generic_id
    ref: str = ""

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class ManyShape:
    """A many-to-many field without a model of its own: a list of archive ids or e-mails."""

    field: models.ManyToManyField  # type: ignore[type-arg]
    ref: str  # the kind's label, or "person"

    @property
    def name(self) -> str:
        return self.field.name


@cache
def kinds_by_model() -> dict[type[models.Model], ExportKind]:
    return {kind.model: kind for kind in export_kinds()}


@cache
def kinds_by_type_name() -> dict[str, ExportKind]:
    return {kind.type_name: kind for kind in export_kinds() if kind.type_name}


def field_shapes(kind: ExportKind) -> tuple[FieldShape, ...]:
    shapes = []
    generic = kind.generic or ("", "")
    for field in kind.model._meta.concrete_fields:
        if field.primary_key:
            continue
        shapes.append(_shape(field, generic))
    return tuple(shapes)


def _shape(field: models.Field, generic: tuple[str, str]) -> FieldShape:  # type: ignore[type-arg]
    if field.name == generic[0]:
        return FieldShape(field, "generic_type")
    if field.name == generic[1]:
        return FieldShape(field, "generic_id")
    if not field.is_relation:
        return FieldShape(field, "value")
    target = field.related_model
    if target is User:
        return FieldShape(field, "person")
    if target is Product:
        return FieldShape(field, "product")
    if target is Organization:
        return FieldShape(field, "organization")
    known = kinds_by_model().get(target)  # type: ignore[arg-type]
    return FieldShape(field, "ref", known.label) if known else FieldShape(field, "dropped")


def many_shapes(kind: ExportKind) -> tuple[ManyShape, ...]:
    shapes = []
    for field in kind.model._meta.many_to_many:
        through: Any = field.remote_field.through
        if not through._meta.auto_created:  # its own exported kind (an idea's votes)
            continue
        target = field.related_model
        if target is User:
            shapes.append(ManyShape(field, "person"))
        elif target in kinds_by_model():
            shapes.append(ManyShape(field, kinds_by_model()[target].label))
    return tuple(shapes)
