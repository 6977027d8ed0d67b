"""The one proposal queue over HTTP: list, mine, accept (with re-confirmation), decline.

Every kind's proposals go through it, whatever app the record belongs to.
"""

# No `from __future__ import annotations`: Ninja reads the schema annotations of
# the endpoints when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import functions as params

from . import proposals as proposal_services
from .errors import ValidationFailed
from .fields import Input
from .http import access_of
from .models import Proposal
from .registry import proposal_type_names


class ProposalOut(Schema):
    id: int
    record_type: str
    record_id: int | None
    record_label: str
    operation: str
    payload: dict[str, Any]
    status: str
    note: str
    reason: str
    proposed_by: str | None
    decided_by: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None
    outdated: bool


def proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "record_type": p.record_type,
        "record_id": p.record_id,
        "record_label": p.record_label,
        "operation": p.operation,
        "payload": p.payload,
        "status": p.status,
        "note": p.note,
        "reason": p.reason,
        "proposed_by": p.proposed_by.email if p.proposed_by else None,
        "decided_by": p.decided_by.email if p.decided_by else None,
        "created_at": p.created_at,
        "decided_at": p.decided_at,
        "outdated": p.is_pending and proposal_services.is_outdated(p),
    }


class ProposalDeclineIn(Input):
    reason: str = ""


def proposal_accepted(
    request: HttpRequest, product_key: str, proposal_id: int, confirmed_version: int | None
) -> dict[str, Any]:
    """Carry the caller's decision out and answer with the proposal, for any route that
    accepts proposals (the queue's, an app's own list of them)."""
    access = access_of(request, product_key)
    proposal = proposal_services.proposal_accept(
        access=access, proposal_id=proposal_id, confirmed_version=confirmed_version
    )
    return proposal_out(proposal)


def proposal_declined(
    request: HttpRequest, product_key: str, proposal_id: int, payload: ProposalDeclineIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    proposal = proposal_services.proposal_decline(
        access=access, proposal_id=proposal_id, reason=payload.reason
    )
    return proposal_out(proposal)


def add_proposal_routes(router: Router) -> None:
    """The one queue: every pending proposal the caller decides, whatever its kind."""
    base = "/products/{product_key}/queue"

    @router.get(
        base,
        response=list[ProposalOut],
        operation_id="queue_list",
        tags=["proposals"],
        summary="Waiting proposals you decide, oldest first",
    )
    def queue(
        request: HttpRequest, product_key: str, record_type: str | None = None
    ) -> list[dict[str, Any]]:
        access = access_of(request, product_key)
        known = proposal_type_names()
        if record_type and record_type not in known:
            raise ValidationFailed({"record_type": f"must be one of {', '.join(known)}"})
        types = [record_type] if record_type else None
        return [proposal_out(p) for p in proposal_services.queue(access, record_types=types)]

    @router.get(
        f"{base}/mine",
        response=list[ProposalOut],
        operation_id="queue_mine",
        tags=["proposals"],
        summary="Your own proposals and their outcomes",
    )
    def mine(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
        access = access_of(request, product_key)
        return [proposal_out(p) for p in proposal_services.proposed_by(access)[:200]]

    @router.post(
        f"{base}/{{int:proposal_id}}/accept",
        response=ProposalOut,
        operation_id="queue_accept",
        tags=["proposals"],
        summary="Carry a proposal out (409 when the record changed since: confirm it)",
    )
    def accept(
        request: HttpRequest,
        product_key: str,
        proposal_id: int,
        confirmed_version: int | None = params.Query(None, ge=1, le=2**31 - 1),
    ) -> dict[str, Any]:
        return proposal_accepted(request, product_key, proposal_id, confirmed_version)

    @router.post(
        f"{base}/{{int:proposal_id}}/decline",
        response=ProposalOut,
        operation_id="queue_decline",
        tags=["proposals"],
    )
    def decline(
        request: HttpRequest, product_key: str, proposal_id: int, payload: ProposalDeclineIn
    ) -> dict[str, Any]:
        return proposal_declined(request, product_key, proposal_id, payload)
