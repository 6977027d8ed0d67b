"""The sprint review and the Product Owner's verdict on each done item."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.workspace.models import Product, User

from .revised import Revised
from .sprints import Sprint

__all__ = ["Acceptance", "SprintReview", "Verdict"]


class SprintReview(Revised):
    """What happened at a sprint's review: who came and what the stakeholders said."""

    sprint = models.OneToOneField(Sprint, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField(null=True, blank=True)
    attendees = models.ManyToManyField(User, blank=True, related_name="+")
    feedback = models.TextField(blank=True)  # the stakeholders' feedback, Markdown

    def __str__(self) -> str:
        return f"Review of {self.sprint}"


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Acceptance(models.Model):
    """One verdict on a done item; the log is kept, the latest verdict counts."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="acceptances")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="acceptances")
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="acceptances"
    )
    decision = models.CharField(max_length=8, choices=Verdict.choices)
    reason = models.TextField(blank=True)  # why it was rejected
    # Accepting with a failing or unrun test case needs a reason; it is kept here.
    override_reason = models.TextField(blank=True)
    open_cases = models.PositiveSmallIntegerField(default=0)  # failing or unrun at the time
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["product", "decided_at"], name="acceptance_by_product")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="rejected", reason=""),
                name="acceptance_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.decision}"
