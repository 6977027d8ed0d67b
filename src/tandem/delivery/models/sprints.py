"""Sprints and what they hold: the commitment and every scope change.

Also the records the team keeps while running a sprint: the board's WIP limits,
dependencies between items, blockers and impediments, and retrospectives.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.backlog.models import Item
from tandem.strategy.models import Decision
from tandem.workspace.models import Product, Team, Tracked, User

__all__ = [
    "BoardColumn",
    "CarryOver",
    "Dependency",
    "Impediment",
    "ImpedimentKind",
    "RetroAction",
    "RetroNote",
    "RetroNoteKind",
    "RetroVote",
    "Retrospective",
    "Sprint",
    "SprintItem",
    "SprintMember",
    "SprintState",
]


class SprintState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class CarryOver(models.TextChoices):
    """Where an unfinished item goes when its sprint closes."""

    BACKLOG = "backlog", "Top of the backlog"
    NEXT = "next", "Next sprint"


class Sprint(Tracked):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="sprints")
    # Set when the product has teams: each team runs its own sprints; None for a team-less one.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="sprints"
    )
    name = models.CharField(max_length=100)
    goal = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=8, choices=SprintState.choices, default=SprintState.PLANNED)
    capacity = models.PositiveIntegerField(null=True, blank=True)  # story points
    # Written when the sprint starts and closes; velocity and forecasts read these.
    committed_points = models.PositiveIntegerField(null=True, blank=True)
    completed_points = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # What closing proposes for each unfinished item; the PO may choose per item.
    carry_over = models.CharField(
        max_length=8, choices=CarryOver.choices, default=CarryOver.BACKLOG
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sprint_dates_in_order"
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(state="active", archived_at__isnull=True, team__isnull=True),
                name="sprint_one_active_per_product",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(state="active", archived_at__isnull=True, team__isnull=False),
                name="sprint_one_active_per_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SprintItem(models.Model):
    """An item's stay in a sprint: added (before or after the start) and maybe removed.

    Rows are never deleted, so the commitment at the start and every scope change
    afterwards stay readable for the burndown and for honest velocity.
    """

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sprint_entries")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    committed = models.BooleanField(default=False)  # in the sprint when it started
    points_at_start = models.PositiveSmallIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sprint", "item"],
                condition=Q(removed_at__isnull=True),
                name="sprint_item_once_live",
            ),
        ]
        indexes = [models.Index(fields=["item", "removed_at"], name="sprint_item_by_item")]

    def __str__(self) -> str:
        return f"{self.sprint_id}:{self.item_id}"


class SprintMember(models.Model):
    """One person's availability in a sprint: the points they usually finish, and days off."""

    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField(default=0)  # in a full sprint
    days_off = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sprint", "user"], name="sprint_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.sprint_id}"


class BoardColumn(models.Model):
    """A board column's settings; a column is a workflow status, so there is one per status."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="board_columns")
    status = models.CharField(max_length=12)
    wip_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "status"], name="board_column_once"),
        ]

    def __str__(self) -> str:
        return f"{self.status} ≤ {self.wip_limit}"


class Dependency(models.Model):
    """``item`` cannot start before ``blocked_by`` is done: the planner keeps this order."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="dependencies")
    blocked_by = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="dependents")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "blocked_by"], name="dependency_once"),
            models.CheckConstraint(
                condition=~Q(item=models.F("blocked_by")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} after {self.blocked_by_id}"


class ImpedimentKind(models.TextChoices):
    BLOCKER = "blocker", "Blocker"  # halts its items until resolved
    IMPEDIMENT = "impediment", "Impediment"  # slows the team; the sprint goes on


class Impediment(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="impediments")
    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="impediments"
    )
    kind = models.CharField(
        max_length=10, choices=ImpedimentKind.choices, default=ImpedimentKind.IMPEDIMENT
    )
    description = models.TextField()
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    items = models.ManyToManyField(Item, blank=True, related_name="impediments")
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["product", "resolved_at"],
                condition=Q(archived_at__isnull=True),
                name="impediment_open",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None and self.archived_at is None


class Retrospective(models.Model):
    sprint = models.OneToOneField(Sprint, on_delete=models.CASCADE, related_name="retrospective")
    held_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Retrospective of {self.sprint_id}"

    @property
    def title(self) -> str:
        return f"Retrospective of {self.sprint.name}"


class RetroNoteKind(models.TextChoices):
    WENT_WELL = "went_well", "Went well"
    TO_IMPROVE = "to_improve", "To improve"
    IDEA = "idea", "Ideas"


class RetroNote(models.Model):
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=RetroNoteKind.choices)
    text = models.TextField()
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.text[:60]


class RetroVote(models.Model):
    note = models.ForeignKey(RetroNote, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "voter"], name="retro_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} on {self.note_id}"


class RetroAction(models.Model):
    """An action the team agreed; its backlog task (label ``retro``) tracks whether it is done."""

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=200)
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(Item, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.text
