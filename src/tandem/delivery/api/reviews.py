"""The review API: the increment, the review's notes, and the PO's verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.delivery import selectors, services
from tandem.delivery.models import Acceptance
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.http import access_of
from tandem.workspace.schemas import BodyIn

from ._common import expected_version, set_etag

router = Router(tags=["reviews"])


class CasesOut(Schema):
    total: int
    passed: int
    failed: int
    unrun: int


class VerdictOut(Schema):
    item: str
    decision: str
    reason: str
    override_reason: str
    open_cases: int
    decided_by: str | None
    decided_at: dt.datetime
    sprint_id: int | None


class IncrementItemOut(Schema):
    key: str
    title: str
    status: str
    estimate: int | None
    version: int
    criteria: list[str]
    test_cases: CasesOut
    verdict: VerdictOut | None


class ReviewOut(Schema):
    sprint_id: int
    sprint: str
    goal: str
    held_on: dt.date | None
    attendees: list[str]
    feedback: str
    version: int = Field(description="0 until the review is first recorded")
    increment: list[IncrementItemOut]
    rejected: list[VerdictOut]


class ReviewIn(BodyIn):
    held_on: dt.date | None = None
    attendees: list[str] | None = Field(default=None, description="members' e-mails")
    feedback: str | None = None
    version: int | None = None


class ReviewAcceptIn(BodyIn):
    sprint_id: int | None = None
    override_reason: str = Field(
        default="", description="needed when a test case is failing or has not run"
    )
    version: int | None = None


class RejectIn(BodyIn):
    reason: str
    sprint_id: int | None = None
    version: int | None = None


def verdict_out(acceptance: Acceptance) -> dict[str, Any]:
    return {
        "item": acceptance.item.key,
        "decision": acceptance.decision,
        "reason": acceptance.reason,
        "override_reason": acceptance.override_reason,
        "open_cases": acceptance.open_cases,
        "decided_by": acceptance.decided_by.email if acceptance.decided_by else None,
        "decided_at": acceptance.decided_at,
        "sprint_id": acceptance.sprint_id,
    }


def _review_out(page: selectors.ReviewPage) -> dict[str, Any]:
    review = page.review
    return {
        "sprint_id": page.sprint.pk,
        "sprint": page.sprint.name,
        "goal": page.sprint.goal,
        "held_on": review.held_on if review else None,
        "attendees": sorted(u.email for u in review.attendees.all()) if review else [],
        "feedback": review.feedback if review else "",
        "version": review.version if review else 0,
        "increment": [
            {
                "key": row.item.key,
                "title": row.item.title,
                "status": row.item.status,
                "estimate": row.item.estimate,
                "version": row.item.version,
                "criteria": [c.summary for c in row.criteria],
                "test_cases": {
                    "total": row.cases.total,
                    "passed": row.cases.passed,
                    "failed": row.cases.failed,
                    "unrun": row.cases.unrun,
                },
                "verdict": verdict_out(row.verdict) if row.verdict else None,
            }
            for row in page.increment
        ],
        "rejected": [verdict_out(a) for a in page.rejected],
    }


def _review_answer(access: ProductAccess, response: HttpResponse, sprint_id: int) -> dict[str, Any]:
    page = selectors.sprint_review(access=access, sprint_id=sprint_id)
    set_etag(response, page.review.version if page.review else 0)
    return _review_out(page)


def _verdict_answer(
    request: HttpRequest,
    response: HttpResponse,
    item_key: str,
    version: int | None,
    decide: Callable[..., Acceptance],
    **verdict: Any,
) -> Status[dict[str, Any]]:
    """The PO's verdict on the item (``decide`` is the accept or reject service)."""
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    acceptance = decide(
        access=access, item=item, expected_version=expected_version(request, version), **verdict
    )
    set_etag(response, acceptance.item.version)
    return Status(201, verdict_out(acceptance))


@router.get("/products/{product_key}/sprints/{sprint_id}/review", response=ReviewOut)
def get_review(
    request: HttpRequest, response: HttpResponse, product_key: str, sprint_id: int
) -> dict[str, Any]:
    return _review_answer(access_of(request, product_key), response, sprint_id)


@router.put(
    "/products/{product_key}/sprints/{sprint_id}/review",
    response=ReviewOut,
    summary='Record attendees and feedback (If-Match: the review\'s ETag; "0" the first time)',
)
def put_review(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    sprint_id: int,
    payload: ReviewIn,
) -> dict[str, Any]:
    access = access_of(request, product_key)
    services.review_update(
        access=access,
        sprint_id=sprint_id,
        attendees=payload.attendees,
        feedback=payload.feedback,
        held_on=payload.held_on,
        expected_version=expected_version(request, payload.version),
    )
    return _review_answer(access, response, sprint_id)


@router.post(
    "/items/{item_key}/accept",
    response={201: VerdictOut},
    summary="The PO accepts a done item (If-Match: the item's ETag)",
)
def accept_item(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: ReviewAcceptIn
) -> Status[dict[str, Any]]:
    return _verdict_answer(
        request,
        response,
        item_key,
        payload.version,
        services.item_accept,
        sprint_id=payload.sprint_id,
        override_reason=payload.override_reason,
    )


@router.post(
    "/items/{item_key}/reject",
    response={201: VerdictOut},
    summary="The PO rejects a done item; it returns to the backlog with the reason as a comment",
)
def reject_item(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: RejectIn
) -> Status[dict[str, Any]]:
    return _verdict_answer(
        request,
        response,
        item_key,
        payload.version,
        services.item_reject,
        reason=payload.reason,
        sprint_id=payload.sprint_id,
    )


@router.get("/items/{item_key}/acceptances", response=list[VerdictOut])
def item_acceptances(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    return [verdict_out(a) for a in selectors.acceptances_of(access=access, item=item)]
