"""Plain INSERTs for large imports: ids reserved up front, one statement per batch.

Django's ``bulk_create`` builds a model instance and prepares every value of every
row; at 100,000 items with their comments, events and external ids that alone
took most of an import's time. Rows here are plain dicts; missing values take the
model's defaults; ids are reserved first, so parents, comments and external ids
are written without reading anything back (foreign keys are checked at commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models

from tandem.workspace.bulk_values import value_preparer

BATCH = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, inside the caller's transaction."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        first = max(highest, sequence[0] if sequence else 0) + 1
    return list(range(first, first + count))


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_id: bool) -> int:
    """Insert ``rows`` (attname → value); with ``with_id`` each row names its ``id``."""
    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    plan = [(f.attname, f.get_default(), value_preparer(f)) for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    statement = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"VALUES ({marks})"
    )
    total = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(prep(row.get(name, default)) for name, default, prep in plan))
            if len(batch) >= BATCH:
                cursor.executemany(statement, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            total += len(batch)
    return total
