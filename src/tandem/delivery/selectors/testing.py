"""Reads of test plans: each case's latest outcome, and the runs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tandem.backlog.models import Item
from tandem.delivery.models import Outcome, TestCase, TestResult, TestRun
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound

__all__ = [
    "CaseSummary",
    "TestPlan",
    "case_summaries",
    "item_test_plan",
    "latest_outcomes",
    "open_test_cases",
]


def latest_outcomes(case_ids: Iterable[int]) -> dict[int, str]:
    """Each case's outcome in the last run that tested it; unrun cases are absent."""
    latest: dict[int, str] = {}
    results = (
        TestResult.objects.filter(case_id__in=list(case_ids))
        .order_by("run__run_at", "run_id")
        .values_list("case_id", "outcome")
    )
    for case_id, outcome in results:
        latest[case_id] = outcome
    return latest


def open_test_cases(*, item_id: int) -> list[TestCase]:
    """Live cases of an item whose last result is not a pass (failing or never run)."""
    cases = list(TestCase.objects.filter(item_id=item_id, archived_at__isnull=True))
    outcomes = latest_outcomes(case.pk for case in cases)
    return [case for case in cases if outcomes.get(case.pk) != Outcome.PASSED]


@dataclass(frozen=True)
class CaseSummary:
    total: int = 0
    passed: int = 0
    failed: int = 0

    @property
    def unrun(self) -> int:
        return self.total - self.passed - self.failed

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total

    @property
    def open(self) -> int:
        return self.total - self.passed


def case_summaries(item_ids: Iterable[int]) -> dict[int, CaseSummary]:
    """Passed / failed / unrun counts of live cases per item, in two queries."""
    cases = list(
        TestCase.objects.filter(item_id__in=list(item_ids), archived_at__isnull=True).values_list(
            "pk", "item_id"
        )
    )
    outcomes = latest_outcomes(pk for pk, _ in cases)
    counts: dict[int, list[int]] = {}
    for pk, item_id in cases:
        row = counts.setdefault(item_id, [0, 0, 0])
        row[0] += 1
        if outcomes.get(pk) == Outcome.PASSED:
            row[1] += 1
        elif outcomes.get(pk) == Outcome.FAILED:
            row[2] += 1
    return {item_id: CaseSummary(*row) for item_id, row in counts.items()}


@dataclass
class TestPlan:
    __test__ = False

    item: Item
    cases: list[TestCase]
    archived: list[TestCase]
    runs: list[TestRun]
    summary: CaseSummary = field(default_factory=CaseSummary)


def item_test_plan(*, access: ProductAccess, item: Item, recent_runs: int = 10) -> TestPlan:
    """An item's cases (each with ``last_outcome``) and its most recent runs."""
    if item.product_id != access.product.pk:
        raise NotFound("No such item.")
    every = list(TestCase.objects.filter(item=item).select_related("criterion"))
    outcomes = latest_outcomes(case.pk for case in every)
    for case in every:
        case.last_outcome = outcomes.get(case.pk)  # type: ignore[attr-defined]
    cases = [case for case in every if case.archived_at is None]
    runs = list(
        TestRun.objects.filter(item=item)
        .select_related("run_by")
        .prefetch_related("results")
        .order_by("-run_at", "-id")[:recent_runs]
    )
    passed = sum(1 for c in cases if outcomes.get(c.pk) == Outcome.PASSED)
    failed = sum(1 for c in cases if outcomes.get(c.pk) == Outcome.FAILED)
    return TestPlan(
        item=item,
        cases=cases,
        archived=[case for case in every if case.archived_at is not None],
        runs=runs,
        summary=CaseSummary(total=len(cases), passed=passed, failed=failed),
    )
