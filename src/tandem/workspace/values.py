"""A record's incoming values: the type's schema reads them, then references resolve.

References resolve inside the caller's product only (people among its members),
so a write can never point at another product's rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from django.db import models
from pydantic import ValidationError as PydanticValidationError

from .access import ProductAccess
from .errors import ValidationFailed
from .fields import partial
from .models import User
from .registry import RecordType, record_type, type_of


def _type(kind: str | RecordType) -> RecordType:
    return kind if isinstance(kind, RecordType) else record_type(kind)


def validate(
    kind: str | RecordType,
    values: Mapping[str, Any],
    *,
    creating: bool,
    access: ProductAccess | None = None,
) -> dict[str, Any]:
    """The values as the type's schema reads them; every wrong field is named.

    The caller's ``access`` is the validation context, so a schema may find a
    reference given by name inside the caller's product (a customer called "Acme").
    """
    spec = _type(kind)
    if spec.schema is None:
        raise ValidationFailed({spec.name: "cannot be written through the plain verbs"})
    schema = spec.schema if creating else patch_schema(spec)
    data = {k: v for k, v in values.items() if k != "version"}
    try:
        parsed = schema.model_validate(data, context={"access": access})
    except PydanticValidationError as invalid:
        raise ValidationFailed(field_errors(invalid)) from None
    # Only what was sent: a new record takes its model's defaults for the rest, and a
    # proposal holds (and merges) only the fields its proposer wrote.
    sent = parsed.model_dump(exclude_unset=True)
    # A patch may leave any field out, but may not empty one a new record must have.
    nulls = {
        name: "must not be null"
        for name, value in sent.items()
        if value is None and not _nullable(spec.schema.model_fields.get(name))
    }
    if nulls:
        raise ValidationFailed(nulls)
    return sent


def _nullable(info: Any) -> bool:
    return info is None or info.annotation is None or type(None) in get_args(info.annotation)


_patch_schemas: dict[str, type[Any]] = {}


def patch_schema(spec: RecordType) -> type[Any]:
    """The type's schema with every field optional and a ``version``: what a change sends."""
    if spec.name not in _patch_schemas:
        assert spec.schema is not None
        _patch_schemas[spec.name] = partial(spec.schema, f"{spec.schema.__name__}Patch")
    return _patch_schemas[spec.name]


def field_errors(invalid: PydanticValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in invalid.errors():
        location = ".".join(str(part) for part in error.get("loc", ())) or "body"
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        errors.setdefault(location, message)
    return errors


def resolve(
    spec: RecordType, access: ProductAccess, values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """References become rows of the caller's product; people are found among its members.

    Returns the columns to set and the many-to-many sets, or names every reference
    that points at nothing the caller can see. Input that is not a declared field
    (a survey's questions) is left to the type's hooks.
    """
    columns: dict[str, Any] = {}
    many: dict[str, list[Any]] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name not in spec.fields:
            continue
        model_field = spec.model._meta.get_field(name)
        if not model_field.is_relation:
            columns[name] = value
            continue
        related = model_field.related_model
        assert isinstance(related, type)
        if model_field.many_to_many:
            rows = list(_candidates(related, access).filter(pk__in=value or []))
            if len(rows) != len(set(value or [])):
                errors[name] = "names something that is not in this product"
            many[name] = rows
        elif value is None:
            columns[name] = None
        elif issubclass(related, User):
            person = _candidates(related, access).filter(email=str(value).lower()).first()
            if person is None:
                errors[name] = f"{value} is not a member of {access.product.key}"
            columns[name] = person
        else:
            row = _candidates(related, access).filter(pk=value).first()
            if row is None:
                errors[name] = f"no such {related._meta.verbose_name} in {access.product.key}"
            columns[name] = row
    if errors:
        raise ValidationFailed(errors)
    return columns, many


def _candidates(model: type[models.Model], access: ProductAccess) -> models.QuerySet[Any]:
    if issubclass(model, User):
        return User.objects.filter(memberships__product=access.product).distinct()
    try:
        return type_of(model).scoped(access)
    except LookupError:
        return model._default_manager.filter(product=access.product)
