"""The write spine for settings: one row changed in place, not a record with a history of
its own (a product's roadmap setting, evidence weights, launch template; a saved filter).

The same steps as :mod:`.writes` — lock, check the version read, bump it, stamp who and
when, save, audit — for rows that are no registered record type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from django.db import models
from django.utils import timezone

from .access import ProductAccess
from .audit import caller_event
from .records import check_version


class Settings(Protocol):
    """A row of settings: a version a change must name, the last change's time."""

    pk: Any
    version: int
    updated_at: dt.datetime

    def save(self, *args: Any, **kwargs: Any) -> None: ...


S = TypeVar("S", bound=models.Model)


def lock_settings(model: type[S], access: ProductAccess, **defaults: Any) -> tuple[S, bool]:
    """The product's one row of ``model``, locked; made from ``defaults`` the first time."""
    rows = model._default_manager.select_for_update()
    return rows.get_or_create(product=access.product, defaults=defaults)


def check_settings_version(
    row: Settings, expected_version: int | None, *, what: str, current: Mapping[str, Any]
) -> None:
    """A change names the version it read: none is 428, a stale one 409 with ``current``."""
    check_version(row, expected_version, lambda _: dict(current), label=what[:1].upper() + what[1:])


def save_settings(
    access: ProductAccess,
    row: Settings,
    values: Mapping[str, Any],
    *,
    verb: str,
    snapshot: Callable[[Any], dict[str, Any]],
    label: str | None = None,
    object_type: str | None = None,
    new_version: bool = True,
) -> None:
    """Set the values, bump the version, stamp who and when, save, and audit the fields of
    ``snapshot`` that changed: about the row as it now reads unless ``label`` says otherwise,
    whose type is the verb's first word unless ``object_type`` says otherwise."""
    before = snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    if new_version:
        row.version += 1
    if hasattr(row, "updated_by_id"):  # a row that keeps its last author
        setattr(row, "updated_by", access.user)  # noqa: B010
    row.updated_at = timezone.now()
    row.save()
    caller_event(
        access,
        verb,
        row.pk,
        str(row) if label is None else label,
        object_type=object_type,
        before=before,
        after=snapshot(row),
    )
