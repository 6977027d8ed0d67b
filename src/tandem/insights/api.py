"""The insights API's own verbs and figures; each kind's plain routes (list, create, get,
change, archive, restore, history) come from the registry at the same paths.
"""

# No `from __future__ import annotations`: Ninja reads the answer schemas built from the
# registry when the endpoints are defined.

import datetime
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status

from tandem.backlog.api_common import access_and_item
from tandem.core import evidence
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of, named_version
from tandem.workspace.registry import RecordType, record_type
from tandem.workspace.routes import answer, answer_of, one_of, out_schema

from . import selectors, services
from .answers import FeedbackLinkOut, link_out
from .api_surveys import router as surveys_router
from .inputs import PersonIn
from .schemas import (
    AcceptIn,
    CreateItemIn,
    DemandOut,
    DigestChangeOut,
    DigestEntryOut,
    DigestOut,
    DuplicateIn,
    FeedbackLinkIn,
    FollowsIn,
    IdeaDeclineIn,
    ImportIn,
    ImportOut,
    RankedOut,
    RankingOut,
    WeightsIn,
    WeightsOut,
)

router = Router(tags=["insights"])
router.add_router("", surveys_router)
P = "/products/{product_key}"


def _kind(name: str) -> RecordType:
    return record_type(name)


def _out(name: str) -> Any:
    return out_schema(record_type(name))


def _answer(request: HttpRequest, access: ProductAccess, kind: str, pk: int) -> dict[str, Any]:
    spec = _kind(kind)
    return answer_of(request, access, spec, one_of(access, spec, pk))


def _on_idea(
    request: HttpRequest, product_key: str, pk: int, verb: Callable[..., object], **values: Any
) -> dict[str, Any]:
    """Run one of an idea's verbs and answer the idea as it now is.

    A ``version`` among the values is the one the caller read (``If-Match`` wins); it reaches
    the verb as ``expected_version``, read once the caller's access is known."""
    access = access_of(request, product_key)
    if "version" in values:
        values["expected_version"] = named_version(request, values.pop("version"))
    verb(access=access, idea_id=pk, **values)
    return _answer(request, access, "idea", pk)


# --- stakeholders --------------------------------------------------------------------------


@router.put(P + "/stakeholders/{int:pk}/follows", response=_out("stakeholder"))
def set_follows(request: HttpRequest, product_key: str, pk: int, payload: FollowsIn) -> Any:
    access = access_of(request, product_key)
    services.stakeholder_follow(
        access=access,
        stakeholder_id=pk,
        item_keys=payload.items,
        initiative_ids=payload.initiatives,
    )
    return _answer(request, access, "stakeholder", pk)


@router.get(
    P + "/stakeholders/{int:pk}/digest", response=DigestOut, summary="What changed for them"
)
def stakeholder_digest(request: HttpRequest, product_key: str, pk: int, days: int = 7) -> Any:
    access = access_of(request, product_key)
    stakeholder = selectors.stakeholder_of(access=access, pk=pk)
    until = timezone.now()
    digest = selectors.stakeholder_digest(
        access=access,
        stakeholder=stakeholder,
        since=until - datetime.timedelta(days=max(1, min(days, 366))),
        until=until,
    )
    return DigestOut(
        stakeholder=stakeholder.name,
        since=digest.since,
        until=digest.until,
        entries=[
            DigestEntryOut(
                kind=e.kind,
                key=e.key,
                label=e.label,
                changes=[
                    DigestChangeOut(
                        at=ev.created_at,
                        actor=ev.actor.email if ev.actor else None,
                        verb=ev.verb,
                        summary=selectors.describe(ev),
                    )
                    for ev in e.events
                ],
            )
            for e in digest.entries
        ],
    )


# --- a customer's people: also /people, as a kind of its own -------------------------------


@router.post(
    P + "/customers/{int:pk}/people",
    response={201: _out("customer_person")},
    summary="Add a person to a customer (the same as POST /people with the customer)",
)
def add_person(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    pk: int,
    payload: PersonIn,
) -> Any:
    access = access_of(request, product_key)
    outcome = writes.record_create(
        access=access,
        kind="customer_person",
        fields=payload.model_dump(exclude_unset=True) | {"customer": pk},
    )
    return answer(access, _kind("customer_person"), response, outcome, 201, request)


# --- feedback ------------------------------------------------------------------------------


@router.post(P + "/feedback/import", response=ImportOut, summary="Import feedback from CSV")
def import_feedback(request: HttpRequest, product_key: str, payload: ImportIn) -> Any:
    """All rows or none; errors are keyed ``line N: field``. ``preview`` checks without writing."""
    access = access_of(request, product_key)
    preview = services.feedback_import_preview(
        access=access, data=payload.csv, mapping=payload.mapping, filename=payload.filename
    )
    imported = 0
    if not payload.preview:
        imported = len(
            services.feedback_import(
                access=access, data=payload.csv, mapping=payload.mapping, filename=payload.filename
            )
        )
    return ImportOut(
        imported=imported,
        preview=payload.preview,
        header=list(preview.header),
        rows=[list(r) for r in preview.rows],
        columns={name: preview.header[i] for name, i in preview.columns.items()},
    )


