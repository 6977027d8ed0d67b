"""Insights records: who cares, who pays, what they said, what they asked for, how they rate us.

Integrity lives in constraints; behaviour lives in services.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.metrics.models import Metric
from tandem.strategy.models import Initiative
from tandem.workspace.models import Decided, Product, Tracked, User
from tandem.workspace.product_records import Authored

# --- stakeholders ------------------------------------------------------------------------


class StakeholderKind(models.TextChoices):
    INTERNAL = "internal", "Internal"
    EXTERNAL = "external", "External"


class Quadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", "Manage closely"
    KEEP_SATISFIED = "keep_satisfied", "Keep satisfied"
    KEEP_INFORMED = "keep_informed", "Keep informed"
    MONITOR = "monitor", "Monitor"


HIGH = 3  # on the 1–5 scales, 3 and above counts as high influence or interest


def quadrant_of(influence: int, interest: int) -> Quadrant:
    """Mendelow's power/interest grid."""
    if influence >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


class Stakeholder(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stakeholders")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    kind = models.CharField(
        max_length=8, choices=StakeholderKind.choices, default=StakeholderKind.INTERNAL
    )
    role = models.CharField(max_length=100, blank=True)
    team = models.CharField(max_length=100, blank=True)
    influence = models.PositiveSmallIntegerField(default=3)
    interest = models.PositiveSmallIntegerField(default=3)
    notes = models.TextField(blank=True)
    followed_items = models.ManyToManyField(Item, blank=True, related_name="+")
    followed_initiatives = models.ManyToManyField(Initiative, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="stakeholder_influence_range"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5), name="stakeholder_interest_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> Quadrant:
        return quadrant_of(self.influence, self.interest)


# --- customers ---------------------------------------------------------------------------


class CustomerStatus(models.TextChoices):
    TRIAL = "trial", "Trial"
    ACTIVE = "active", "Active"
    AT_RISK = "at_risk", "At risk"
    CHURNED = "churned", "Churned"


class Customer(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="customers")
    name = models.CharField(max_length=200)
    segment = models.CharField(max_length=100, blank=True)
    plan = models.CharField(max_length=100, blank=True)
    # Room for the input policy's largest amount of money (fields.MONEY_MAX) and its cents.
    mrr = models.DecimalField(max_digits=15, decimal_places=2, default=Decimal("0"))
    status = models.CharField(
        max_length=8, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(mrr__gte=0), name="customer_mrr_not_negative"),
        ]
        indexes = [models.Index(fields=["product", "name"], name="customer_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def arr(self) -> Decimal:
        return self.mrr * 12


class CustomerPerson(Tracked):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


# --- feedback ----------------------------------------------------------------------------


class Source(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    SUPPORT = "support", "Support"
    SALES = "sales", "Sales"
    SURVEY = "survey", "Survey"
    APP_REVIEW = "app_review", "App review"
    OTHER = "other", "Other"


class FeedbackKind(models.TextChoices):
    BUG = "bug", "Bug"
    FEATURE = "feature", "Feature request"
    USABILITY = "usability", "Usability"
    PRAISE = "praise", "Praise"
    QUESTION = "question", "Question"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class FeedbackState(models.TextChoices):
    NEW = "new", "New"  # in the inbox
    TRIAGED = "triaged", "Triaged"
    DUPLICATE = "duplicate", "Duplicate"


class Feedback(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="feedback")
    text = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OTHER)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    person = models.ForeignKey(
        CustomerPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    received_on = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=10, choices=FeedbackKind.choices, blank=True)
    sentiment = models.CharField(max_length=8, choices=Sentiment.choices, blank=True)
    state = models.CharField(max_length=9, choices=FeedbackState.choices, default=FeedbackState.NEW)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["product", "state", "received_on"],
                condition=Q(archived_at__isnull=True),
                name="feedback_inbox",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= 140 else f"{self.text[:139]}…"


class Importance(models.IntegerChoices):
    NICE = 1, "Nice to have"
    IMPORTANT = 2, "Important"
    CRITICAL = 3, "Critical"


class FeedbackLink(Authored):
    """Feedback that argues for an item or an initiative, and how much it matters to them."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_links"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_links"
    )
    importance = models.PositiveSmallIntegerField(
        choices=Importance.choices, default=Importance.IMPORTANT
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(initiative__isnull=True))
                | (Q(item__isnull=True) & Q(initiative__isnull=False)),
                name="feedback_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["feedback", "item"],
                condition=Q(item__isnull=False),
                name="feedback_link_unique_item",
            ),
            models.UniqueConstraint(
                fields=["feedback", "initiative"],
                condition=Q(initiative__isnull=False),
                name="feedback_link_unique_initiative",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback {self.feedback_id} → {self.item_id or self.initiative_id}"


# --- ideas -------------------------------------------------------------------------------


class IdeaStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Idea(Tracked, Decided):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=IdeaStatus.choices, default=IdeaStatus.PROPOSED)
    decline_reason = models.TextField(blank=True)
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voters = models.ManyToManyField(User, through="IdeaVote", related_name="+")

    def __str__(self) -> str:
        return self.title


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_vote_once"),
        ]

    def __str__(self) -> str:
        return f"vote on idea {self.idea_id}"


# --- prioritization by evidence ----------------------------------------------------------


class EvidenceWeights(models.Model):
    """The Product Owner's weights for ranking the backlog by evidence, one row per product."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="evidence_weights"
    )
    weights = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"evidence weights of product {self.product_id}"


# --- surveys -----------------------------------------------------------------------------


class Survey(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    # The public link's secret part; unguessable, so the link itself is the invitation.
    public_key = models.CharField(max_length=43, unique=True)
    is_open = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    NPS = "nps", "NPS (0–10)"
    CSAT = "csat", "CSAT (1–5)"
    CHOICE = "choice", "Multiple choice"
    TEXT = "text", "Free text"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=6, choices=QuestionKind.choices)
    prompt = models.CharField(max_length=300)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)
    # An NPS or CSAT question may feed a metric of its kind: a value per month.
    metric = models.ForeignKey(
        Metric, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose right to record the metric's values the monthly values are written under.
    metric_bound_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.prompt


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The respondent token's nonce: unique, so a token answers once and a replay is refused.
    respondent = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(default=timezone.now)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="survey_response_once_per_token"
            ),
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="response_time")]

    def __str__(self) -> str:
        return f"response {self.pk} to survey {self.survey_id}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"answer to question {self.question_id}"
