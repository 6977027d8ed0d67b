"""The strategy API: thin over services and selectors; one set of routes per record kind.

Records are read with an ETag (their version) and changed with ``If-Match``; a
proposer's write answers 202 with the proposal it became.
"""

# No `from __future__ import annotations`: the per-kind routes below are built in a
# function, and Ninja reads their (local) schema annotations at definition time.

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from tandem.workspace.access import ProductAccess
from tandem.workspace.api import EventOut, current_user, event_out
from tandem.workspace.errors import PreconditionRequired, ValidationFailed
from tandem.workspace.selectors import product_access

from . import extensions, selectors, services
from .kinds import KINDS, Kind
from .schemas import (
    IN_SCHEMAS,
    OUT_SCHEMAS,
    AlignmentOut,
    CheckInIn,
    CostRowOut,
    DecideIn,
    DeclineIn,
    EscalateIn,
    InitiativeProgressOut,
    MoveIn,
    ProposalOut,
    ShareIn,
    ShareOut,
    proposal_out,
    record_out,
)

router = Router(tags=["strategy"])


def _access(request: HttpRequest, product_key: str) -> ProductAccess:
    return product_access(user=current_user(request), product_key=product_key)


def _expected_version(request: HttpRequest, body_version: int | None) -> int:
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise ValidationFailed({"If-Match": "must be an ETag this API returned"})
        return int(value)
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Send the version you read as `If-Match` (the record's ETag) or as `version`."
    )


def _answer(
    kind: Kind, response: HttpResponse, outcome: services.Outcome, status: int = 200
) -> Status[dict[str, Any]]:
    if outcome.proposal is not None:
        return Status(202, proposal_out(outcome.proposal))
    assert outcome.record is not None
    response["ETag"] = f'"{outcome.record.version}"'  # type: ignore[attr-defined]
    return Status(status, record_out(kind, outcome.record))


def _add_routes(kind: Kind) -> None:
    body_schema: Any = IN_SCHEMAS[kind.name]
    out_schema: Any = OUT_SCHEMAS[kind.name]
    base = f"/products/{{product_key}}/strategy/{kind.plural}"
    item = f"{base}/{{record_id}}"
    label = kind.label.lower()

    @router.get(
        base, response=list[out_schema], operation_id=f"{kind.name}_list", summary=f"Live {label}s"
    )
    def list_records(
        request: HttpRequest, product_key: str, archived: bool = False
    ) -> list[dict[str, Any]]:
        access = _access(request, product_key)
        rows = selectors.records_of(access=access, kind=kind.name, archived=archived)
        return [record_out(kind, r) for r in rows[:500]]

    @router.post(
        base,
        response={201: out_schema, 202: ProposalOut},
        operation_id=f"{kind.name}_create",
        summary=f"Create a {label} (202 when it became a proposal)",
    )
    def create_record(
        request: HttpRequest, response: HttpResponse, product_key: str, payload: body_schema
    ) -> Status[dict[str, Any]]:
        access = _access(request, product_key)
        fields = payload.dict(exclude_unset=True, exclude={"version"})
        if kind.name == "vision":
            outcome = services.vision_save(access=access, changes=fields, expected_version=None)
        else:
            outcome = services.record_create(access=access, kind=kind.name, fields=fields)
        return _answer(kind, response, outcome, 201)

    @router.get(item, response=out_schema, operation_id=f"{kind.name}_get")
    def get_record(
        request: HttpRequest, response: HttpResponse, product_key: str, record_id: int
    ) -> dict[str, Any]:
        access = _access(request, product_key)
        record = selectors.record_of(access=access, kind=kind.name, record_id=record_id)
        response["ETag"] = f'"{record.version}"'  # type: ignore[attr-defined]
        return record_out(kind, record)

    @router.patch(
        item,
        response={200: out_schema, 202: ProposalOut},
        operation_id=f"{kind.name}_update",
        summary=f"Change a {label} (needs If-Match or version; 202 when it became a proposal)",
    )
    def update_record(
        request: HttpRequest,
        response: HttpResponse,
        product_key: str,
        record_id: int,
        payload: body_schema,
    ) -> Status[dict[str, Any]]:
        access = _access(request, product_key)
        outcome = services.record_update(
            access=access,
            kind=kind.name,
            record_id=record_id,
            changes=payload.dict(exclude_unset=True, exclude={"version"}),
            expected_version=_expected_version(request, payload.version),
        )
        return _answer(kind, response, outcome)

    @router.delete(
        item,
        response={204: None, 202: ProposalOut},
        operation_id=f"{kind.name}_archive",
        summary=f"Archive a {label} (soft delete, restorable)",
    )
    def archive_record(
        request: HttpRequest, product_key: str, record_id: int
    ) -> Status[dict[str, Any] | None]:
        access = _access(request, product_key)
        outcome = services.record_archive(access=access, kind=kind.name, record_id=record_id)
        if outcome.proposal is not None:
            return Status(202, proposal_out(outcome.proposal))
        return Status(204, None)

    @router.post(
        f"{item}/restore",
        response={200: out_schema, 202: ProposalOut},
        operation_id=f"{kind.name}_restore",
    )
    def restore_record(
        request: HttpRequest, response: HttpResponse, product_key: str, record_id: int
    ) -> Status[dict[str, Any]]:
        access = _access(request, product_key)
        outcome = services.record_restore(access=access, kind=kind.name, record_id=record_id)
        return _answer(kind, response, outcome)

    @router.get(f"{item}/history", response=list[EventOut], operation_id=f"{kind.name}_history")
    def record_history(request: HttpRequest, product_key: str, record_id: int) -> list[EventOut]:
        access = _access(request, product_key)
        selectors.record_of(access=access, kind=kind.name, record_id=record_id)
        events = selectors.history_of(access=access, kind=kind, record_id=record_id)[:200]
        return [event_out(e) for e in events]


