"""Column values for plain bulk INSERTs, prepared no more than each driver needs.

Seeding and large imports write rows without model instances; preparing every
value the way ``save()`` does took most of their time. Types every driver takes
as they are pass through unchanged; the rest go through Django's preparation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models

PLAIN_FIELD_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def value_preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """Identity for the types every driver takes as they are; Django's own preparation else."""
    kind = field.get_internal_type()
    if kind in PLAIN_FIELD_TYPES:
        return _same
    if kind == "DateTimeField":  # aware datetimes here, so the driver's adapter alone
        return connection.ops.adapt_datetimefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def _same(value: Any) -> Any:
    return value
