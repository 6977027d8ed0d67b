"""Backlog endpoints: thin; parse, call one service or selector, shape the answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.params import functions as params

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, etag
from tandem.workspace.routes import EventOut, event_out

from . import selectors, services
from .api_common import (
    access_and_item,
    answered_new,
    criterion_of,
    criterion_or_proposal,
    expected_version,
    item_written,
    proposed_or_gone,
    written_then_read,
)
from .filter_params import (
    ItemFilters,
    api_filter_names,
    filters_from_query,
    refuse_unknown,
    with_view,
)
from .schemas import (
    BacklogProposalOut,
    BulkIn,
    BulkOut,
    CommentIn,
    CommentOut,
    CriterionCheckIn,
    CriterionIn,
    CriterionOut,
    CriterionPatchIn,
    DeclineIn,
    DuplicateOut,
    ItemCreateIn,
    ItemOut,
    ItemPageOut,
    ItemPatchIn,
    LinkIn,
    LinkOut,
    MoveIn,
    QuickAddIn,
    RefinementOut,
    comment_out,
    criterion_out,
    item_out,
    item_summary_out,
    link_out,
    proposal_out,
)
from .selectors.progress import attach_progress

router = Router(tags=["backlog"])


@router.get("/products/{product_key}/items", response=ItemPageOut, summary="The ranked backlog")
def list_items(
    request: HttpRequest, product_key: str, filters: Query[ItemFilters]
) -> dict[str, Any]:
    """Repeat a filter for several values (``status=new&status=ready``); ``not_<filter>``
    leaves values out; done work shows with ``show_done=true``; ``view=ID`` applies a
    saved view, whose filters the ones given alongside it replace."""
    refuse_unknown(request.GET, api_filter_names())
    access = access_of(request, product_key)
    limit = max(1, min(filters.limit, 200))
    values = filters.dict(exclude={"cursor", "limit", "view"})
    if filters.view is not None:
        view = selectors.saved_view_of(access=access, view_id=filters.view)
        given = request.GET.copy()
        given.pop("view", None)
        query = selectors.view_query(view, given)
        values = with_view(values, filters_from_query(query), given)
    page = selectors.backlog_page(
        access=access,
        filters=selectors.BacklogFilters(**values),
        cursor=filters.cursor,
        limit=limit,
    )
    attach_progress(access, page.items)
    return {"items": [item_summary_out(i) for i in page.items], "next_cursor": page.next_cursor}


@router.post("/products/{product_key}/items", response={201: ItemOut})
def create_item(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: ItemCreateIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    fields = payload.dict(exclude_unset=True, exclude={"position"})
    item = services.item_create(access=access, fields=fields, position=payload.position)
    item = answered_new(access, response, item)
    return Status(201, item_out(item))


@router.post(
    "/products/{product_key}/items/quick-add",
    response={201: ItemOut},
    summary='"As a … I want … so that …" becomes a story',
)
def quick_add(
    request: HttpRequest, response: HttpResponse, product_key: str, payload: QuickAddIn
) -> Status[dict[str, Any]]:
    access = access_of(request, product_key)
    item = services.item_quick_add(access=access, text=payload.text, position=payload.position)
    item = answered_new(access, response, item)
    if services.quick_add_cut(payload.text):
        response["Tandem-Notice"] = services.QUICK_ADD_CUT.strip()
    return Status(201, item_out(item))


@router.get("/items/{item_key}", response=ItemOut)
def get_item(request: HttpRequest, response: HttpResponse, item_key: str) -> dict[str, Any]:
    access, item = access_and_item(request, item_key)
    attach_progress(access, [item])
    etag(response, item)
    return item_out(item)


@router.patch(
    "/items/{item_key}",
    response={200: ItemOut, 202: BacklogProposalOut},
    summary="Change an item (needs If-Match or version; 202 when it became a proposal)",
)
def patch_item(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: ItemPatchIn
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    expected = expected_version(request, payload.version)
    outcome, fresh = written_then_read(
        access,
        item,
        lambda: services.item_update(
            access=access, item=item, changes=changes, expected_version=expected
        ),
    )
    etag(response, fresh)
    if outcome.proposal is not None:
        # Some fields applied, the rest wait for the decider: say where they went.
        response["Tandem-Proposal"] = str(outcome.proposal.pk)
    if outcome.proposal is not None and not (
        set(changes) - set(outcome.proposal.payload["changes"])
    ):
        return Status(202, proposal_out(outcome.proposal))
    return Status(200, item_out(fresh))


@router.delete(
    "/items/{item_key}",
    response={204: None, 202: BacklogProposalOut},
    summary="Archive (soft delete; 202 when it became a proposal for the Product Owner)",
)
def archive_item(request: HttpRequest, item_key: str) -> Status[dict[str, Any]] | Status[None]:
    access, item = access_and_item(request, item_key)
    return proposed_or_gone(services.item_archive(access=access, item=item).proposal)


@router.post("/items/{item_key}/restore", response={200: ItemOut, 202: BacklogProposalOut})
def restore_item(
    request: HttpRequest, response: HttpResponse, item_key: str
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    return item_written(
        access, item, response, lambda: services.item_restore(access=access, item=item)
    )


@router.post(
    "/items/{item_key}/move",
    response={200: ItemOut, 202: BacklogProposalOut},
    summary="Reorder (202 when the move became a proposal for the Product Owner)",
)
def move_item(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: MoveIn
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    neighbour = selectors.item_in_backlog
    before = neighbour(access=access, key=payload.before) if payload.before else None
    after = neighbour(access=access, key=payload.after) if payload.after else None
    return item_written(
        access,
        item,
        response,
        lambda: services.item_move(
            access=access, item=item, position=payload.position, before=before, after=after
        ),
    )


@router.get("/items/{item_key}/events", response=list[EventOut], summary="The item's history")
def item_events(request: HttpRequest, item_key: str) -> list[EventOut]:
    access, item = access_and_item(request, item_key)
    return [event_out(e) for e in selectors.item_history(access=access, item=item)[:500]]


# --- acceptance criteria --------------------------------------------------------------


@router.get("/items/{item_key}/criteria", response=list[CriterionOut])
def list_criteria(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    _, item = access_and_item(request, item_key)
    return [criterion_out(c) for c in selectors.criteria_of(item=item)]


@router.post(
    "/items/{item_key}/criteria",
    response={201: CriterionOut, 202: BacklogProposalOut},
    summary="Add a criterion (202 when it became a proposal for the Product Owner)",
)
def add_criterion(
    request: HttpRequest, item_key: str, payload: CriterionIn
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    result = services.criterion_add(access=access, item=item, fields=payload.dict())
    return criterion_or_proposal(result, 201)


@router.patch(
    "/items/{item_key}/criteria/{criterion_id}",
    response={200: CriterionOut, 202: BacklogProposalOut},
)
def update_criterion(
    request: HttpRequest, item_key: str, criterion_id: int, payload: CriterionPatchIn
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    criterion_of(item, criterion_id)
    result = services.criterion_update(
        access=access,
        criterion_id=criterion_id,
        fields=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    return criterion_or_proposal(result, 200)


@router.post("/items/{item_key}/criteria/{criterion_id}/check", response=CriterionOut)
def check_criterion(
    request: HttpRequest, item_key: str, criterion_id: int, payload: CriterionCheckIn
) -> dict[str, Any]:
    access, item = access_and_item(request, item_key)
    criterion_of(item, criterion_id)
    criterion = services.criterion_check(
        access=access, criterion_id=criterion_id, is_met=payload.is_met
    )
    return criterion_out(criterion)


@router.delete(
    "/items/{item_key}/criteria/{criterion_id}",
    response={202: BacklogProposalOut, 204: None},
    summary="Remove a criterion (202 when it became a proposal for the Product Owner)",
)
def remove_criterion(
    request: HttpRequest, item_key: str, criterion_id: int
) -> Status[dict[str, Any]] | Status[None]:
    access, item = access_and_item(request, item_key)
    criterion_of(item, criterion_id)
    return proposed_or_gone(services.criterion_remove(access=access, criterion_id=criterion_id))


# --- comments and links -------------------------------------------------------------------


@router.get("/items/{item_key}/comments", response=list[CommentOut])
def list_comments(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    _, item = access_and_item(request, item_key)
    return [comment_out(c) for c in selectors.comments_of(item=item)]


@router.post("/items/{item_key}/comments", response={201: CommentOut})
def add_comment(request: HttpRequest, item_key: str, payload: CommentIn) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    comment = services.comment_add(
        access=access,
        item=item,
        body=payload.body,
        is_question=payload.is_question,
        reply_to_id=payload.reply_to,
    )
    return Status(201, comment_out(comment))


@router.delete("/items/{item_key}/comments/{comment_id}", response={204: None})
def archive_comment(request: HttpRequest, item_key: str, comment_id: int) -> Status[None]:
    access, _ = access_and_item(request, item_key)
    services.comment_archive(access=access, comment_id=comment_id)
    return Status(204, None)


@router.get("/items/{item_key}/links", response=list[LinkOut])
def list_links(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    _, item = access_and_item(request, item_key)
    return [link_out(link) for link in item.links.order_by("created_at")]


@router.post("/items/{item_key}/links", response={201: LinkOut})
def add_link(request: HttpRequest, item_key: str, payload: LinkIn) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    link = services.link_add(
        access=access, item=item, url=payload.url, title=payload.title, kind=payload.kind
    )
    return Status(201, link_out(link))


@router.delete("/items/{item_key}/links/{link_id}", response={204: None})
def remove_link(request: HttpRequest, item_key: str, link_id: int) -> Status[None]:
    access, _ = access_and_item(request, item_key)
    services.link_remove(access=access, link_id=link_id)
    return Status(204, None)


# --- proposals, refinement -----------------------------------------------------------------


@router.get("/products/{product_key}/proposals", response=list[BacklogProposalOut])
def list_proposals(request: HttpRequest, product_key: str) -> list[dict[str, Any]]:
    access = access_of(request, product_key)
    waiting = selectors.item_proposals(selectors.pending_proposals(access=access))
    return [proposal_out(p) for p in waiting]


@router.post("/products/{product_key}/proposals/{proposal_id}/accept", response=BacklogProposalOut)
def accept_proposal(request: HttpRequest, product_key: str, proposal_id: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    return proposal_out(services.proposal_accept(access=access, proposal_id=proposal_id))


@router.post("/products/{product_key}/proposals/{proposal_id}/decline", response=BacklogProposalOut)
def decline_proposal(
    request: HttpRequest, product_key: str, proposal_id: int, payload: DeclineIn
) -> dict[str, Any]:
    access = access_of(request, product_key)
    proposal = services.proposal_decline(
        access=access, proposal_id=proposal_id, reason=payload.reason
    )
    return proposal_out(proposal)


@router.post("/products/{product_key}/items/bulk", response=BulkOut, summary="Bulk refinement")
def bulk(request: HttpRequest, product_key: str, payload: BulkIn) -> dict[str, int]:
    """Changes what the caller decides; a proposer's selection becomes one proposal per item."""
    access = access_of(request, product_key)
    ids = [i.pk for i in selectors.items_in_backlog(access=access, keys=payload.items)]
    if payload.action == "archive":
        changed = services.items_bulk_archive(access=access, item_ids=ids)
    elif payload.action == "estimate":
        if payload.estimate is None:
            raise ValidationFailed({"estimate": "is required for a bulk estimate"})
        changed = services.items_bulk_estimate(
            access=access, item_ids=ids, estimate=payload.estimate
        )
    else:
        if payload.position is None:
            raise ValidationFailed({"position": "is required for a bulk move"})
        changed = services.items_bulk_move(access=access, item_ids=ids, position=payload.position)
    return {"changed": changed.changed, "proposed": changed.proposed}


@router.get("/products/{product_key}/refinement", response=RefinementOut)
def refinement(
    request: HttpRequest,
    product_key: str,
    stale_days: int | None = params.Query(None, ge=1, le=3650),
) -> dict[str, Any]:
    access = access_of(request, product_key)
    days = stale_days or access.product.stale_after_days
    duplicates = selectors.duplicate_candidates(access=access)
    return {
        "stale_after_days": days,
        "stale": [item_summary_out(i) for i in selectors.stale_items(access=access, days=days)],
        "not_ready": [item_summary_out(i) for i in selectors.not_ready_items(access=access)],
        "duplicates": [
            DuplicateOut(
                first=a.key, second=b.key, first_title=a.title, second_title=b.title, similarity=s
            )
            for a, b, s in duplicates
        ],
    }
