"""The strategy API's own verbs and figures; each record kind's plain routes (list, create,
get, change, archive, restore, history) come from the registry.

A proposer's write answers 202 with the proposal it became.
"""

# No `from __future__ import annotations`: Ninja reads the response schemas built from the
# registry when the endpoints are defined.

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from tandem.workspace.http import access_of, etag, expected_version, named_version
from tandem.workspace.proposal_routes import (
    ProposalDeclineIn,
    ProposalOut,
    proposal_accepted,
    proposal_declined,
    proposal_out,
)
from tandem.workspace.registry import record_type
from tandem.workspace.routes import answer, out_of, out_schema

from . import extensions, selectors, services, timeline
from .schemas import (
    DecisionDecideIn,
    DecisionEscalateIn,
    InitiativeCostOut,
    InitiativeMoveIn,
    InitiativeProgressOut,
    KeyResultCheckInIn,
    RoadmapSettingIn,
    RoadmapSettingOut,
    RoadmapShareCreatedOut,
    RoadmapShareIn,
    RoadmapShareOut,
    StrategyAlignmentOut,
)

router = Router(tags=["strategy"])


def _out(kind: str) -> Any:
    return out_schema(record_type(kind))


@router.post(
    "/products/{product_key}/strategy/initiatives/{int:record_id}/move",
    response={200: _out("initiative"), 202: ProposalOut},
    summary="Re-plan an initiative: a horizon and a place in it (202 when proposed)",
)
def move_initiative(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    record_id: int,
    payload: InitiativeMoveIn,
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    outcome = services.initiative_move(
        access=access,
        initiative_id=record_id,
        horizon=payload.horizon,
        before_id=payload.before,
        after_id=payload.after,
        expected_version=named_version(request, payload.version),
    )
    return answer(access, record_type("initiative"), response, outcome)


@router.post(
    "/products/{product_key}/strategy/key-results/{int:record_id}/check-ins",
    response={201: _out("key_result")},
    summary="Record a reading of a key result (not for one bound to a metric)",
)
def check_in(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    record_id: int,
    payload: KeyResultCheckInIn,
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    services.key_result_check_in(access=access, key_result_id=record_id, **payload.model_dump())
    record = selectors.record_of(access=access, kind="key_result", record_id=record_id)
    etag(response, record)
    return Status(201, out_of(record_type("key_result"))(access, record))


@router.post(
    "/products/{product_key}/strategy/decisions/escalate",
    response={201: _out("decision")},
    summary="Put a question in the Product Manager's queue",
)
def escalate(
    request: HttpRequest, product_key: str, payload: DecisionEscalateIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    decision = services.decision_escalate(access=access, **payload.model_dump())
    return Status(201, out_of(record_type("decision"))(access, decision))


@router.post(
    "/products/{product_key}/strategy/decisions/{int:record_id}/decide",
    response=_out("decision"),
    summary="The Product Manager settles an open question",
)
def decide(
    request: HttpRequest, product_key: str, record_id: int, payload: DecisionDecideIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    decision = services.decision_decide(
        access=access,
        decision_id=record_id,
        expected_version=expected_version(request, payload.version),
        **payload.model_dump(exclude={"version"}),
    )
    return out_of(record_type("decision"))(access, decision)


@router.get(
    "/products/{product_key}/strategy/proposals",
    response=list[ProposalOut],
    summary="Strategy proposals waiting for your decision (the whole queue: /queue)",
)
def list_proposals(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    return [proposal_out(p.proposal) for p in selectors.pending_proposals(access=access)]


@router.post(
    "/products/{product_key}/strategy/proposals/{int:proposal_id}/accept",
    response=ProposalOut,
    summary="Accept a strategy proposal (409 when the record changed since: confirm it)",
)
def accept_proposal(
    request: HttpRequest,
    product_key: str,
    proposal_id: int,
    confirmed_version: int | None = None,
) -> dict[str, Any]:
    return proposal_accepted(request, product_key, proposal_id, confirmed_version)


@router.post(
    "/products/{product_key}/strategy/proposals/{int:proposal_id}/decline", response=ProposalOut
)
def decline_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: ProposalDeclineIn
) -> dict[str, Any]:
    return proposal_declined(request, product_key, proposal_id, payload)


@router.get(
    "/products/{product_key}/strategy/roadmap",
    response=list[InitiativeProgressOut],
    summary="The roadmap in horizon and rank order, with points done per initiative",
)
def roadmap(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
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


SETTING = "/products/{product_key}/strategy/roadmap/setting"


def _setting_out(setting: Any) -> dict[str, Any]:
    return {
        "horizon_follows_dates": setting.horizon_follows_dates,
        "next_within_months": setting.next_within_months,
        "version": setting.version,
    }


@router.get(SETTING, response=RoadmapSettingOut, summary="Whether the horizon follows dates")
def roadmap_setting(request: HttpRequest, response: HttpResponse, product_key: str) -> Any:
    setting = timeline.setting_of(access_of(request, product_key).product)
    etag(response, setting)
    return _setting_out(setting)


@router.put(
    SETTING,
    response=RoadmapSettingOut,
    summary="The PM sets whether the horizon follows dates (If-Match or version)",
)
def set_roadmap_setting(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: RoadmapSettingIn
) -> Any:
    setting = services.roadmap_setting_update(
        access=access_of(request, product_key),
        expected_version=named_version(request, payload.version),
        **payload.model_dump(exclude={"version"}),
    )
    etag(response, setting)
    return _setting_out(setting)


@router.get("/products/{product_key}/strategy/alignment", response=StrategyAlignmentOut)
def alignment(request: HttpRequest, product_key: str) -> dict[str, Any]:
    access = access_of(request, product_key)
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


@router.get("/products/{product_key}/strategy/costs", response=list[InitiativeCostOut])
def costs(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
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


def _share_out(share: Any) -> dict[str, Any]:
    return {
        "id": share.pk,
        "label": share.label,
        "created_at": share.created_at,
        "revoked": share.revoked_at is not None,
    }


@router.get("/products/{product_key}/strategy/shares", response=list[RoadmapShareOut])
def list_shares(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    return [_share_out(s) for s in selectors.shares_of(access=access)]


@router.post("/products/{product_key}/strategy/shares", response={201: RoadmapShareCreatedOut})
def create_share(
    request: HttpRequest, product_key: str, payload: RoadmapShareIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    share, secret = services.share_create(access=access, label=payload.label)
    url = request.build_absolute_uri(reverse("strategy:shared", args=[secret]))
    return Status(201, _share_out(share) | {"token": secret, "url": url})


@router.delete("/products/{product_key}/strategy/shares/{int:share_id}", response={204: None})
def revoke_share(request: HttpRequest, product_key: str, share_id: int) -> Status[None]:
    access = access_of(request, product_key)
    services.share_revoke(access=access, share_id=share_id)
    return Status(204, None)
