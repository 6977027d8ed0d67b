"""Forms drawn from a record type's declaration: the schema says what is valid, the model
what a field is called and how it is entered.

The same schema validates the form when it is posted (in the service), so a page
and the API can never accept different things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, get_args

from django.db import models
from django.http import QueryDict

from .access import ProductAccess
from .fields import REQUIRED, OneOf
from .models import User
from .registry import Record, RecordType, record_type, snapshot, type_of
from .selectors import people_of

RATINGS = "ratings"  # one choice per row of another type (a competitor's support of a feature)
TEXT, LONG, CHOICE, DATE, MONTH, INT, NUMBER, MONEY, REF, REFS, PERSON, FLAG = (
    "text",
    "long",
    "choice",
    "date",
    "month",
    "int",
    "number",
    "money",
    "ref",
    "refs",
    "person",
    "flag",
)
_LONG_TEXT_FROM = 500  # a text field that may hold more than this is a text area


@dataclass
class FormField:
    name: str
    label: str
    type: str
    value: Any
    required: bool
    help: str
    options: list[tuple[str, str]] = field(default_factory=list)
    selected: set[str] = field(default_factory=set)
    error: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # a ratings field's scale


def widget(spec: RecordType, name: str) -> str:
    """How a field is entered: the schema may say (``widget``), else the model field's kind."""
    info = spec.schema.model_fields.get(name) if spec.schema is not None else None
    extra = (info.json_schema_extra if info is not None else None) or {}
    if isinstance(extra, dict) and extra.get("widget"):
        return str(extra["widget"])
    model_field = spec.model._meta.get_field(name)
    if model_field.many_to_many:
        return REFS
    if model_field.is_relation:
        return PERSON if model_field.related_model is User else REF
    if getattr(model_field, "choices", None):
        return CHOICE
    kinds: list[tuple[type[models.Field[Any, Any]], str]] = [
        (models.BooleanField, FLAG),
        (models.DateField, DATE),
        (models.DecimalField, MONEY),
        (models.FloatField, NUMBER),
        (models.IntegerField, INT),
        (models.TextField, LONG),
    ]
    for field_class, kind in kinds:
        if isinstance(model_field, field_class):
            return kind
    max_length = getattr(model_field, "max_length", None) or 0
    return LONG if max_length > _LONG_TEXT_FROM else TEXT


def label_of(spec: RecordType, name: str) -> str:
    info = spec.schema.model_fields.get(name) if spec.schema is not None else None
    if info is not None and info.title:
        return info.title
    verbose = str(getattr(spec.model._meta.get_field(name), "verbose_name", name))
    return verbose[:1].upper() + verbose[1:]


def _help_of(spec: RecordType, name: str) -> str:
    info = spec.schema.model_fields.get(name) if spec.schema is not None else None
    if info is not None and info.description:
        return info.description
    return str(getattr(spec.model._meta.get_field(name), "help_text", "") or "")


def _required(spec: RecordType, name: str) -> bool:
    info = spec.schema.model_fields.get(name) if spec.schema is not None else None
    if info is None:
        return False
    return info.is_required() or REQUIRED in info.metadata


def _extra(spec: RecordType, name: str) -> dict[str, Any]:
    info = spec.schema.model_fields.get(name) if spec.schema is not None else None
    extra = info.json_schema_extra if info is not None else None
    return extra if isinstance(extra, dict) else {}


def _scale(spec: RecordType, name: str) -> list[tuple[str, str]]:
    """A ratings field's values: the choices its schema allows for each row."""
    info = spec.schema.model_fields[name] if spec.schema is not None else None
    value_type = get_args(info.annotation)[1] if info is not None else None
    scale = next((m for m in getattr(value_type, "__metadata__", ()) if isinstance(m, OneOf)), None)
    return [(v, v.capitalize()) for v in (scale.values if scale is not None else ())]


