"""The JQL functions Tandem understands, and what each returns."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Returns(enum.Enum):
    USER = "user"
    SPRINTS = "sprints"
    RELEASES = "releases"
    DATE = "date"


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    returns: Returns
    max_args: int = 0
    doc: str = ""


FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name.lower(): spec
    for spec in (
        FunctionSpec("currentUser", Returns.USER, doc="the person running the query"),
        FunctionSpec("openSprints", Returns.SPRINTS, doc="sprints that are running"),
        FunctionSpec("closedSprints", Returns.SPRINTS, doc="sprints that are closed"),
        FunctionSpec("futureSprints", Returns.SPRINTS, doc="sprints not started yet"),
        FunctionSpec("releasedVersions", Returns.RELEASES, 1, "releases already out"),
        FunctionSpec("unreleasedVersions", Returns.RELEASES, 1, "releases still to come"),
        FunctionSpec("latestReleasedVersion", Returns.RELEASES, 1, "the last release out"),
        FunctionSpec("earliestUnreleasedVersion", Returns.RELEASES, 1, "the next release"),
        FunctionSpec("now", Returns.DATE, doc="this moment"),
        FunctionSpec("startOfDay", Returns.DATE, 1, "midnight today, or N days away"),
        FunctionSpec("endOfDay", Returns.DATE, 1, "the last moment of today"),
        FunctionSpec("startOfWeek", Returns.DATE, 1, "the first day of this week"),
        FunctionSpec("endOfWeek", Returns.DATE, 1, "the last moment of this week"),
        FunctionSpec("startOfMonth", Returns.DATE, 1, "the first day of this month"),
        FunctionSpec("endOfMonth", Returns.DATE, 1, "the last moment of this month"),
        FunctionSpec("startOfYear", Returns.DATE, 1, "the first day of this year"),
        FunctionSpec("endOfYear", Returns.DATE, 1, "the last moment of this year"),
    )
}

# A date function's optional increment: (+/-)nn with an optional unit (y, M, w, d, h, m).
INCREMENT = re.compile(r"\s*([+-]?)\s*(\d{1,6})\s*([yMwdhm]?)\s*")
