"""Suggestion endpoints: reads that never change an item, and the split through services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from tandem.backlog import selectors
from tandem.backlog.api_common import access_and_item, expected_version, item_etag
from tandem.backlog.schemas import ItemOut, item_out
from tandem.workspace.api import current_user
from tandem.workspace.selectors import product_access

from . import estimates, neighbours, quality

router = Router(tags=["suggestions"])


class SimilarEstimatedOut(Schema):
    key: str
    title: str
    points: int


class EstimateSuggestionOut(Schema):
    points: int | None
    confidence: float | None
    cold_start: bool
    reason: str
    history: int = Field(description="estimated items the suggestion learnt from")
    similar: list[SimilarEstimatedOut]


class SimilarOut(Schema):
    key: str
    title: str
    score: float
    likely_duplicate: bool


class FindingOut(Schema):
    criterion: str
    message: str
    rewrite: list[str]


class QualityOut(Schema):
    findings: list[FindingOut]
    split: list[str] | None = Field(description="the two stories a split would make, if any")


class SimilarCheckIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=20_000)


class SplitIn(Schema):
    version: int | None = None


class SplitOut(Schema):
    item: ItemOut
    created: ItemOut
    proposal: int | None = Field(description="the proposal holding the change, when proposed")


def _similar_out(found: list[neighbours.Neighbour]) -> list[dict[str, Any]]:
    return [
        {
            "key": n.key,
            "title": n.title,
            "score": round(n.score, 3),
            "likely_duplicate": n.likely_duplicate,
        }
        for n in found
    ]


@router.get(
    "/items/{item_key}/estimate-suggestion",
    response=EstimateSuggestionOut,
    summary="A suggested estimate from the product's own estimated items (never applied)",
)
def estimate_suggestion(request: HttpRequest, item_key: str) -> dict[str, Any]:
    access, item = access_and_item(request, item_key)
    found = estimates.estimate_suggestion(access=access, item=item)
    if found is None:
        return {
            "points": None,
            "confidence": None,
            "cold_start": True,
            "reason": "No item of this product has an estimate yet: nothing to learn from.",
            "history": 0,
            "similar": [],
        }
    return {
        "points": found.points,
        "confidence": round(found.confidence, 3),
        "cold_start": found.cold_start,
        "reason": found.reason,
        "history": found.history,
        "similar": [{"key": s.key, "title": s.title, "points": s.points} for s in found.similar],
    }


@router.get(
    "/items/{item_key}/similar",
    response=list[SimilarOut],
    summary="The item's most similar items, as stored after its last change",
)
def similar(request: HttpRequest, item_key: str) -> list[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    return _similar_out(neighbours.stored_neighbours(access=access, item=item))


@router.post(
    "/products/{product_key}/items/similar-check",
    response=list[SimilarOut],
    summary="Items a title and description about to be saved read like",
)
def similar_check(
    request: HttpRequest, product_key: str, payload: SimilarCheckIn
) -> list[dict[str, Any]]:
    access = product_access(user=current_user(request), product_key=product_key)
    found = neighbours.similar_check(
        access=access, title=payload.title, description=payload.description
    )
    return _similar_out(found)


@router.get(
    "/items/{item_key}/quality",
    response=QualityOut,
    summary="Quality User Story findings, with rewrites where a rule can make one",
)
def story_quality(request: HttpRequest, item_key: str) -> dict[str, Any]:
    access, item = access_and_item(request, item_key)
    findings = quality.quality_findings(access=access, item=item)
    split = quality.suggested_split(findings)
    return {
        "findings": [
            {"criterion": str(f.criterion), "message": f.message, "rewrite": list(f.rewrite)}
            for f in findings
        ],
        "split": list(split) if split else None,
    }


@router.post(
    "/items/{item_key}/quality/split",
    response={201: SplitOut},
    summary="Split a story that asks for two things (needs If-Match or version)",
)
def split_story(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: SplitIn
) -> Status[dict[str, Any]]:
    access, item = access_and_item(request, item_key)
    expected = expected_version(request, payload.version)
    outcome = quality.story_split(access=access, item=item, expected_version=expected)
    fresh = selectors.item_of(access=access, number=item.number)
    created = selectors.item_of(access=access, number=outcome.created.number)
    response["ETag"] = item_etag(fresh)
    proposal = outcome.updated.proposal
    return Status(
        201,
        {
            "item": item_out(fresh),
            "created": item_out(created),
            "proposal": proposal.pk if proposal is not None else None,
        },
    )
