"""What this process keeps per product between requests (learnt models, indexes, templates).

Each kept value carries its own stamp and age; the store only holds them, safely across
threads. The lock is re-entrant so a caller may hold it while it checks and patches a value.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class PerProduct(Generic[T]):
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._values: dict[int, T] = {}

    def get(self, product_id: int) -> T | None:
        with self.lock:
            return self._values.get(product_id)

    def put(self, product_id: int, value: T) -> None:
        with self.lock:
            self._values[product_id] = value

    def forget(self, product_id: int | None = None) -> None:
        """Drop what is kept (all, or one product's), so the next call starts afresh."""
        with self.lock:
            if product_id is None:
                self._values.clear()
            else:
                self._values.pop(product_id, None)