for _kind in KINDS.values():
    _add_routes(_kind)


@router.post(
    "/products/{product_key}/strategy/initiatives/{record_id}/move",
    response={200: OUT_SCHEMAS["initiative"], 202: ProposalOut},
    summary="Re-plan an initiative: a horizon and a place in it (202 when proposed)",
)
def move_initiative(
    request: HttpRequest, response: HttpResponse, product_key: str, record_id: int, payload: MoveIn
) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    header = request.headers.get("If-Match")
    outcome = services.initiative_move(
        access=access,
        initiative_id=record_id,
        horizon=payload.horizon,
        before_id=payload.before,
        after_id=payload.after,
        expected_version=_expected_version(request, payload.version)
        if header or payload.version is not None
        else None,
    )
    return _answer(KINDS["initiative"], response, outcome)


@router.post(
    "/products/{product_key}/strategy/key-results/{record_id}/check-ins",
    response={201: OUT_SCHEMAS["key_result"]},
    summary="Record a reading of a key result (not for one bound to a metric)",
)
def check_in(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    record_id: int,
    payload: CheckInIn,
) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    services.key_result_check_in(
        access=access,
        key_result_id=record_id,
        value=payload.value,
        note=payload.note,
        checked_on=payload.checked_on,
    )
    record = selectors.record_of(access=access, kind="key_result", record_id=record_id)
    response["ETag"] = f'"{record.version}"'  # type: ignore[attr-defined]
    return Status(201, record_out(KINDS["key_result"], record))


@router.post(
    "/products/{product_key}/strategy/decisions/escalate",
    response={201: OUT_SCHEMAS["decision"]},
    summary="Put a question in the Product Manager's queue",
)
def escalate(request: HttpRequest, product_key: str, payload: EscalateIn) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    decision = services.decision_escalate(
        access=access, title=payload.title, context=payload.context, options=payload.options
    )
    return Status(201, record_out(KINDS["decision"], decision))


