"""The plain record verbs over HTTP, generated from the registry.

For every record type with an API path: list, create, get, change (``If-Match``),
archive, restore and history, plus the one proposal queue. Real verbs (move an
item, start a sprint) stay hand-written in their app's router. Operation ids
and schema names are built from the type's name, so every OpenAPI component is
unique, and ``{record_id}`` only matches digits, so a hand-written verb beside
the generic routes (``…/decisions/escalate``) is never captured by them.
"""

# No `from __future__ import annotations`: Ninja reads the (local) schema annotations
# of the generated endpoints when they are defined.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query as QueryParams
from ninja import Router, Schema, Status
from ninja.params import functions as params
from pydantic import Field, create_model

from . import values, writes
from .access import ProductAccess
from .errors import NotFound
from .fields import Input, Query, Version
from .http import access_of, etag, expected_version, named_version
from .models import Event
from .proposal_routes import ProposalOut, add_proposal_routes, proposal_out
from .registry import Record, RecordType, all_types, snapshot
from .selectors import events_for


class EventOut(Schema):
    id: int
    verb: str
    actor: str | None
    object_type: str
    object_id: int
    object_label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: dt.datetime


def event_out(e: Event) -> EventOut:
    return EventOut(
        id=e.pk,
        verb=e.verb,
        actor=e.actor.email if e.actor else None,
        object_type=e.object_type,
        object_id=e.object_id,
        object_label=e.object_label,
        before=e.before,
        after=e.after,
        created_at=e.created_at,
    )


class VersionIn(Input):
    version: Version | None = None


