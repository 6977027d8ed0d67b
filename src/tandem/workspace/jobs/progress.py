"""How far a long job has got, for pages and commands to show.

Kept in the cache every process shares (the database cache embedded, Redis when
scaled), under a key the job's owner chooses (``import:12``): progress is a
passing state, and a day after the last report it is gone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.utils import timezone

_PREFIX = "tandem:job-progress:"
_KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    note: str
    finished: bool
    failed: bool
    updated_at: str

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def report_progress(
    key: str,
    *,
    done: int,
    total: int | None = None,
    note: str = "",
    finished: bool = False,
    failed: bool = False,
) -> Progress:
    progress = Progress(
        done=done,
        total=total,
        note=note[:300],
        finished=finished or failed,
        failed=failed,
        updated_at=timezone.now().isoformat(),
    )
    cache.set(_PREFIX + key, asdict(progress), _KEEP_SECONDS)
    return progress


def progress_of(key: str) -> Progress | None:
    stored = cache.get(_PREFIX + key)
    return Progress(**stored) if isinstance(stored, dict) else None
