"""Test planning: cases drawn from acceptance criteria, and runs that record each result."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.backlog.models import AcceptanceCriterion, Item
from tandem.workspace.models import Tracked, User

__all__ = ["Outcome", "TestCase", "TestResult", "TestRun"]


class TestCase(Tracked):
    __test__ = False  # a model, not something for pytest to collect

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="test_cases")
    criterion = models.ForeignKey(
        AcceptanceCriterion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="test_cases",
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    steps = models.TextField(blank=True)
    expected = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion"],
                condition=Q(archived_at__isnull=True, criterion__isnull=False),
                name="test_case_one_live_per_criterion",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TestRun(models.Model):
    """One pass through an item's cases: who ran them, when, and a note."""

    __test__ = False

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="test_runs")
    run_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    run_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["item", "run_at"], name="test_run_by_item")]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.item_id}"


class Outcome(models.TextChoices):
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"


class TestResult(models.Model):
    __test__ = False

    run = models.ForeignKey(TestRun, on_delete=models.CASCADE, related_name="results")
    case = models.ForeignKey(TestCase, on_delete=models.CASCADE, related_name="results")
    outcome = models.CharField(max_length=6, choices=Outcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "case"], name="test_result_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome}"
