"""A Product Owner asks for a new definition or target of a metric, with a reason.

The proposal waits in the one queue every kind shares; the Product Manager
accepts it (the change is carried out as theirs, re-confirmed when the metric
changed since) or declines it with a reason the proposer sees. The metrics pages
and API read that queue for the metrics kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from django.db import transaction
from pydantic import ValidationError

from tandem.workspace import fields as f
from tandem.workspace import proposals, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Proposal
from tandem.workspace.registry import plain, record_type, snapshot
from tandem.workspace.rights import Action, Level
from tandem.workspace.values import field_errors, validate

from .. import selectors
from ..records import require_free_name


class _WordsIn(f.Input):
    reason: Annotated[str, f.chars(2000)] = ""  # the proposer's
    answer: Annotated[str, f.chars(2000)] = ""  # the decider's


def _words(name: str, text: str) -> str:
    """A proposer's reason or a decider's answer, under the text policy."""
    try:
        return str(getattr(_WordsIn.model_validate({name: text}), name))
    except ValidationError as invalid:
        raise ValidationFailed(field_errors(invalid)) from None


@transaction.atomic
def metric_propose(
    *,
    access: ProductAccess,
    metric_id: int,
    changes: Mapping[str, Any],
    reason: str = "",
    expected_version: int | None = None,
) -> Proposal:
    """Ask the Product Manager for a change to a definition or target, with a reason.

    The proposal is made from the version the caller read when they name it (a
    stale one is a 409), else from the metric as it is now.
    """
    if access.level(Action.ROADMAP) < Level.PROPOSE:
        raise PermissionDenied(
            f"Your role on {access.product.key} can read metric targets but not propose them."
        )
    spec = record_type("metric")
    metric = writes.lock(spec, access, metric_id)
    if expected_version is not None:
        writes.check_version(spec, metric, expected_version)
    writes.require_live(spec, metric)
    values = validate(spec, changes, creating=False)
    current = snapshot(spec, metric)
    changed = {name: plain(v) for name, v in values.items() if current.get(name) != plain(v)}
    if not changed:
        raise ValidationFailed({"changes": "propose at least one value different from today's"})
    note = _words("reason", reason)
    if "name" in changed:
        require_free_name(access, str(changed["name"]), metric.pk)
    return proposals.propose(access, spec, "update", metric, changed, note=note)


def _metric_proposal(access: ProductAccess, proposal_id: int) -> int:
    """The id of a proposal of the metrics kinds; any other is "not found" from here."""
    return selectors.metric_proposal(access=access, proposal_id=proposal_id).pk


def metric_proposal_accept(
    *,
    access: ProductAccess,
    proposal_id: int,
    answer: str = "",
    confirmed_version: int | None = None,
) -> Proposal:
    """Carry a proposed change out on the metric as it is now (confirmed if changed since)."""
    return proposals.proposal_accept(
        access=access,
        proposal_id=_metric_proposal(access, proposal_id),
        confirmed_version=confirmed_version,
        reason=_words("answer", answer),
    )


def metric_proposal_decline(*, access: ProductAccess, proposal_id: int, answer: str) -> Proposal:
    """Decline with a reason the proposer sees; the metric stays as it is."""
    proposal_id = _metric_proposal(access, proposal_id)
    text = _words("answer", answer)
    if not text:
        access.require(Action.ROADMAP, Level.DECIDE)
        raise ValidationFailed({"answer": "say why, so the proposer learns what you weigh"})
    return proposals.proposal_decline(access=access, proposal_id=proposal_id, reason=text)