class ListFilters(Query):
    """What every list takes; a type's own filters extend it and narrow the rows."""

    archived: bool = False
    limit: int = Field(200, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)

    def narrow(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.filter(archived_at__isnull=not self.archived)


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def default_out_schema(spec: RecordType) -> type[Schema]:
    """What a record type answers: its declared fields, each nullable (a role may not read it)."""
    assert spec.schema is not None
    fields: dict[str, Any] = {
        "id": (int, ...),
        "version": (int, ...),
        "archived": (bool, ...),
        "created_at": (dt.datetime | None, None),
        "updated_at": (dt.datetime | None, None),
    }
    for name in spec.fields + spec.readonly:  # what its own verbs change is shown too
        info = spec.schema.model_fields.get(name)
        out_type: Any = Any if info is None else info.annotation
        fields[name] = (out_type | None, None)
    return create_model(f"{_pascal(spec.name)}Out", __base__=Schema, **fields)


def default_out(access: ProductAccess, spec: RecordType, record: Record) -> dict[str, Any]:
    """The declared fields as the snapshot holds them (a person by e-mail, any other
    reference by id, read without a query), those the caller may not read as null."""
    readable = spec.readable_fields(access)
    values = {k: v if k in readable else None for k, v in snapshot(spec, record).items()}
    return values | {
        "id": record.pk,
        "version": record.version,
        "archived": getattr(record, "archived_at", None) is not None,
        "created_at": getattr(record, "created_at", None),
        "updated_at": getattr(record, "updated_at", None),
    }


def out_of(spec: RecordType) -> Callable[[ProductAccess, Record], dict[str, Any]]:
    if spec.api is not None and spec.api.out is not None:
        return spec.api.out
    return lambda access, record: default_out(access, spec, record)


_out_schemas: dict[str, type[Schema]] = {}


def out_schema(spec: RecordType) -> type[Schema]:
    if spec.api is not None and spec.api.out_schema is not None:
        return spec.api.out_schema
    if spec.name not in _out_schemas:
        _out_schemas[spec.name] = default_out_schema(spec)
    return _out_schemas[spec.name]


def rows_of(access: ProductAccess, spec: RecordType) -> QuerySet[Any]:
    """The rows a type's answers read: its product's, with what its answer joins."""
    rows = spec.scoped(access)
    if spec.api is not None and spec.api.rows is not None:
        rows = spec.api.rows(access, rows)
    return rows


def one_of(access: ProductAccess, spec: RecordType, record_id: int) -> Record:
    """One record of the caller's product as its answer reads it; 404 for anything else."""
    record = rows_of(access, spec).filter(pk=record_id).first()
    if record is None:
        raise NotFound(f"No such {spec.label.lower()}.")
    return record


def answer_of(
    request: HttpRequest | None, access: ProductAccess, spec: RecordType, record: Record
) -> dict[str, Any]:
    """What a type answers for one record, with its site paths made full URLs."""
    body = out_of(spec)(access, record)
    for name in spec.api.absolute if spec.api is not None and request is not None else ():
        if body.get(name):
            body[name] = request.build_absolute_uri(body[name])  # type: ignore[union-attr]
    return body


def answer(
    access: ProductAccess,
    spec: RecordType,
    response: HttpResponse,
    outcome: writes.Outcome,
    status: int = 200,
    request: HttpRequest | None = None,
) -> Status[dict[str, Any]]:
    """A proposal answers 202 with itself; an applied write the record and its ETag."""
    if outcome.proposal is not None:
        return Status(202, proposal_out(outcome.proposal))
    assert outcome.record is not None
    record = outcome.record
    if spec.api is not None and spec.api.rows is not None:
        record = one_of(access, spec, record.pk)  # what the answer joins, as now written
    etag(response, record)
    return Status(status, answer_of(request, access, spec, record))


def add_record_routes(router: Router, spec: RecordType) -> None:
    """list / create / get / change / archive / restore / history for one record type."""
    assert spec.api is not None
    assert spec.schema is not None
    body: Any = spec.schema
    patch: Any = values.patch_schema(spec)
    out: Any = out_schema(spec)
    base = spec.api.path
    one = f"{base}/{{int:record_id}}"
    label = spec.label.lower()
    tags = [spec.app or "records"]
    filters_schema: Any = spec.api.filters or ListFilters

    summaries = {
        "list": f"Live {label}s (or archived ones)",
        "create": f"Create a {label} (202 when it became a proposal)",
        "update": f"Change a {label} (If-Match or version; 202 when proposed)",
        "archive": f"Archive a {label} (soft delete, restorable)",
        "restore": f"Restore a {label}",
        "history": f"What happened to a {label}, newest first",
    }

    def route(
        method: str, path: str, verb: str, response: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Ninja's decorator for one of the type's verbs, under its stable operation id."""
        return router.api_operation(
            [method],
            path,
            response=response,
            operation_id=f"{spec.name}_{verb}",
            tags=tags,
            summary=summaries.get(verb),
        )

    @route("GET", base, "list", list[out])
    def list_records(
        request: HttpRequest, product_key: str, filters: QueryParams[filters_schema]
    ) -> list[dict[str, Any]]:
        access = access_of(request, product_key)
        rows = filters.narrow(rows_of(access, spec)).order_by(*spec.api.ordering)  # type: ignore[union-attr]
        page = rows[filters.offset : filters.offset + filters.limit]
        return [answer_of(request, access, spec, r) for r in page]

    @route("POST", base, "create", {201: out, 202: ProposalOut})
    def create_record(
        request: HttpRequest, response: HttpResponse, product_key: str, payload: body
    ) -> Status[dict[str, Any]]:
        access = access_of(request, product_key)
        outcome = writes.record_create(
            access=access, kind=spec, fields=payload.model_dump(exclude_unset=True)
        )
        return answer(access, spec, response, outcome, 201, request)

    @route("GET", one, "get", out)
    def get_record(
        request: HttpRequest, response: HttpResponse, product_key: str, record_id: int
    ) -> dict[str, Any]:
        access = access_of(request, product_key)
        record = one_of(access, spec, record_id)
        etag(response, record)
        return answer_of(request, access, spec, record)

    @route("PATCH", one, "update", {200: out, 202: ProposalOut})
    def update_record(
        request: HttpRequest,
        response: HttpResponse,
        product_key: str,
        record_id: int,
        payload: patch,
    ) -> Status[dict[str, Any]]:
        access = access_of(request, product_key)
        outcome = writes.record_update(
            access=access,
            kind=spec,
            record_id=record_id,
            changes=payload.model_dump(exclude_unset=True, exclude={"version"}),
            expected_version=expected_version(request, payload.version),
        )
        return answer(access, spec, response, outcome, request=request)

    def lifecycle(
        write: Callable[..., writes.Outcome], request: HttpRequest, product_key: str, record_id: int
    ) -> tuple[ProductAccess, writes.Outcome]:
        """Archive or restore, from the version the caller names (If-Match)."""
        access = access_of(request, product_key)
        outcome = write(
            access=access, kind=spec, record_id=record_id, expected_version=named_version(request)
        )
        return access, outcome

    @route("DELETE", one, "archive", {204: None, 202: ProposalOut})
    def archive_record(
        request: HttpRequest, product_key: str, record_id: int
    ) -> Status[dict[str, Any] | None]:
        _, outcome = lifecycle(writes.record_archive, request, product_key, record_id)
        if outcome.proposal is not None:
            return Status(202, proposal_out(outcome.proposal))
        return Status(204, None)

    @route("POST", f"{one}/restore", "restore", {200: out, 202: ProposalOut})
    def restore_record(
        request: HttpRequest, response: HttpResponse, product_key: str, record_id: int
    ) -> Status[dict[str, Any]]:
        access, outcome = lifecycle(writes.record_restore, request, product_key, record_id)
        return answer(access, spec, response, outcome, request=request)

    @route("GET", f"{one}/history", "history", list[EventOut])
    def record_history(
        request: HttpRequest,
        product_key: str,
        record_id: int,
        limit: int = params.Query(200, ge=1, le=500),
    ) -> list[EventOut]:
        access = access_of(request, product_key)
        writes.find(spec, access, record_id)
        events = events_for(access=access, object_type=spec.name, object_id=record_id)
        return [event_out(e) for e in events[:limit]]


def records_router() -> Router:
    """Every registered type's plain routes and the queue (built once the apps are ready)."""
    router = Router()
    for spec in all_types():
        if spec.api is not None and spec.schema is not None:
            add_record_routes(router, spec)
    add_proposal_routes(router)
    return router
