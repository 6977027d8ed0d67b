"""Typed shapes of the backlog API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from tandem.core import scoring, stories
from tandem.workspace.models import Proposal
from tandem.workspace.schemas import BodyIn
from tandem.workspace.text import render_markdown

from .models import AcceptanceCriterion, Comment, Item, Link
from .selectors import BacklogRow, ItemProposal, item_proposal
from .selectors.progress import Progress
from .services.refinement import BULK_LIMIT
from .services.snapshots import criterion_snapshot


class ProgressOut(Schema):
    items: int
    done_items: int
    points: int
    done_points: int
    percent: int


class ItemSummaryOut(Schema):
    key: str
    kind: str
    title: str
    status: str
    rank: str
    estimate: int | None
    labels: list[str]
    assignee: str | None
    parent: str | None
    value: int | None
    effort: int | None
    moscow: str
    rice_score: float | None
    wsjf_score: float | None
    value_effort_score: float | None
    ready: bool
    version: int
    updated_at: datetime
    progress: ProgressOut | None = Field(
        None, description="Children done of all: an epic's items and points, a story's sub-tasks"
    )


class ItemOut(ItemSummaryOut):
    as_a: str
    i_want: str
    so_that: str
    description: str
    description_html: str
    reach: int | None
    impact: float | None
    confidence: int | None
    rice_effort: float | None
    business_value: int | None
    time_criticality: int | None
    risk_reduction: int | None
    job_size: int | None
    quadrant: str | None
    initiative: int | None = Field(None, description="The roadmap initiative it serves (its own)")
    readiness_missing: list[str]
    criteria_count: int
    archived: bool
    created_at: datetime
    created_by: str | None


def item_summary_out(item: Item | BacklogRow) -> dict[str, object]:
    return {
        "key": item.key,
        "kind": item.kind,
        "title": item.title,
        "status": item.status,
        "rank": item.rank,
        "estimate": item.estimate,
        "labels": item.label_names,
        "assignee": item.assignee.email if item.assignee else None,
        "parent": item.parent.key if item.parent else None,
        "value": item.value,
        "effort": item.effort,
        "moscow": item.moscow,
        "rice_score": item.rice_score,
        "wsjf_score": item.wsjf_score,
        "value_effort_score": item.value_effort_score,
        "ready": item.is_ready,
        "version": item.version,
        "updated_at": item.updated_at,
        "progress": _progress_out(getattr(item, "progress", None)),
    }


def _progress_out(progress: Progress | None) -> dict[str, int] | None:
    if progress is None:
        return None
    return {
        "items": progress.items,
        "done_items": progress.done_items,
        "points": progress.points,
        "done_points": progress.done_points,
        "percent": progress.percent,
    }


def item_out(item: Item) -> dict[str, object]:
    readiness = stories.definition_of_ready(
        is_story=item.kind == "story",
        as_a=item.as_a,
        i_want=item.i_want,
        so_that=item.so_that,
        criteria_count=item.criteria_count,
        estimate=item.estimate,
    )
    quadrant = (
        scoring.quadrant(item.value, item.effort).value
        if item.value is not None and item.effort is not None
        else None
    )
    return item_summary_out(item) | {
        "as_a": item.as_a,
        "i_want": item.i_want,
        "so_that": item.so_that,
        "description": item.description,
        "description_html": render_markdown(item.description),
        "reach": item.reach,
        "impact": item.impact,
        "confidence": item.confidence,
        "rice_effort": item.rice_effort,
        "business_value": item.business_value,
        "time_criticality": item.time_criticality,
        "risk_reduction": item.risk_reduction,
        "job_size": item.job_size,
        "quadrant": quadrant,
        "initiative": item.initiative_id,
        "readiness_missing": list(readiness.missing),
        "criteria_count": item.criteria_count,
        "archived": item.is_archived,
        "created_at": item.created_at,
        "created_by": item.created_by.email if item.created_by else None,
    }


class ItemPageOut(Schema):
    items: list[ItemSummaryOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class _ItemFields(BodyIn):
    kind: Literal["epic", "story", "task", "bug", "spike", "subtask"] | None = None
    as_a: str | None = None
    i_want: str | None = None
    so_that: str | None = None
    description: str | None = None
    status: Literal["new", "ready", "in_progress", "done", "accepted"] | None = None
    estimate: int | None = None
    labels: list[str] | None = None
    assignee: str | None = Field(None, description="A member's e-mail")
    parent: str | None = Field(
        None, description="An epic's key, e.g. DRN-3; a sub-task's story, task or bug"
    )
    initiative: int | None = Field(None, description="A roadmap initiative's id (epics link here)")
    value: int | None = None
    effort: int | None = None
    reach: int | None = None
    impact: float | None = None
    confidence: int | None = None
    rice_effort: float | None = None
    business_value: int | None = None
    time_criticality: int | None = None
    risk_reduction: int | None = None
    job_size: int | None = None
    moscow: Literal["must", "should", "could", "wont", ""] | None = None


class ItemCreateIn(_ItemFields):
    title: str
    position: Literal["top", "bottom"] = "bottom"


class ItemPatchIn(_ItemFields):
    title: str | None = None
    version: int | None = Field(None, description="The version you read; or send it as `If-Match`.")


class QuickAddIn(BodyIn):
    text: str = Field(..., description='e.g. "As a pilot I want longer flight time so that …"')
    position: Literal["top", "bottom"] = "bottom"


class MoveIn(BodyIn):
    position: Literal["top", "bottom"] | None = None
    before: str | None = Field(None, description="Put the item just before this key")
    after: str | None = Field(None, description="Put the item just after this key")


class BacklogProposalOut(Schema):
    id: int
    kind: str
    item: str
    payload: dict[str, object]
    proposed_by: str | None
    status: str
    decided_by: str | None
    reason: str
    created_at: datetime
    item_changed_since: bool = Field(
        False, description="The item was edited after this was proposed: look again"
    )


def proposal_out(p: Proposal | ItemProposal) -> dict[str, object]:
    """An item proposal as the API answers it (its item read when not given beside it)."""
    shown = p if isinstance(p, ItemProposal) else item_proposal(p)
    return {
        "id": shown.pk,
        "kind": shown.kind,
        "item": shown.item.key,
        "payload": shown.payload,
        "proposed_by": shown.proposed_by.email if shown.proposed_by else None,
        "status": shown.status,
        "decided_by": shown.decided_by.email if shown.decided_by else None,
        "reason": shown.reason,
        "created_at": shown.created_at,
        "item_changed_since": shown.item_changed_since,
    }


class DeclineIn(BodyIn):
    reason: str = ""


class CriterionIn(BodyIn):
    text: str = ""
    given: str = ""
    when: str = ""
    then: str = ""


class CriterionPatchIn(BodyIn):
    text: str | None = None
    given: str | None = None
    when: str | None = None
    then: str | None = None
    version: int | None = None


class CriterionCheckIn(BodyIn):
    is_met: bool


class CriterionOut(Schema):
    id: int
    position: int
    text: str
    given: str
    when: str
    then: str
    is_met: bool
    version: int


def criterion_out(c: AcceptanceCriterion) -> dict[str, object]:
    return {"id": c.pk, **criterion_snapshot(c), "version": c.version}


class CommentIn(BodyIn):
    body: str
    is_question: bool = False
    reply_to: int | None = None


class CommentOut(Schema):
    id: int
    author: str | None
    body: str
    body_html: str
    is_question: bool
    reply_to: int | None
    created_at: datetime


def comment_out(c: Comment) -> dict[str, object]:
    return {
        "id": c.pk,
        "author": c.author.email if c.author else None,
        "body": c.body,
        "body_html": render_markdown(c.body),
        "is_question": c.is_question,
        "reply_to": c.reply_to_id,
        "created_at": c.created_at,
    }


class LinkIn(BodyIn):
    url: str
    title: str = ""
    kind: Literal["mockup", "document", "other"] = "document"


class LinkOut(Schema):
    id: int
    url: str
    title: str
    kind: str


def link_out(link: Link) -> dict[str, object]:
    return {"id": link.pk, "url": link.url, "title": link.title, "kind": link.kind}


class BulkIn(BodyIn):
    action: Literal["archive", "estimate", "move"]
    items: list[str] = Field(..., description="Item keys", max_length=BULK_LIMIT)
    estimate: int | None = None
    position: Literal["top", "bottom"] | None = None


class BulkOut(Schema):
    changed: int
    proposed: int = Field(0, description="Items whose change waits for the Product Owner")


class DuplicateOut(Schema):
    first: str
    second: str
    first_title: str
    second_title: str
    similarity: float


class RefinementOut(Schema):
    stale_after_days: int
    stale: list[ItemSummaryOut]
    not_ready: list[ItemSummaryOut]
    duplicates: list[DuplicateOut]
