"""Tenants, people and their rights, API tokens and the audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    PRODUCT_MANAGER = "product_manager", "Product Manager"
    PRODUCT_OWNER = "product_owner", "Product Owner"
    TEAM_MEMBER = "team_member", "Team member"
    STAKEHOLDER = "stakeholder", "Stakeholder"
    VIEWER = "viewer", "Viewer"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Addresses are stored in lower case, so "Ada@Example.test" signs in as ada.
        return self.get(email=(username or "").strip().lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.email, self.name)


def display_name(email: str, name: str) -> str:
    """What pages call a person: their name, else the part of the address before the @."""
    return name or email.split("@")[0]


class Organization(models.Model):
    """The tenant: nothing is ever shared across organizations."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    # Loosen or tighten the default rights: {"role": {"action": "level"}}.
    rights_overrides = models.JSONField(default=dict, blank=True)
    currency = models.CharField(max_length=3, default="EUR")  # ISO 4217, for every amount shown
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


product_key_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,9}$", "A key is 2 to 10 capital letters or digits, starting with a letter."
)


class Product(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="products"
    )
    # Unique across the instance, like a Jira project key, so `DRN-42` names one item.
    key = models.CharField(max_length=10, unique=True, validators=[product_key_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    next_item_number = models.PositiveIntegerField(default=1)
    stale_after_days = models.PositiveSmallIntegerField(default=30)
    sprint_days = models.PositiveSmallIntegerField(default=14)  # a new sprint's length
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key} · {self.name}"


class Membership(models.Model):
    """One role of one person on one product; PM and PO together are two rows."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    reports_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.product.key} · {self.get_role_display()}"


class OrganizationMember(models.Model):
    """Someone who belongs to an organization; an administrator keeps its settings and products."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_members"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organizations")
    is_admin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="organization_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"


class Invitation(models.Model):
    """A role on a product offered to an e-mail address; the person accepts it by its link.

    Only a digest of the link's secret is stored. Inviting answers the same whether or
    not the address has an account, so nobody learns who uses Tandem elsewhere.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Role.choices)
    reports_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["product", "email"], name="invitation_product_email")]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} on {self.product.key}"


class ApiToken(models.Model):
    """A script's credential. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class Event(models.Model):
    """One audited write: who did what to which record, with before and after.

    A person's own account (their API tokens) belongs to no product: its events carry
    neither an organization nor a product.
    """

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    object_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id", "created_at"], name="event_object"),
            models.Index(fields=["product", "created_at"], name="event_product_time"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_type}:{self.object_id}"


class Tracked(models.Model):
    """What an editable record carries: a version, who made it, when, and a soft delete.

    ``tandem.workspace.records`` writes these the same way for every app."""

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Decided(models.Model):
    """Who accepted or declined a request, and when; both empty while it waits."""

    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Team(Tracked):
    """A group of a product's members who run their own sprints; most products have none."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)
    members = models.ManyToManyField(User, blank=True, related_name="teams")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="team_name_once_per_product",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Proposal(Decided):
    """A change asked for by someone whose level is *propose*; the decider accepts or declines.

    One table for every kind of record: ``record_type`` names the registered type and
    ``operation`` the registered way to carry it out. ``base_version`` is the record's
    version when proposed: a record changed since must be looked at again before the
    proposal is applied, never silently overwritten.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=40)
    record_id = models.BigIntegerField(null=True, blank=True)  # none for a proposed new record
    record_label = models.CharField(max_length=300, blank=True)
    operation = models.CharField(max_length=32)
    payload = models.JSONField(default=dict, blank=True)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # The proposed fields' values when proposed: a field someone changed since is a conflict,
    # a change to another field is not (the proposal merges with it).
    base_values = models.JSONField(default=dict, blank=True)
    # The row of the rights table whose decider answers; kept so the queue is one query.
    action = models.CharField(max_length=16)
    note = models.TextField(blank=True)  # why the proposer asks
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    reason = models.TextField(blank=True)  # the decider's answer, shown to the proposer

    class Meta:
        indexes = [
            models.Index(fields=["product", "status", "action"], name="workspace_proposal_queue"),
            models.Index(
                fields=["record_type", "record_id", "status"], name="workspace_proposal_record"
            ),
            models.Index(fields=["proposed_by", "created_at"], name="workspace_proposal_proposer"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.record_type} {self.record_label} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING


from .notifications.models import Notification, NotificationPreference, Watch  # noqa: E402, F401
