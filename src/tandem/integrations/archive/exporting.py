"""Write a product's archive: each kind's rows in id order, numbered 1, 2, 3… within the kind.

Archive ids are positions, not database ids, so the same product exported from two
instances gives the same files; references between records use them, people are
their e-mail addresses.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tandem import __version__
from tandem.workspace.models import Product, User
from tandem.workspace.registry import ExportKind, export_kinds, plain

from .shape import (
    FORMAT,
    MANIFEST,
    PEOPLE,
    PRODUCT_SETTINGS,
    VERSION,
    ManyShape,
    field_shapes,
    kinds_by_type_name,
    many_shapes,
    records_file,
)

PRODUCT_FIELDS = ("name", *PRODUCT_SETTINGS)


class _Numbering:
    """Database id → archive id, per kind; and each many-to-many field's pairs, read once."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[int, int]] = {}
        self.emails: dict[int, str] = {}
        self.pairs: dict[tuple[str, str], dict[int, list[int]]] = {}

    def person(self, user_id: int | None) -> str | None:
        return None if user_id is None else self.emails.get(user_id)


def _rows(kind: ExportKind, product: Product) -> list[Any]:
    return list(kind.model._default_manager.filter(**{kind.product_path: product}).order_by("pk"))


def archive_files(product: Product) -> tuple[dict[str, Any], dict[str, int]]:
    """Every file of the archive as JSON-ready values, and each kind's count."""
    numbering = _Numbering()
    kinds = export_kinds()
    rows = {kind.label: _rows(kind, product) for kind in kinds}
    for kind in kinds:
        numbering.ids[kind.label] = {row.pk: n for n, row in enumerate(rows[kind.label], 1)}
    for kind in kinds:
        for many in many_shapes(kind):
            numbering.pairs[(kind.label, many.name)] = _pairs(many, numbering.ids[kind.label])
    user_ids = _people_ids(kinds, rows, numbering)
    people = sorted(User.objects.filter(pk__in=user_ids), key=lambda user: user.email)
    numbering.emails = {user.pk: user.email for user in people}
    files: dict[str, Any] = {
        PEOPLE: [{"email": user.email, "name": user.name} for user in people],
    }
    counts: dict[str, int] = {}
    for kind in kinds:
        files[records_file(kind)] = [
            _record(kind, row, numbering, product) for row in rows[kind.label]
        ]
        counts[kind.label] = len(rows[kind.label])
    files[MANIFEST] = {
        "format": FORMAT,
        "version": VERSION,
        "tandem": __version__,
        "exported_at": timezone.now().isoformat(),
        "product": {"key": product.key, **{f: plain(getattr(product, f)) for f in PRODUCT_FIELDS}},
        "counts": counts,
    }
    return files, counts


def _pairs(many: ManyShape, ids: dict[int, int]) -> dict[int, list[int]]:
    field = many.field
    through: Any = field.remote_field.through
    source = field.m2m_column_name()
    target = field.m2m_reverse_name()
    pairs: dict[int, list[int]] = {}
    rows = through.objects.filter(**{f"{source}__in": list(ids)}).values_list(source, target)
    for owner, related in rows:
        pairs.setdefault(owner, []).append(related)
    return pairs


def _people_ids(
    kinds: list[ExportKind], rows: dict[str, list[Any]], numbering: _Numbering
) -> set[int]:
    found: set[int] = set()
    for kind in kinds:
        people = [s.field.attname for s in field_shapes(kind) if s.how == "person"]
        for row in rows[kind.label]:
            found.update(getattr(row, name) for name in people if getattr(row, name))
        for many in many_shapes(kind):
            if many.ref == "person":
                for related in numbering.pairs[(kind.label, many.name)].values():
                    found.update(related)
    return found


def _record(kind: ExportKind, row: Any, numbering: _Numbering, product: Product) -> dict[str, Any]:
    record: dict[str, Any] = {"id": numbering.ids[kind.label][row.pk]}
    type_name = ""
    for shape in field_shapes(kind):
        value = getattr(row, shape.field.attname)
        if shape.how == "value":
            record[shape.name] = plain(value)
        elif shape.how == "generic_type":
            type_name = value
            record[shape.name] = value
        elif shape.how == "generic_id":
            record[shape.name] = _generic(type_name, value, numbering, product)
        elif shape.how == "person":
            record[shape.name] = numbering.person(value)
        elif shape.how == "ref":
            record[shape.name] = None if value is None else numbering.ids[shape.ref].get(value)
    for many in many_shapes(kind):
        related = numbering.pairs[(kind.label, many.name)].get(row.pk, [])
        if many.ref == "person":
            record[many.name] = sorted(e for pk in related if (e := numbering.person(pk)))
        else:
            record[many.name] = sorted(numbering.ids[many.ref][pk] for pk in related)
    return record


def _generic(type_name: str, value: Any, numbering: _Numbering, product: Product) -> Any:
    """A pointer to a record of any kind: its archive id, 0 for the product itself."""
    if value is None:
        return None
    if type_name == "product":
        return 0 if value == product.pk else None
    kind = kinds_by_type_name().get(type_name)
    if kind is None:
        return None
    return numbering.ids[kind.label].get(value)


def archive_bytes(
    product: Product, progress: Callable[[int], None] | None = None
) -> tuple[bytes, dict[str, int]]:
    files, counts = archive_files(product)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            text = json.dumps(files[name], ensure_ascii=False, indent=1, sort_keys=True)
            entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text)
    if progress:
        progress(100)
    return buffer.getvalue(), counts