@router.post(
    "/products/{product_key}/strategy/decisions/{record_id}/decide",
    response=OUT_SCHEMAS["decision"],
    summary="The Product Manager settles an open question",
)
def decide(
    request: HttpRequest, product_key: str, record_id: int, payload: DecideIn
) -> dict[str, Any]:
    access = _access(request, product_key)
    decision = services.decision_decide(
        access=access,
        decision_id=record_id,
        outcome=payload.outcome,
        level=payload.level,
        expected_version=payload.version,
    )
    return record_out(KINDS["decision"], decision)


@router.get("/products/{product_key}/strategy/proposals", response=list[ProposalOut])
def list_proposals(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [proposal_out(p) for p in selectors.pending_proposals(access=access)]


@router.post(
    "/products/{product_key}/strategy/proposals/{proposal_id}/accept", response=ProposalOut
)
def accept_proposal(request: HttpRequest, product_key: str, proposal_id: int) -> dict[str, Any]:
    access = _access(request, product_key)
    return proposal_out(services.proposal_accept(access=access, proposal_id=proposal_id))


@router.post(
    "/products/{product_key}/strategy/proposals/{proposal_id}/decline", response=ProposalOut
)
def decline_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: DeclineIn
) -> dict[str, Any]:
    access = _access(request, product_key)
    proposal = services.proposal_decline(
        access=access, proposal_id=proposal_id, reason=payload.reason
    )
    return proposal_out(proposal)


@router.get(
    "/products/{product_key}/strategy/roadmap",
    response=list[InitiativeProgressOut],
    summary="The roadmap in horizon and rank order, with points done per initiative",
)
def roadmap(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [
        {
            "id": card.initiative.pk,
            "title": card.initiative.title,
            "horizon": horizon,
            "rank": card.initiative.rank,
            "done_points": card.work.done_points,
            "total_points": card.work.total_points,
        }
        for horizon, cards in selectors.roadmap_columns(access=access).items()
        for card in cards
    ]


@router.get("/products/{product_key}/strategy/alignment", response=AlignmentOut)
def alignment(request: HttpRequest, product_key: str) -> dict[str, Any]:
    access = _access(request, product_key)
    figures = selectors.alignment(access=access, work=extensions.work(access))
    return {
        "total_points": figures.total_points,
        "traced_points": figures.traced_points,
        "traced_percent": figures.traced_percent,
        "orphans": [o.key for o in figures.orphans],
        "orphan_count": figures.orphan_count,
        "objectives_without_initiatives": [o.pk for o in figures.objectives_without_initiatives],
        "initiatives_without_work": [i.pk for i in figures.initiatives_without_work],
    }


@router.get("/products/{product_key}/strategy/costs", response=list[CostRowOut])
def costs(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [
        {
            "initiative": row.initiative.pk,
            "title": row.initiative.title,
            "budget": str(row.budget) if row.budget is not None else None,
            "planned": str(row.planned),
            "actual": str(row.actual),
            "variance": str(row.variance),
            "over_budget": row.over_budget,
        }
        for row in selectors.cost_summary(access=access).rows
    ]


class _ShareList(Schema):
    shares: list[ShareOut]


def _share_out(share: Any) -> dict[str, Any]:
    return {
        "id": share.pk,
        "label": share.label,
        "token": share.token,
        "created_at": share.created_at,
        "revoked": share.revoked_at is not None,
    }


@router.get("/products/{product_key}/strategy/shares", response=list[ShareOut])
def list_shares(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = _access(request, product_key)
    return [_share_out(s) for s in selectors.shares_of(access=access)]


@router.post("/products/{product_key}/strategy/shares", response={201: ShareOut})
def create_share(
    request: HttpRequest, product_key: str, payload: ShareIn
) -> Status[dict[str, Any]]:
    access = _access(request, product_key)
    return Status(201, _share_out(services.share_create(access=access, label=payload.label)))


@router.delete("/products/{product_key}/strategy/shares/{share_id}", response={204: None})
def revoke_share(request: HttpRequest, product_key: str, share_id: int) -> Status[None]:
    access = _access(request, product_key)
    services.share_revoke(access=access, share_id=share_id)
    return Status(204, None)
