"""The database cache with an ``incr`` that two processes cannot interleave.

Django's database cache increments by reading the value and writing it back, so
concurrent sign-in attempts could each read 9 and each write 10: 40 parallel
guesses got 14 password checks where the limit was 10. Here the row is locked for
the read-modify-write (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
``IMMEDIATE`` transaction already holds the write lock). Redis's ``INCR`` is atomic
by itself.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, column_key = quote(self._table), quote("cache_key")  # type: ignore[attr-defined]
        column_value, column_expires = quote("value"), quote("expires")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column_value}, {column_expires} FROM {table} "
                f"WHERE {column_key} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {column_value} = %s WHERE {column_key} = %s",
                [encoded, key],
            )
        return value

    @staticmethod
    def _expired(connection: Any, expires: Any) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression)
        converters += expression.get_db_converters(connection)
        for converter in converters:
            expires = converter(expires, expression, connection)
        return bool(expires < now())
