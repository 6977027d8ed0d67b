"""The test-plan API: cases from acceptance criteria, edits, and runs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from tandem.backlog import selectors as backlog_selectors
from tandem.backlog.models import Item
from tandem.delivery import selectors, services
from tandem.delivery.models import TestCase, TestRun
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.http import access_of
from tandem.workspace.schemas import BodyIn

from ._common import expected_version, set_etag

router = Router(tags=["test plans"])


class CaseOut(Schema):
    id: int
    title: str
    steps: str
    expected: str
    criterion_id: int | None
    last_outcome: str | None = Field(description="passed, failed, or null when never run")
    archived: bool
    version: int


class ResultOut(Schema):
    case_id: int
    outcome: str
    note: str


class RunOut(Schema):
    id: int
    run_by: str | None
    run_at: dt.datetime
    notes: str
    results: list[ResultOut]


class TestPlanOut(Schema):
    item: str
    cases: list[CaseOut]
    passed: int
    failed: int
    unrun: int
    runs: list[RunOut]


class CaseIn(BodyIn):
    title: str
    steps: str = ""
    expected: str = ""


class CasePatchIn(BodyIn):
    title: str | None = None
    steps: str | None = None
    expected: str | None = None
    version: int | None = None


class ResultIn(BodyIn):
    case_id: int
    outcome: Literal["passed", "failed"]
    note: str = ""


class RunIn(BodyIn):
    results: list[ResultIn]
    notes: str = ""


def _item(request: HttpRequest, item_key: str) -> tuple[ProductAccess, Item]:
    return backlog_selectors.item_by_key(user=current_user(request), key=item_key)


def case_out(case: TestCase, last_outcome: str | None = None) -> dict[str, Any]:
    return {
        "id": case.pk,
        "title": case.title,
        "steps": case.steps,
        "expected": case.expected,
        "criterion_id": case.criterion_id,
        "last_outcome": last_outcome,
        "archived": case.archived_at is not None,
        "version": case.version,
    }


def _case_answer(case: TestCase) -> dict[str, Any]:
    """The case as it now stands, with the outcome of its latest run."""
    return case_out(case, selectors.latest_outcomes([case.pk]).get(case.pk))


def run_out(run: TestRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "run_by": run.run_by.email if run.run_by else None,
        "run_at": run.run_at,
        "notes": run.notes,
        "results": [
            {"case_id": r.case_id, "outcome": r.outcome, "note": r.note} for r in run.results.all()
        ],
    }


@router.get("/items/{item_key}/test-plan", response=TestPlanOut)
def get_plan(request: HttpRequest, item_key: str) -> dict[str, Any]:
    access, item = _item(request, item_key)
    plan = selectors.item_test_plan(access=access, item=item)
    return {
        "item": item.key,
        "cases": [case_out(c, c.last_outcome) for c in plan.cases],  # type: ignore[attr-defined]
        "passed": plan.summary.passed,
        "failed": plan.summary.failed,
        "unrun": plan.summary.unrun,
        "runs": [run_out(run) for run in plan.runs],
    }


@router.post(
    "/items/{item_key}/test-cases/generate",
    response={201: list[CaseOut]},
    summary="One test case per acceptance criterion that has none yet",
)
def generate_cases(request: HttpRequest, item_key: str) -> Status[list[dict[str, Any]]]:
    access, item = _item(request, item_key)
    created = services.cases_generate(access=access, item=item)
    return Status(201, [case_out(case) for case in created])


@router.post("/items/{item_key}/test-cases", response={201: CaseOut})
def create_case(
    request: HttpRequest, response: HttpResponse, item_key: str, payload: CaseIn
) -> Status[dict[str, Any]]:
    access, item = _item(request, item_key)
    case = services.case_create(access=access, item=item, fields=payload.dict())
    set_etag(response, case.version)
    return Status(201, case_out(case))


@router.patch(
    "/products/{product_key}/test-cases/{case_id}",
    response=CaseOut,
    summary="Edit a test case (needs If-Match or version)",
)
def patch_case(
    request: HttpRequest,
    response: HttpResponse,
    product_key: str,
    case_id: int,
    payload: CasePatchIn,
) -> dict[str, Any]:
    access = access_of(request, product_key)
    case = services.case_update(
        access=access,
        case_id=case_id,
        changes=payload.dict(exclude_unset=True, exclude={"version"}),
        expected_version=expected_version(request, payload.version),
    )
    set_etag(response, case.version)
    return _case_answer(case)


@router.delete("/products/{product_key}/test-cases/{case_id}", response={204: None})
def archive_case(request: HttpRequest, product_key: str, case_id: int) -> Status[None]:
    services.case_archive(access=access_of(request, product_key), case_id=case_id)
    return Status(204, None)


@router.post("/products/{product_key}/test-cases/{case_id}/restore", response=CaseOut)
def restore_case(request: HttpRequest, product_key: str, case_id: int) -> dict[str, Any]:
    case = services.case_restore(access=access_of(request, product_key), case_id=case_id)
    return _case_answer(case)


@router.post(
    "/items/{item_key}/test-runs",
    response={201: RunOut},
    summary="Record a run: passed or failed per case",
)
def record_run(request: HttpRequest, item_key: str, payload: RunIn) -> Status[dict[str, Any]]:
    access, item = _item(request, item_key)
    run = services.run_record(
        access=access,
        item=item,
        results={r.case_id: r.outcome for r in payload.results},
        case_notes={r.case_id: r.note for r in payload.results if r.note},
        notes=payload.notes,
    )
    return Status(201, run_out(run))
