"""What the metrics pages offer each person (the services check again on every write),
and what their forms share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import required_version
from tandem.workspace.rights import Action, Level

from ..services import parse_value


@dataclass(frozen=True)
class Rights:
    decide: bool  # metric definitions, targets, experiments
    propose: bool  # a change to a definition or target, for the decider to accept
    record: bool  # measurements

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        decide = access.can(Action.ROADMAP, Level.DECIDE)
        return cls(
            decide=decide,
            propose=not decide and access.can(Action.ROADMAP, Level.PROPOSE),
            record=access.can(Action.FEEDBACK, Level.EDIT),
        )


def page_context(access: ProductAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "product": access.product, "rights": Rights.of(access), **extra}


def as_number(posted: dict[str, Any], *names: str) -> dict[str, Any]:
    """Numbers as people type them (``4,5``, ``12%``); what does not read as one is left for
    the schema to name."""
    for name in names:
        value = posted.get(name)
        if isinstance(value, str) and parse_value(value) is not None:
            posted[name] = parse_value(value)
    return posted


def edit_posted(
    request: HttpRequest, access: ProductAccess, kind: str, record_id: int, changes: dict[str, Any]
) -> writes.Outcome:
    """An edit form's values, written against the version the form was read at."""
    return writes.record_update(
        access=access,
        kind=kind,
        record_id=record_id,
        changes=changes,
        expected_version=required_version(request.POST),
    )
