"""``GET /search`` and ``POST /ask``: the index and Ask for scripts and the palette."""

# No `from __future__ import annotations`: Ninja reads the schemas at definition time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of, current_user
from tandem.workspace.schemas import BodyIn

from . import search as searching
from .ask import ask
from .indexing import kinds

router = Router(tags=["knowledge"])


class SearchIn(BodyIn):
    q: str = Field(..., min_length=1, max_length=500, description="what to look for")
    product: str = Field("", max_length=10, description="a product key; all yours when empty")
    kind: list[str] = Field(default_factory=list, description="search kinds, e.g. item")
    status: str = Field("", max_length=40)
    after: dt.date | None = Field(None, description="changed on or after this day")
    before: dt.date | None = Field(None, description="changed on or before this day")
    mode: str = Field("hybrid", description="hybrid, lexical or semantic")
    limit: int = Field(20, ge=1, le=100)


class SearchResultOut(Schema):
    kind: str
    key: str | None = None
    id: int | None = None
    title: str
    snippet: str  # HTML: the record's text escaped, matched words in <mark>
    url: str
    score: float
    product: str


class SearchOut(Schema):
    results: list[SearchResultOut]


class AskIn(BodyIn):
    question: str = Field(..., min_length=1, max_length=1000)
    product: str = Field(..., min_length=1, max_length=10)


class SourceOut(Schema):
    kind: str
    key: str | None = None
    id: int | None = None
    title: str
    url: str


class AskOut(Schema):
    answer: str
    sources: list[SourceOut]


def _checked(params: SearchIn) -> searching.Filters:
    known = {name for name, _ in kinds()}
    unknown = [k for k in params.kind if k not in known]
    if unknown:
        raise ValidationFailed({"kind": f"unknown kind {unknown[0]!r}; one of {sorted(known)}"})
    if params.mode not in searching.MODES:
        raise ValidationFailed({"mode": f"one of {', '.join(searching.MODES)}"})
    if not params.q.strip():
        raise ValidationFailed({"q": "is empty"})
    return searching.Filters(
        product=params.product,
        kinds=tuple(params.kind),
        status=params.status,
        changed_after=params.after,
        changed_before=params.before,
    )


def result_of(hit: searching.Hit) -> dict[str, Any]:
    named = {"key": hit.key} if hit.key and hit.kind == "item" else {"id": hit.object_id}
    return {
        "kind": hit.kind,
        **named,
        "title": hit.title,
        "snippet": str(hit.snippet),
        "url": hit.url,
        "score": hit.score,
        "product": hit.product,
    }


@router.get("/search", response=SearchOut, summary="Search everything you may read")
def search_endpoint(request: HttpRequest, params: Query[SearchIn]) -> Any:
    filters = _checked(params)
    if params.product:
        access_of(request, params.product)  # 404 unless the caller is a member
    hits = searching.search(
        user=current_user(request),
        query=params.q,
        filters=filters,
        mode=params.mode,
        limit=params.limit,
    )
    return {"results": [result_of(hit) for hit in hits]}


@router.post("/ask", response=AskOut, summary="Ask a question about a product")
def ask_endpoint(request: HttpRequest, payload: AskIn) -> Any:
    if not payload.question.strip():
        raise ValidationFailed({"question": "is empty"})
    access = access_of(request, payload.product)
    answer = ask(access=access, question=payload.question)
    return {"answer": answer.text, "sources": [s.as_json() for s in answer.sources]}
