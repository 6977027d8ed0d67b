"""Backlog records. Integrity lives in constraints; behaviour lives in services."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.strategy.models import Initiative
from tandem.workspace.models import Product, Tracked, User


class Kind(models.TextChoices):
    EPIC = "epic", "Epic"
    STORY = "story", "Story"
    TASK = "task", "Task"
    BUG = "bug", "Bug"
    SPIKE = "spike", "Spike"
    SUBTASK = "subtask", "Sub-task"


class Status(models.TextChoices):
    NEW = "new", "New"
    READY = "ready", "Ready"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    ACCEPTED = "accepted", "Accepted"


class MoSCoW(models.TextChoices):
    MUST = "must", "Must have"
    SHOULD = "should", "Should have"
    COULD = "could", "Could have"
    WONT = "wont", "Won't have"


class Label(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="label_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORY)
    title = models.CharField(max_length=200)
    as_a = models.CharField(max_length=200, blank=True)
    i_want = models.TextField(blank=True)
    so_that = models.TextField(blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    rank = models.CharField(max_length=64)
    estimate = models.PositiveSmallIntegerField(null=True, blank=True)
    labels = models.ManyToManyField(Label, blank=True, related_name="items")
    assignee = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_items"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # The roadmap item this work serves; set on epics, a story inherits its epic's.
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    # Prioritization inputs (see tandem.core.scoring) and the scores derived from them,
    # stored so the backlog can sort and filter by any score in the database.
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    reach = models.PositiveIntegerField(null=True, blank=True)
    impact = models.FloatField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    rice_effort = models.FloatField(null=True, blank=True)
    business_value = models.PositiveSmallIntegerField(null=True, blank=True)
    time_criticality = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_reduction = models.PositiveSmallIntegerField(null=True, blank=True)
    job_size = models.PositiveSmallIntegerField(null=True, blank=True)
    moscow = models.CharField(max_length=6, choices=MoSCoW.choices, blank=True)
    rice_score = models.FloatField(null=True, blank=True)
    wsjf_score = models.FloatField(null=True, blank=True)
    value_effort_score = models.FloatField(null=True, blank=True)
    is_ready = models.BooleanField(default=False)
    criteria_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="item_unique_number"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=10),
                name="item_value_range",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=10),
                name="item_effort_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__lte=100),
                name="item_confidence_range",
            ),
        ]
        indexes = [
            # The backlog's first page: live items of a product in rank order.
            models.Index(
                fields=["product", "rank", "id"],
                condition=Q(archived_at__isnull=True),
                name="item_live_rank",
            ),
            models.Index(
                fields=["product", "status", "rank"],
                condition=Q(archived_at__isnull=True),
                name="item_live_status_rank",
            ),
            # Epic menus and the kind filter: a product's epics without scanning its stories.
            models.Index(
                fields=["product", "kind", "rank"],
                condition=Q(archived_at__isnull=True),
                name="item_live_kind_rank",
            ),
            # Neighbour look-ups of a move span archived rows too, so keys never collide.
            models.Index(fields=["product", "rank"], name="item_rank"),
            models.Index(fields=["product", "updated_at"], name="item_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    @property
    def key(self) -> str:
        return f"{self.product.key}-{self.number}"

    @property
    def label_names(self) -> list[str]:
        """Label names in order; lists prefetch ``labels`` so this asks no query."""
        return sorted(label.name for label in self.labels.all())


class ItemRevision(models.Model):
    """Which audit event made which version of an item.

    Events do not carry the item's version; this ledger does, so a stale edit can read
    what changed between the version it was made from and the current one, and merge.
    A version without a row (an import) is treated as unknown: a real conflict.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    event = models.ForeignKey(
        "workspace.Event", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="item_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class AcceptanceCriterion(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    given = models.TextField(blank=True)
    when = models.TextField(blank=True)
    then = models.TextField(blank=True)
    is_met = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        if self.given or self.when or self.then:
            return f"Given {self.given}, when {self.when}, then {self.then}"
        return self.text


class Comment(models.Model):
    """A question from the team, the PO's answer (``reply_to``), or a note."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    is_question = models.BooleanField(default=False)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class LinkKind(models.TextChoices):
    MOCKUP = "mockup", "Mockup"
    DOCUMENT = "document", "Document"
    OTHER = "other", "Other"


class Link(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=LinkKind.choices, default=LinkKind.DOCUMENT)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title or self.url


class WorkRollup(models.Model):
    """Live non-epic items summed per (own initiative, parent epic), 0 standing for none.

    Kept by database triggers on ``backlog_item`` (migration 0007), so every
    writer — services, bulk updates, seeding, imports — keeps it in step in its
    own transaction; ``tandem recompute`` rebuilds it from the items. The
    roadmap reads a product's work from these rows (about one per epic) rather
    than from its items.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    initiative_key = models.BigIntegerField(default=0)
    parent_key = models.BigIntegerField(default=0)
    items = models.BigIntegerField(default=0)
    stories = models.BigIntegerField(default=0)
    points = models.BigIntegerField(default=0)
    done_points = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "initiative_key", "parent_key"], name="work_rollup_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"work of initiative {self.initiative_key}, epic {self.parent_key}"


class HealthRollup(models.Model):
    """Open live items counted per day of their last change (UTC), kept like ``WorkRollup``.

    A day's bucket lets "stale" (untouched for N days) be summed from the
    buckets before the cutoff day plus the items of that one day.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    updated_on = models.DateField()
    open_items = models.BigIntegerField(default=0)
    not_ready = models.BigIntegerField(default=0)
    unestimated = models.BigIntegerField(default=0)
    unscored = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "updated_on"], name="health_rollup_unique"),
        ]

    def __str__(self) -> str:
        return f"open items last changed on {self.updated_on}"


# The story map's rows live in their own package; importing them here registers them.
from tandem.backlog.story_map.models import (  # noqa: E402, F401
    MapActivity,
    MapPlacement,
    MapSlice,
    MapStep,
)

from .saved_models import SavedView as SavedView  # noqa: E402  (saved backlog views)
