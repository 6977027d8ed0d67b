"""The Product Manager's records. The rest of the strategy records join these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.metrics.models import Metric
from tandem.workspace.live_constraints import unique_while_live
from tandem.workspace.models import Product, Tracked, User
from tandem.workspace.product_records import Authored, ProductRecord


class Horizon(models.TextChoices):
    NOW = "now", "Now"
    NEXT = "next", "Next"
    LATER = "later", "Later"


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Objective(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class Initiative(Tracked):
    """A roadmap item: the problem, the outcome hoped for, and where it sits in time."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(max_length=200)
    problem = models.TextField(blank=True)
    expected_outcome = models.TextField(blank=True)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="initiatives")
    horizon = models.CharField(max_length=5, choices=Horizon.choices, default=Horizon.LATER)
    rank = models.CharField(max_length=64, default="")  # order within a horizon column
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.PROPOSED
    )
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_initiatives"
    )
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # The PM's estimate of what the initiative brings in (revenue gained or cost saved):
    # an estimate, set against measured costs to give an estimated ROI.
    benefit_estimate = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class DecisionLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    TACTICAL = "tactical", "Tactical"


class DecisionStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    DECIDED = "decided", "Decided"


class Decision(Tracked):
    """A line of the decision log; an open one escalated to the PM is in the PM's queue."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(max_length=200)
    context = models.TextField(blank=True)
    options = models.TextField(blank=True)  # the options considered, one per line
    outcome = models.TextField(blank=True)
    level = models.CharField(
        max_length=10, choices=DecisionLevel.choices, default=DecisionLevel.TACTICAL
    )
    status = models.CharField(
        max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.DECIDED
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    escalated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    evidence = models.TextField(blank=True)  # links to research, data, feedback; one per line
    item_keys = models.CharField(max_length=500, blank=True)  # backlog items, e.g. "DRN-4 DRN-9"
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )

    def __str__(self) -> str:
        return self.title


class Vision(ProductRecord):
    """The product vision board: one live board per product, its edits kept as history."""

    statement = models.TextField(blank=True)
    target_group = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    offering = models.TextField(blank=True)  # the product: what it is, what sets it apart
    business_goals = models.TextField(blank=True)

    class Meta:
        constraints = [unique_while_live("product", name="vision_one_live")]

    def __str__(self) -> str:
        return "Vision"


class KeyResult(ProductRecord):
    """A measurable result of an objective; bound to a metric, it follows its measurements."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, blank=True)
    baseline = models.FloatField(default=0)
    target = models.FloatField()
    current = models.FloatField(null=True, blank=True)  # the latest manual check-in
    metric = models.ForeignKey(
        Metric, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_results"
    )

    def __str__(self) -> str:
        return self.title


class CheckIn(Authored):
    """One manual reading of a key result; the newest sets its current value."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)
    checked_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.value} on {self.checked_on}"


class MarketNoteKind(models.TextChoices):
    TREND = "trend", "Trend"
    RESEARCH = "research", "Research"
    REGULATION = "regulation", "Regulation"
    CUSTOMER = "customer", "Customer insight"


class MarketNote(ProductRecord):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=MarketNoteKind.choices, default="trend")
    body = models.TextField(blank=True)
    sources = models.TextField(blank=True)  # one link or citation per line

    def __str__(self) -> str:
        return self.title


class Competitor(ProductRecord):
    name = models.CharField(max_length=120)
    website = models.CharField(max_length=300, blank=True)
    positioning = models.TextField(blank=True)
    pricing = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Support(models.TextChoices):
    HAVE = "have", "Have"
    PARTIAL = "partial", "Partial"
    MISSING = "missing", "Missing"
    PLANNED = "planned", "Planned"


class Capability(ProductRecord):
    """A row of the feature comparison matrix: our support and each competitor's."""

    name = models.CharField(max_length=120)
    ours = models.CharField(max_length=8, choices=Support.choices, default=Support.MISSING)
    ratings = models.JSONField(default=dict, blank=True)  # competitor id (str) -> Support
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="capabilities"
    )

    def __str__(self) -> str:
        return self.name


class CostCategory(models.TextChoices):
    PEOPLE = "people", "People"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    PARTS = "parts", "Parts"
    SUPPLIERS = "suppliers", "Suppliers"
    OTHER = "other", "Other"


class CostLine(ProductRecord):
    """Planned and actual cost of one initiative in one month, by category."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="cost_lines")
    category = models.CharField(max_length=14, choices=CostCategory.choices)
    period = models.DateField()  # the first day of the month
    description = models.CharField(max_length=200, blank=True)
    planned = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.get_category_display()} {self.period:%b %Y}"


class RoadmapShare(Authored):
    """A read-only link to the roadmap for people without an account.

    Only the SHA-256 of the link's secret is stored: the secret is shown once, to
    the person who made the link, and a copy of the database opens no roadmap.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=120, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.label or "Roadmap link"


# The go-to-market records live in their own module; importing it here registers them.
from . import gtm_models  # noqa: E402, F401


class RoadmapSetting(models.Model):
    """How a product's roadmap is read; the Product Manager sets it.

    When the horizon follows the dates, a dated initiative's now / next / later comes from
    its start and end (now: running today; next: starts within ``next_within_months``;
    later: after that) instead of the horizon someone picked.
    """

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="roadmap_setting"
    )
    horizon_follows_dates = models.BooleanField(default=False)
    next_within_months = models.PositiveSmallIntegerField(default=3)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(next_within_months__gte=1, next_within_months__lte=36),
                name="roadmap_setting_next_within_1_to_36_months",
            )
        ]

    def __str__(self) -> str:
        return f"Roadmap setting of {self.product_id}"