def options_for(access: ProductAccess, spec: RecordType, name: str) -> list[tuple[str, str]]:
    """What a choice or a reference may be: choices by label, live rows of the product."""
    kind = widget(spec, name)
    if kind == RATINGS:
        rows = record_type(str(_extra(spec, name)["of"])).scoped(access)
        return [(str(r.pk), str(r)) for r in rows.filter(archived_at__isnull=True).order_by("pk")]
    model_field = spec.model._meta.get_field(name)
    if kind == CHOICE:
        choices = getattr(model_field, "choices", None) or []
        return [(str(value), str(label)) for value, label in choices]
    if kind == PERSON:
        return [(u.email, u.display_name) for u in people_of(access=access)]
    related = model_field.related_model
    if not isinstance(related, type):
        return []
    try:
        rows = type_of(related).scoped(access)
    except LookupError:
        rows = related._default_manager.filter(product=access.product)
    if any(f.name == "archived_at" for f in related._meta.get_fields()):
        rows = rows.filter(archived_at__isnull=True)
    return [(str(row.pk), str(row)) for row in rows.order_by("pk")[:500]]


def form_fields(
    access: ProductAccess,
    spec: RecordType,
    record: Record | None,
    initial: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> list[FormField]:
    """The form's fields; ``initial`` overrides the record's values (a refused submission)."""
    values = (snapshot(spec, record) if record is not None else {}) | dict(initial)
    if record is not None:
        for name in spec.fields:
            related = getattr(record, name, None) if widget(spec, name) == PERSON else None
            if isinstance(related, User) and name not in initial:
                values[name] = related.email
    errors = errors or {}
    fields = []
    for name in _form_field_names(spec):
        kind = widget(spec, name)
        value = values.get(name)
        listed = (CHOICE, REF, REFS, PERSON, RATINGS)
        options = options_for(access, spec, name) if kind in listed else []
        selected = {str(v) for v in (value if isinstance(value, list) else [value]) if v}
        if kind == CHOICE and not selected:
            default = getattr(spec.model._meta.get_field(name), "default", None)
            if isinstance(default, str) and default:
                selected = {default}
            elif options:
                selected = {options[0][0]}
        if kind == MONTH and value:
            value = str(value)[:7]
        fields.append(
            FormField(
                name=name,
                label=label_of(spec, name),
                type=kind,
                value="" if value is None else value,
                required=_required(spec, name),
                help=_help_of(spec, name),
                options=options,
                selected=selected,
                error=errors.get(name, ""),
                choices=_scale(spec, name) if kind == RATINGS else [],
            )
        )
    return fields


def _form_field_names(spec: RecordType) -> list[str]:
    """The fields a person types: the schema's, in its order."""
    if spec.schema is None:
        return []
    return [name for name in spec.schema.model_fields if name in spec.fields]


def posted_values(post: QueryDict, spec: RecordType, record: Record | None) -> dict[str, Any]:
    """A posted form as the type's input; on an edit, only what differs from the record.

    An empty field is "no value" for numbers, dates and references; a list field
    whose ``-present`` marker was posted with nothing selected is an empty list.
    """
    current = snapshot(spec, record) if record is not None else {}
    if record is not None:
        for name in spec.fields:
            related = getattr(record, name, None) if widget(spec, name) == PERSON else None
            if isinstance(related, User):
                current[name] = related.email
    values: dict[str, Any] = {}
    for name in _form_field_names(spec):
        kind = widget(spec, name)
        value: Any
        if kind == RATINGS:
            prefix = f"{name}-"
            if not any(key.startswith(prefix) for key in post):
                continue
            value = {
                key.removeprefix(prefix): v
                for key, v in post.items()
                if key.startswith(prefix) and v
            }
        elif kind == REFS:
            if f"{name}-present" not in post and name not in post:
                continue
            value = sorted(int(v) for v in post.getlist(name) if v.isdigit())
        elif kind == FLAG:
            if f"{name}-present" not in post and name not in post:
                continue
            value = post.get(name, "") in ("1", "on", "true")
        elif name not in post:
            continue
        else:
            value = post.get(name, "").replace("\r\n", "\n").strip()
            if value == "" and kind not in (TEXT, LONG, CHOICE):
                value = None
        if record is not None and _same(kind, current.get(name), value):
            continue
        values[name] = value
    return values


def _same(kind: str, current: Any, posted: Any) -> bool:
    if posted is None or posted == "":
        return current in (None, "", [])
    if kind in (REFS, FLAG, RATINGS):
        return bool(current == posted)
    if kind == MONTH:
        return str(current)[:7] == str(posted)[:7]
    if kind in (NUMBER, MONEY, INT):
        try:
            return bool(Decimal(str(current)) == Decimal(str(posted)))
        except ArithmeticError:
            return False
    if isinstance(current, dt.date):
        return bool(current.isoformat() == posted)
    return str(current) == str(posted)
