"""Check a reading against the product before anything is written, and say what would change.

Every problem names the file, the record and the field; a plan with problems is
never written. A dry run shows the plan itself: what would be created or updated,
and every refused record with its reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tandem.core.jql.fields import status_for
from tandem.integrations.sources import ImportedIssue, ImportedSprint, Problem, ReadResult

TITLE_LIMIT = 200
POINTS_LIMIT = 32767
STATUSES = ("new", "ready", "in_progress", "done", "accepted")
_TRAILING_NUMBER = re.compile(r"^(?:(.*?)-)?#?(\d+)$")


@dataclass
class Plan:
    """What an import would do, computed from the reading and what was imported before."""

    source: str
    filename: str
    result: ReadResult
    issues: list[ImportedIssue] = field(default_factory=list)  # in backlog order
    statuses: dict[str, str] = field(default_factory=dict)  # external id → our status
    sprints: list[ImportedSprint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    known: dict[str, int] = field(default_factory=dict)  # external id → our item id

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def refused_keys(self) -> set[str]:
        """The records a problem names by key: "line 6 (DRN-5)" → DRN-5."""
        return {
            p.record.rpartition("(")[2].rstrip(")") for p in self.problems if p.record.endswith(")")
        }

    @property
    def to_create(self) -> list[ImportedIssue]:
        return [issue for issue in self.issues if issue.external_id not in self.known]

    @property
    def to_update(self) -> list[ImportedIssue]:
        return [issue for issue in self.issues if issue.external_id in self.known]

    def summary(self) -> dict[str, object]:
        people = {
            p.email.lower() or p.name
            for issue in self.issues
            for p in (*issue.assignees, *((issue.reporter,) if issue.reporter else ()))
        }
        return {
            "source": self.source,
            "items_created": len(self.to_create),
            "items_updated": len(self.to_update),
            "sprints": len(self.sprints),
            "comments": sum(len(issue.comments) for issue in self.issues),
            "people": len(people),
            "create": [
                {"key": i.external_key, "kind": i.kind, "title": i.title}
                for i in self.to_create
                if (i.external_key or i.external_id) not in self.refused_keys
            ][:500],
            "update": [i.external_key for i in self.to_update][:500],
            "refused": [problem_dict(p) for p in self.problems],
            "notes": list(self.notes),
        }


def problem_dict(problem: Problem) -> dict[str, str]:
    return {
        "file": problem.file,
        "record": problem.record,
        "field": problem.field,
        "message": problem.message,
    }


def external_number(key: str) -> tuple[str, int] | None:
    """The project key and number in ``DRN-42`` or ``#42``, or None."""
    match = _TRAILING_NUMBER.match(key.strip())
    if match is None:
        return None
    return (match.group(1) or "").upper(), int(match.group(2))


def order_key(issue: ImportedIssue) -> tuple[int, str, float, int]:
    """Backlog order as the source had it: its rank, else its position, else the order read."""
    position = issue.position if issue.position is not None else math.inf
    return (0 if issue.rank else 1, issue.rank, position, issue.sequence)


def estimate_of(points: float | None) -> int | None:
    """Story points as our whole-number estimate; half a point is one."""
    return None if points is None else math.ceil(points)


def plan_import(
    result: ReadResult,
    *,
    filename: str,
    known: Mapping[str, int],
    status_map: Mapping[str, str] | None = None,
) -> Plan:
    plan = Plan(source=result.source, filename=filename, result=result, known=dict(known))
    plan.problems.extend(result.problems)
    plan.notes.extend(result.notes)
    chosen = {name.strip().lower(): status for name, status in (status_map or {}).items()}
    for name, status in chosen.items():
        if status not in STATUSES:
            plan.problems.append(
                Problem(filename, "status map", name, f"must map to one of {', '.join(STATUSES)}")
            )
    seen: dict[str, str] = {}
    for issue in result.issues:
        record = f"record {issue.sequence} ({issue.external_key or issue.external_id})"
        if issue.external_id in seen:
            plan.problems.append(
                Problem(filename, record, "id", f"repeats {seen[issue.external_id]}")
            )
            continue
        seen[issue.external_id] = record
        _check_issue(plan, issue, record, chosen)
    plan.issues = sorted(result.issues, key=order_key)
    _check_references(plan)
    for sprint in result.sprints:
        _check_sprint(plan, sprint)
    return plan


def _check_issue(plan: Plan, issue: ImportedIssue, record: str, chosen: Mapping[str, str]) -> None:
    if len(issue.title) > TITLE_LIMIT:
        plan.problems.append(
            Problem(plan.filename, record, "title", f"is longer than {TITLE_LIMIT} characters")
        )
    if issue.story_points is not None and issue.story_points > POINTS_LIMIT:
        plan.problems.append(
            Problem(plan.filename, record, "story_points", f"must be at most {POINTS_LIMIT}")
        )
    if issue.status is None:
        plan.statuses[issue.external_id] = "new"
        return
    status = chosen.get(issue.status.name.strip().lower()) or status_for(
        issue.status.name, issue.status.category
    )
    if status is None:
        plan.problems.append(
            Problem(
                plan.filename,
                record,
                "status",
                f"{issue.status.name!r} is not a workflow status; map it to one of "
                f"{', '.join(STATUSES)}",
            )
        )
        return
    plan.statuses[issue.external_id] = status


def _check_references(plan: Plan) -> None:
    keys = {issue.external_key for issue in plan.result.issues if issue.external_key}
    ids = {issue.external_id for issue in plan.result.issues}
    missing: set[str] = set()
    for issue in plan.result.issues:
        for ref in (issue.epic, issue.parent):
            if ref is not None and ref.key not in keys and ref.id not in ids:
                missing.add(ref.key or ref.id)
    if missing:
        sample = ", ".join(sorted(missing)[:10])
        plan.notes.append(
            f"{len(missing)} parents or epics are not in the file and stay unset: {sample}"
        )


def _check_sprint(plan: Plan, sprint: ImportedSprint) -> None:
    if sprint.kind != "sprint":
        plan.notes.append(f"Milestone {sprint.name!r} is not imported (only sprints are).")
        return
    record = f"sprint {sprint.external_id} ({sprint.name})"
    if sprint.start and sprint.end and sprint.end < sprint.start:
        plan.problems.append(Problem(plan.filename, record, "end", "is before the start"))
        return
    if len(sprint.name) > 100:
        plan.problems.append(
            Problem(plan.filename, record, "name", "is longer than 100 characters")
        )
        return
    plan.sprints.append(sprint)
