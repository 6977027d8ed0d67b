"""One transaction per write, tried again when the database gave up on it for contention.

PostgreSQL ends one of two transactions that wait on each other (a deadlock) or
that a stricter isolation level cannot order (a serialization failure); either
may simply be run again. :func:`retrying` does so, a few times with a short random
pause, but only for an outermost transaction: inside another one the whole outer
transaction is already lost, so the error goes up to whoever opened it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 4
# SQLSTATE of PostgreSQL's "serialization_failure" and "deadlock_detected".
TRANSIENT_STATES = frozenset({"40001", "40P01"})


def is_transient(error: BaseException) -> bool:
    """A deadlock or serialization failure: nothing wrong with the write, only its timing."""
    for cause in (error, error.__cause__):
        if getattr(cause, "sqlstate", None) in TRANSIENT_STATES:
            return True
    return False


def retrying(func: Callable[P, R]) -> Callable[P, R]:
    """``transaction.atomic``, run again (up to :data:`ATTEMPTS` times) on a transient error."""
    atomic = transaction.atomic(func)

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return atomic(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return atomic(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not is_transient(error):
                    raise
                time.sleep(random.uniform(0.005, 0.02 * 2**attempt))
        raise AssertionError("unreachable")

    return run
