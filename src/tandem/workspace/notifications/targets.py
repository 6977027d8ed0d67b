"""The records people watch: how each kind is found, named and linked.

Every kind declared in ``workspace.registry`` is a target without more ado. A kind
with pages of its own (an item, a sprint, a release) registers here from its app's
``ready``: its model, how it is named and where its page is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from ..models import Product
from ..registry import all_types, record_type


@dataclass(frozen=True)
class Target:
    """One kind of record as a watch or a notification names it."""

    name: str  # the audit log's object type: "item", "sprint", "initiative"
    model: type[models.Model]
    label: Callable[[Any], str]  # "DRN-42 'Battery saver'"
    url: Callable[[Any], str]
    noun: str = ""  # "item"; the name with spaces by default
    product_path: str = "product"
    # The number in keys like "DRN-42" (the product's key, a dash, the number), by which
    # events name records of this kind.
    key_field: str = ""

    @property
    def spoken(self) -> str:
        return self.noun or self.name.replace("_", " ")


@dataclass(frozen=True)
class Named:
    """A record as one line shows it."""

    label: str
    url: str


_targets: dict[str, Target] = {}


def register_target(target: Target) -> Target:
    _targets[target.name] = target
    return target


def _record_url(product_key: str, kind: str, pk: int) -> str:
    try:
        return reverse("records:record", args=[product_key, kind.replace("_", "-"), pk])
    except NoReverseMatch:
        return ""


def target(object_type: str) -> Target | None:
    if object_type in _targets:
        return _targets[object_type]
    try:
        spec = record_type(object_type)
    except LookupError:
        return None

    def url(record: Any) -> str:
        if spec.url is not None:
            return spec.url(record)
        return _record_url(_product_of(record, spec.product_path).key, spec.name, record.pk)

    return Target(
        name=spec.name,
        model=spec.model,
        label=lambda record: f"{spec.label} '{spec.title_of(record)}'",
        url=url,
        noun=spec.label.lower(),
        product_path=spec.product_path,
    )


def _product_of(record: Any, path: str) -> Product:
    value = record
    for step in path.split("__"):
        value = getattr(value, step)
    product: Product = value
    return product


def known_types() -> list[str]:
    return sorted({*_targets, *(spec.name for spec in all_types())})


def find(product: Product, object_type: str, object_id: int) -> Any | None:
    """The record in this product, archived or not; None when there is no such thing."""
    kind = target(object_type)
    if kind is None:
        return None
    rows = kind.model._default_manager.filter(**{kind.product_path: product})
    return rows.filter(pk=object_id).first()


def ids_of_keys(product: Product, object_type: str, keys: Iterable[str]) -> list[int]:
    """The records an event names by key (a blocker's items) as ids."""
    kind = target(object_type)
    numbers = []
    for key in keys:
        prefix, _, number = str(key).strip().upper().rpartition("-")
        if prefix == product.key and number.isdigit():
            numbers.append(int(number))
    if kind is None or not kind.key_field or not numbers:
        return []
    rows = kind.model._default_manager.filter(**{kind.product_path: product})
    return list(rows.filter(**{f"{kind.key_field}__in": numbers}).values_list("pk", flat=True))


def named(wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Named]:
    """Labels and links for many records: one query per kind, never one per record.

    The caller has scoped ``wanted`` already (a person's own notifications, one
    product's events)."""
    by_type: dict[str, set[int]] = {}
    for object_type, object_id in wanted:
        by_type.setdefault(object_type, set()).add(object_id)
    found: dict[tuple[str, int], Named] = {}
    for object_type, ids in by_type.items():
        kind = target(object_type)
        if kind is None:
            continue
        rows = kind.model._default_manager.filter(pk__in=ids).select_related(kind.product_path)
        for record in rows:
            found[(object_type, record.pk)] = Named(kind.label(record), kind.url(record))
    return found


def spoken(object_type: str) -> str:
    kind = target(object_type)
    return kind.spoken if kind is not None else object_type.replace("_", " ")
