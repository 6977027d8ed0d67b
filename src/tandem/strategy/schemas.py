"""The strategy API's typed shapes, built from the record kinds so they never drift."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from tandem.workspace.schemas import BodyIn

from .kinds import (
    CHOICE,
    DATE,
    INT,
    KINDS,
    LONG,
    MONEY,
    MONTH,
    NUMBER,
    PERSON,
    RATINGS,
    REF,
    REFS,
    TEXT,
    Kind,
    snapshot,
)
from .models import StrategyProposal

_TYPES: dict[str, Any] = {
    TEXT: str,
    LONG: str,
    CHOICE: str,
    DATE: dt.date,
    MONTH: str,
    INT: int,
    NUMBER: float,
    MONEY: str,
    REF: int,
    REFS: list[int],
    PERSON: str,
    RATINGS: dict[str, str],
}


def _name(kind: Kind) -> str:
    return "".join(part.capitalize() for part in kind.name.split("_"))


def _in_schema(kind: Kind) -> type[Schema]:
    fields: dict[str, Any] = {
        f.name: (
            (Decimal if f.type == MONEY else _TYPES[f.type]) | None,
            Field(None, description=f.help or f.label),
        )
        for f in kind.fields
    }
    fields["version"] = (
        int | None,
        Field(None, description="The version you read; or send it as `If-Match`."),
    )
    return create_model(f"{_name(kind)}In", __base__=BodyIn, **fields)


def _out_schema(kind: Kind) -> type[Schema]:
    fields: dict[str, Any] = {
        "id": (int, ...),
        "version": (int, ...),
        "archived": (bool, ...),
        "created_at": (dt.datetime, ...),
        "updated_at": (dt.datetime, ...),
    }
    for f in kind.fields:
        out_type = str if f.type in (DATE, MONTH) else _TYPES[f.type]
        fields[f.name] = (out_type | None, None)
    if kind.name == "decision":
        fields |= {
            "status": (str, ...),
            "decided_by": (str | None, None),
            "escalated_by": (str | None, None),
        }
    if kind.name == "initiative":
        fields["rank"] = (str, ...)
    if kind.name == "key_result":
        fields["current"] = (float | None, None)
    return create_model(f"{_name(kind)}Out", __base__=Schema, **fields)


IN_SCHEMAS: dict[str, type[Schema]] = {name: _in_schema(kind) for name, kind in KINDS.items()}
OUT_SCHEMAS: dict[str, type[Schema]] = {name: _out_schema(kind) for name, kind in KINDS.items()}


def record_out(kind: Kind, record: Any) -> dict[str, Any]:
    data = snapshot(kind, record) | {
        "id": record.pk,
        "version": record.version,
        "archived": record.archived_at is not None,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
    if kind.name == "decision":
        data |= {
            "status": record.status,
            "decided_by": record.decided_by.email if record.decided_by else None,
            "escalated_by": record.escalated_by.email if record.escalated_by else None,
        }
    if kind.name == "initiative":
        data["rank"] = record.rank
    if kind.name == "key_result":
        data["current"] = record.current
    return data


class ProposalOut(Schema):
    id: int
    kind: str
    operation: str
    record_id: int | None
    record_label: str
    record_version: int | None
    payload: dict[str, Any]
    status: str
    proposed_by: str | None
    created_at: dt.datetime
    reason: str


def proposal_out(p: StrategyProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "operation": p.operation,
        "record_id": p.record_id,
        "record_label": p.record_label,
        "record_version": p.record_version,
        "payload": p.payload,
        "status": p.status,
        "proposed_by": p.proposed_by.email if p.proposed_by else None,
        "created_at": p.created_at,
        "reason": p.reason,
    }


class MoveIn(BodyIn):
    horizon: str = Field(..., description="now, next or later")
    before: int | None = Field(None, description="Put it just above this initiative")
    after: int | None = Field(None, description="Put it just below this initiative")
    version: int | None = None


class CheckInIn(BodyIn):
    value: float
    note: str = ""
    checked_on: dt.date | None = None


class EscalateIn(BodyIn):
    title: str
    context: str = ""
    options: str = ""


class DecideIn(BodyIn):
    outcome: str
    level: str | None = None
    version: int | None = None


class DeclineIn(BodyIn):
    reason: str = ""


class ShareIn(BodyIn):
    label: str = ""


class ShareOut(Schema):
    id: int
    label: str
    token: str
    created_at: dt.datetime
    revoked: bool


class AlignmentOut(Schema):
    total_points: int
    traced_points: int
    traced_percent: int | None
    orphans: list[str]
    orphan_count: int
    objectives_without_initiatives: list[int]
    initiatives_without_work: list[int]


class InitiativeProgressOut(Schema):
    id: int
    title: str
    horizon: str
    rank: str
    done_points: int
    total_points: int


class CostRowOut(Schema):
    initiative: int
    title: str
    budget: str | None
    planned: str
    actual: str
    variance: str
    over_budget: bool
