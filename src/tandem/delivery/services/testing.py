"""Test planning: cases drawn from acceptance criteria, edited by the team, and runs.

Writing and running tests is the team's work (the rights table's *work* row):
the team, the PO and the PM edit; stakeholders and viewers read.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.delivery.models import Outcome, TestCase, TestResult, TestRun
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.records import check_version
from tandem.workspace.rights import Action, Level

from ._common import clean_text, raise_if
from .release_common import bump, locked, refuse_archived, toggle_archived

__all__ = [
    "case_archive",
    "case_create",
    "case_restore",
    "case_snapshot",
    "case_update",
    "cases_generate",
    "run_record",
]

CASE_FIELDS = frozenset({"title", "steps", "expected"})


def case_snapshot(case: TestCase) -> dict[str, Any]:
    return {"title": case.title, "steps": case.steps, "expected": case.expected}


def _live_item(access: ProductAccess, item: Item) -> Item:
    if item.product_id != access.product.pk:
        raise NotFound("No such item.")
    if item.archived_at is not None:
        raise ValidationFailed({"item": f"{item.key} is archived; restore it first"})
    return item


def _next_position(item: Item) -> int:
    last = TestCase.objects.filter(item=item).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _event(access: ProductAccess, item: Item, verb: str, **data: Any) -> None:
    caller_event(access, verb, item.pk, str(item), object_type="item", **data)


@transaction.atomic
def cases_generate(*, access: ProductAccess, item: Item) -> list[TestCase]:
    """One case per live acceptance criterion that has none yet; existing cases stay."""
    access.require(Action.WORK, Level.EDIT)
    item = _live_item(access, item)
    covered = set(
        TestCase.objects.filter(item=item, archived_at__isnull=True).values_list(
            "criterion_id", flat=True
        )
    )
    position = _next_position(item)
    created = []
    now = timezone.now()
    for criterion in item.criteria.filter(archived_at__isnull=True):
        if criterion.pk in covered:
            continue
        given_when = criterion.given or criterion.when
        created.append(
            TestCase(
                item=item,
                criterion=criterion,
                position=position,
                title=criterion.summary[:300],
                steps=(f"Given {criterion.given}\nWhen {criterion.when}" if given_when else ""),
                expected=criterion.then or criterion.text,
                created_by=access.user,
                created_at=now,
                updated_at=now,
            )
        )
        position += 1
    TestCase.objects.bulk_create(created)
    if created:
        _event(access, item, "test_cases.generated", after={"cases": [c.title for c in created]})
    return created


def _clean(fields: Mapping[str, Any], *, creating: bool) -> dict[str, str]:
    unknown = set(fields) - CASE_FIELDS
    errors = dict.fromkeys(sorted(unknown), "is not a field of a test case")
    clean: dict[str, str] = {}
    if creating or "title" in fields:
        clean["title"] = clean_text(errors, "title", fields.get("title"), limit=300, required=True)
    for field in ("steps", "expected"):
        if field in fields:
            clean[field] = clean_text(errors, field, fields[field], limit=5000)
    raise_if(errors)
    return clean


@transaction.atomic
def case_create(*, access: ProductAccess, item: Item, fields: Mapping[str, Any]) -> TestCase:
    access.require(Action.WORK, Level.EDIT)
    item = _live_item(access, item)
    clean = _clean(fields, creating=True)
    now = timezone.now()
    case = TestCase.objects.create(
        item=item,
        position=_next_position(item),
        created_by=access.user,
        created_at=now,
        updated_at=now,
        **clean,
    )
    _event(access, item, "test_case.created", after=case_snapshot(case))
    return case


def _locked_case(access: ProductAccess, case_id: int) -> TestCase:
    cases = TestCase.objects.select_related("item__product").filter(item__product=access.product)
    return locked(cases, case_id, "test case")


@transaction.atomic
def case_update(
    *,
    access: ProductAccess,
    case_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> TestCase:
    access.require(Action.WORK, Level.EDIT)
    case = _locked_case(access, case_id)
    check_version(case, expected_version, case_snapshot, label=f"Test case {case.title!r}")
    refuse_archived(case, "case", "this test case")
    clean = _clean(changes, creating=False)
    before = case_snapshot(case)
    for field, value in clean.items():
        setattr(case, field, value)
    bump(case)
    _event(access, case.item, "test_case.updated", before=before, after=case_snapshot(case))
    return case


@transaction.atomic
def _set_archived(*, access: ProductAccess, case_id: int, archived: bool) -> TestCase:
    """Soft delete or restore: archived, the case and its results stay readable."""
    access.require(Action.WORK, Level.EDIT)
    case = _locked_case(access, case_id)
    twin = TestCase.objects.filter(criterion_id=case.criterion_id, archived_at__isnull=True)
    if not archived and case.is_archived and case.criterion_id is not None and twin.exists():
        # The criterion got a new case meanwhile; the restored one stands on its own.
        case.criterion = None
    if toggle_archived(case, archived):
        verb = "test_case.archived" if archived else "test_case.restored"
        _event(access, case.item, verb, after={"title": case.title})
    return case


case_archive = partial(_set_archived, archived=True)
case_restore = partial(_set_archived, archived=False)


@transaction.atomic
def run_record(
    *,
    access: ProductAccess,
    item: Item,
    results: Mapping[int, str],
    notes: str = "",
    case_notes: Mapping[int, str] | None = None,
) -> TestRun:
    """Record one run: ``results`` maps each tested case's id to passed or failed.

    A case left out of a run keeps the result of its last run (or none).
    """
    access.require(Action.WORK, Level.EDIT)
    item = _live_item(access, item)
    errors: dict[str, str] = {}
    note = clean_text(errors, "notes", notes, limit=5000)
    live = set(
        TestCase.objects.filter(item=item, archived_at__isnull=True).values_list("pk", flat=True)
    )
    if not results:
        errors["results"] = "record a result for at least one test case"
    for case_id, outcome in results.items():
        if case_id not in live:
            errors[f"results.{case_id}"] = f"is not a live test case of {item.key}"
        elif outcome not in Outcome.values:
            errors[f"results.{case_id}"] = f"must be one of: {', '.join(Outcome.values)}"
    raise_if(errors)
    run = TestRun.objects.create(item=item, run_by=access.user, notes=note)
    TestResult.objects.bulk_create(
        TestResult(
            run=run,
            case_id=case_id,
            outcome=outcome,
            note=str((case_notes or {}).get(case_id, ""))[:2000],
        )
        for case_id, outcome in results.items()
    )
    failed = sum(1 for outcome in results.values() if outcome == Outcome.FAILED)
    _event(
        access,
        item,
        "test_run.recorded",
        after={"run": run.pk, "passed": len(results) - failed, "failed": failed},
    )
    return run