@router.post(P + "/feedback/{int:pk}/links", response={201: FeedbackLinkOut})
def link_feedback(request: HttpRequest, product_key: str, pk: int, payload: FeedbackLinkIn) -> Any:
    access = access_of(request, product_key)
    link = services.feedback_link(
        access=access,
        feedback_id=pk,
        item_key=payload.item,
        initiative_id=payload.initiative,
        importance=payload.importance,
    )
    return Status(201, link_out(link))


@router.delete(P + "/feedback-links/{int:pk}", response={204: None})
def unlink_feedback(request: HttpRequest, product_key: str, pk: int) -> Any:
    services.feedback_unlink(access=access_of(request, product_key), link_id=pk)
    return Status(204, None)


@router.post(
    P + "/feedback/{int:pk}/item", response={201: DemandOut}, summary="Create an item from it"
)
def item_from_feedback(
    request: HttpRequest, product_key: str, pk: int, payload: CreateItemIn
) -> Any:
    access = access_of(request, product_key)
    item = services.feedback_create_item(
        access=access, feedback_id=pk, title=payload.title, kind=payload.kind
    )
    return Status(201, _demand_out(access, item))


@router.post(P + "/feedback/{int:pk}/duplicate", response=_out("feedback"))
def mark_duplicate(request: HttpRequest, product_key: str, pk: int, payload: DuplicateIn) -> Any:
    access = access_of(request, product_key)
    services.feedback_mark_duplicate(access=access, feedback_id=pk, original_id=payload.of)
    return _answer(request, access, "feedback", pk)


# --- ideas ---------------------------------------------------------------------------------


@router.post(P + "/ideas/{int:pk}/vote", response=_out("idea"))
def vote_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    return _on_idea(request, product_key, pk, services.idea_vote)


@router.delete(P + "/ideas/{int:pk}/vote", response=_out("idea"))
def unvote_idea(request: HttpRequest, product_key: str, pk: int) -> Any:
    return _on_idea(request, product_key, pk, services.idea_vote, vote=False)


@router.post(P + "/ideas/{int:pk}/accept", response=_out("idea"))
def accept_idea(request: HttpRequest, product_key: str, pk: int, payload: AcceptIn) -> Any:
    return _on_idea(request, product_key, pk, services.idea_accept, **payload.model_dump())


@router.post(P + "/ideas/{int:pk}/decline", response=_out("idea"))
def decline_idea(request: HttpRequest, product_key: str, pk: int, payload: IdeaDeclineIn) -> Any:
    return _on_idea(request, product_key, pk, services.idea_decline, **payload.model_dump())


# --- demand and evidence -------------------------------------------------------------------


def _demand_out(access: ProductAccess, item: Any) -> DemandOut:
    demand = selectors.demand_of_items(access=access, item_ids=[item.pk]).get(item.pk)
    demand = demand or selectors.Demand()
    figures = selectors.may_read_figures(access)
    return DemandOut(
        item=item.key,
        feedback=demand.feedback,
        weighted=demand.weighted,
        customers=demand.customers,
        people=demand.people,
        mrr=demand.mrr if figures else None,
        arr=demand.arr if figures else None,
    )


@router.get("/items/{item_key}/demand", response=DemandOut, summary="Customer demand on an item")
def item_demand(request: HttpRequest, item_key: str) -> Any:
    access, item = access_and_item(request, item_key)
    return _demand_out(access, item)


@router.post(
    "/items/{item_key}/reach-from-demand",
    response={200: DemandOut, 202: DemandOut},
    summary="Use demand as RICE reach",
)
def reach_from_demand(request: HttpRequest, item_key: str, version: int | None = None) -> Any:
    """Sets the item's reach to the people behind its feedback; a PM's change is proposed (202)."""
    access, item = access_and_item(request, item_key)
    outcome = services.item_reach_from_demand(
        access=access, item=item, expected_version=named_version(request, version)
    )
    return Status(200 if outcome.applied else 202, _demand_out(access, item))


@router.get(
    P + "/initiatives/demand",
    response=dict[int, int],
    summary="Feedback linked to each initiative, by initiative id",
)
def initiatives_demand(request: HttpRequest, product_key: str) -> Any:
    return selectors.initiative_demand(access=access_of(request, product_key))


@router.get(P + "/evidence", response=RankingOut, summary="The backlog ranked by evidence")
def evidence_ranking(request: HttpRequest, product_key: str, limit: int = 200) -> Any:
    access = access_of(request, product_key)
    weights, version = selectors.weights_of(access=access)
    rows = selectors.evidence_ranking(access=access, weights=weights, limit=max(1, min(limit, 500)))
    figures = selectors.may_read_figures(access)
    return RankingOut(
        weights=WeightsOut(weights=weights.as_dict(), version=version),
        items=[
            RankedOut(
                item=r.item.key,
                title=r.item.title,
                score=round(r.ranked.score, 2),
                position=r.ranked.position,
                manual_position=r.ranked.manual_position,
                feedback=r.demand.feedback,
                customers=r.demand.customers,
                mrr=r.demand.mrr if figures else None,
            )
            for r in rows
        ],
    )


@router.put(P + "/evidence/weights", response=WeightsOut)
def set_weights(request: HttpRequest, product_key: str, payload: WeightsIn) -> Any:
    access = access_of(request, product_key)
    row = services.weights_update(
        access=access,
        weights=payload.weights,
        expected_version=named_version(request, payload.version),
    )
    return WeightsOut(
        weights=evidence.Weights.from_mapping(row.weights).as_dict(), version=row.version
    )
