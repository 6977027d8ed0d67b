"""Read a product's archive back: check every record first, then write it all, or nothing."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from tandem.integrations.sources import Problem
from tandem.workspace.registry import ExportKind, export_kinds

from .shape import (
    FORMAT,
    MANIFEST,
    PEOPLE,
    VERSION,
    FieldShape,
    field_shapes,
    kinds_by_type_name,
    many_shapes,
    records_file,
)

MAX_BYTES = 2_000_000_000


@dataclass
class Archive:
    filename: str
    manifest: dict[str, Any] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # e-mail → name
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind label → rows
    problems: list[Problem] = field(default_factory=list)

    def problem(self, file: str, record: str, name: str, message: str) -> None:
        self.problems.append(
            Problem(f"{self.filename}:{file}" if file else self.filename, record, name, message)
        )


def read_archive(data: bytes, filename: str) -> Archive:
    """The archive's files, parsed and checked; problems name file, record and field."""
    archive = Archive(filename=filename)
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        archive.problem("", "", "file", "is not a zip archive")
        return archive
    with bundle:
        names = set(bundle.namelist())
        if sum(info.file_size for info in bundle.infolist()) > MAX_BYTES:
            archive.problem("", "", "file", "holds more than 2 GB once unpacked")
            return archive
        manifest = _json(archive, bundle, MANIFEST, names)
        if not _check_manifest(archive, manifest):
            return archive
        people = _json(archive, bundle, PEOPLE, names)
        _read_people(archive, people)
        for kind in export_kinds():
            rows = _json(archive, bundle, records_file(kind), names, missing_ok=True)
            archive.records[kind.label] = rows if isinstance(rows, list) else []
        for name in sorted(names - {MANIFEST, PEOPLE} - {records_file(k) for k in export_kinds()}):
            if not name.endswith("/"):
                archive.problem(name, "", "file", "is not a kind this version of Tandem knows")
    if not archive.problems:
        _check_records(archive)
    return archive


def _json(
    archive: Archive, bundle: zipfile.ZipFile, name: str, names: set[str], missing_ok: bool = False
) -> Any:
    if name not in names:
        if not missing_ok:
            archive.problem(name, "", "file", "is missing")
        return None
    try:
        return json.loads(bundle.read(name))
    except (ValueError, UnicodeDecodeError) as error:
        archive.problem(name, "", "file", f"is not valid JSON: {error}")
        return None


def _check_manifest(archive: Archive, manifest: Any) -> bool:
    if not isinstance(manifest, dict):
        if manifest is not None:
            archive.problem(MANIFEST, "", "", "must be a JSON object")
        return False
    archive.manifest = manifest
    if manifest.get("format") != FORMAT:
        archive.problem(MANIFEST, "", "format", f"must be {FORMAT!r}")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        archive.problem(
            MANIFEST,
            "",
            "version",
            f"{version!r} is not a version this Tandem reads (1 to {VERSION})",
        )
    product = manifest.get("product")
    if not isinstance(product, dict) or not isinstance(product.get("name"), str):
        archive.problem(MANIFEST, "", "product", "must hold the product's key and name")
    return not archive.problems


def _read_people(archive: Archive, people: Any) -> None:
    if not isinstance(people, list):
        return
    for number, person in enumerate(people, 1):
        email = person.get("email") if isinstance(person, dict) else None
        if not isinstance(email, str) or "@" not in email or len(email) > 254:
            archive.problem(PEOPLE, f"person {number}", "email", "is not an e-mail address")
            continue
        archive.people[email.strip().lower()] = str(person.get("name") or "")[:150]


def _check_records(archive: Archive) -> None:
    ids = {label: set() for label in archive.records}  # type: dict[str, set[int]]
    for kind in export_kinds():
        for number, row in enumerate(archive.records[kind.label], 1):
            if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                archive.problem(records_file(kind), f"record {number}", "id", "must be a number")
                continue
            if row["id"] in ids[kind.label]:
                archive.problem(records_file(kind), f"record {number}", "id", "repeats")
            ids[kind.label].add(row["id"])
    for kind in export_kinds():
        for row in archive.records[kind.label]:
            if isinstance(row, dict) and isinstance(row.get("id"), int):
                _check_row(archive, kind, row, ids)
        _check_taken(archive, kind)


def _check_taken(archive: Archive, kind: ExportKind) -> None:
    """A value unique across the instance (a survey's public link) must still be free here."""
    for shape in field_shapes(kind):
        if shape.how != "value" or not shape.field.unique:
            continue
        wanted = {
            row[shape.name]: row["id"]
            for row in archive.records[kind.label]
            if isinstance(row, dict) and row.get(shape.name) not in (None, "")
        }
        taken = kind.model._default_manager.filter(
            **{f"{shape.field.attname}__in": list(wanted)}
        ).values_list(shape.field.attname, flat=True)
        for value in taken:
            archive.problem(
                records_file(kind),
                f"record {wanted[value]}",
                shape.name,
                "is already used by another product of this instance",
            )


def _check_row(
    archive: Archive, kind: ExportKind, row: dict[str, Any], ids: dict[str, set[int]]
) -> None:
    file, record = records_file(kind), f"record {row['id']}"
    for shape in field_shapes(kind):
        if shape.how in ("product", "organization", "dropped"):
            continue
        message = _field_problem(archive, shape, row, ids)
        if message:
            archive.problem(file, record, shape.name, message)
    for many in many_shapes(kind):
        values = row.get(many.name, [])
        known = archive.people if many.ref == "person" else ids.get(many.ref, set())
        if not isinstance(values, list) or any(v not in known for v in values):
            archive.problem(file, record, many.name, "names a record the archive does not hold")


def _field_problem(
    archive: Archive, shape: FieldShape, row: dict[str, Any], ids: dict[str, set[int]]
) -> str:
    model_field = shape.field
    if shape.name not in row:
        has_default = model_field.has_default() or model_field.null
        return "" if has_default else "is missing"
    value = row[shape.name]
    if value is None:
        return "" if model_field.null or shape.how == "generic_id" else "may not be empty"
    if shape.how == "person":
        return "" if value in archive.people else f"{value!r} is not in people.json"
    if shape.how == "ref":
        return (
            ""
            if value in ids.get(shape.ref, ())
            else f"names record {value!r}, which the archive does not hold"
        )
    if shape.how == "generic_id":
        return "" if isinstance(value, int) else "must be a number"
    return _value_problem(model_field, value)


def _value_problem(model_field: models.Field, value: Any) -> str:  # type: ignore[type-arg]
    try:
        cleaned = model_field.to_python(value)
    except DjangoValidationError as invalid:
        return " ".join(str(m) for m in invalid.messages)
    if isinstance(model_field, models.JSONField):
        return ""
    if (
        isinstance(cleaned, str)
        and model_field.max_length
        and len(cleaned) > model_field.max_length
    ):
        return f"is longer than {model_field.max_length} characters"
    blank = model_field.blank and cleaned == ""
    if model_field.choices and not blank and cleaned not in {c[0] for c in model_field.flatchoices}:
        return f"{cleaned!r} is not one of the choices"
    if isinstance(cleaned, int) and not isinstance(cleaned, bool):
        for validator in model_field.validators:
            try:
                validator(cleaned)
            except DjangoValidationError as invalid:
                return " ".join(str(m) for m in invalid.messages)
    return ""


def generic_kind(type_name: Any) -> ExportKind | None:
    return kinds_by_type_name().get(type_name) if isinstance(type_name, str) else None
