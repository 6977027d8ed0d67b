"""Reads of sprints and what they hold, scoped to the caller's product.

Sprints, their content and availability live here; the planning proposal in
``planning``, the board, the charts, impediments and retrospectives in their own modules,
gathered here so ``tandem.delivery.selectors`` offers them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum

from tandem.backlog.models import Item
from tandem.core import sprint_charts
from tandem.delivery.models import (
    Release,
    ReleaseState,
    Sprint,
    SprintItem,
    SprintMember,
    SprintState,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Membership, Proposal, ProposalStatus, Role, User

from .board import BOARD_PAGE, BoardColumnPage, BoardFilters, board, board_column_page
from .impediments import (
    ItemSprintPanel,
    blocked_item_ids,
    impediment_of,
    impediments_of,
    item_is_blocked,
    item_sprint_panel,
)
from .retros import RetroView, retro_note_of, retro_view
from .sprint_base import ANY_TEAM, FINISHED, TeamScope, blocked, items_in_sprint, team_filter
from .sprint_charts import (
    VelocityView,
    burndown_of,
    cumulative_flow_of,
    sprint_charts_of,
    velocity_of,
)

__all__ = [
    "ANY_TEAM",
    "BOARD_PAGE",
    "BoardColumnPage",
    "BoardFilters",
    "RetroView",
    "TeamScope",
    "active_sprint",
    "active_sprints",
    "blocked_item_ids",
    "board",
    "board_column_page",
    "burndown_of",
    "cumulative_flow_of",
    "impediment_of",
    "impediments_of",
    "item_is_blocked",
    "item_sprint_panel",
    "planned_item_ids",
    "retro_view",
    "sprint_capacity_of",
    "sprint_charts_of",
    "sprint_choices",
    "sprint_entries",
    "sprint_of",
    "sprint_points",
    "sprint_points_of",
    "sprint_suggestion_of",
    "sprint_team_scope",
    "sprints_of",
    "suggestions_of",
    "velocity_of",
]


def planned_item_ids(*, access: ProductAccess, among: Iterable[int] | None = None) -> set[int]:
    """Items already planned: in a sprint not yet closed, or in scope of an open release.

    ``among`` asks about those items only: an epic in a release brings every story
    under it, so the whole set can be most of a large backlog.
    """
    in_sprints = SprintItem.objects.filter(
        sprint__product=access.product,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
        removed_at__isnull=True,
    )
    open_releases = {
        "release__product": access.product,
        "release__archived_at__isnull": True,
        "release__state": ReleaseState.PLANNED,
    }
    in_releases = Release.items.through.objects.filter(**open_releases)
    # An epic in a release's scope brings its stories with it.
    epics = Release.epics.through.objects.filter(**open_releases).values("item_id")
    in_epics = Item.objects.filter(
        product=access.product, parent_id__in=epics, archived_at__isnull=True
    )
    if among is not None:
        wanted = list(among)
        in_sprints = in_sprints.filter(item_id__in=wanted)
        in_releases = in_releases.filter(item_id__in=wanted)
        in_epics = in_epics.filter(id__in=wanted)
    return (
        set(in_sprints.values_list("item_id", flat=True))
        | set(in_releases.values_list("item_id", flat=True))
        | set(in_epics.values_list("id", flat=True))
    )


# --- sprints ------------------------------------------------------------------------------


def sprints_of(
    *, access: ProductAccess, archived: bool = False, team: TeamScope = ANY_TEAM
) -> QuerySet[Sprint]:
    """Active first, then planned by start date, then closed, newest first."""
    return (
        Sprint.objects.filter(
            product=access.product, archived_at__isnull=not archived, **team_filter(team)
        )
        .select_related("team")
        .annotate(
            item_count=Count("entries", filter=Q(entries__removed_at__isnull=True)),
            planned_points=Sum(
                "entries__item__estimate", filter=Q(entries__removed_at__isnull=True)
            ),
        )
        .order_by("-starts_on", "-id")
    )


def sprint_choices(*, access: ProductAccess, limit: int = 20) -> list[Sprint]:
    """Live sprints for a menu, newest first, without counting what they hold."""
    return list(
        Sprint.objects.filter(product=access.product, archived_at__isnull=True)
        .only("id", "name", "state", "starts_on")
        .order_by("-starts_on", "-id")[:limit]
    )


def sprint_of(*, access: ProductAccess, sprint_id: int) -> Sprint:
    sprint = Sprint.objects.filter(pk=sprint_id, product=access.product).first()
    if sprint is None:
        raise NotFound("No such sprint.")
    return sprint


def active_sprint(*, access: ProductAccess, team: TeamScope = ANY_TEAM) -> Sprint | None:
    """The active sprint (of ``team`` when given); with several teams, the first by team name."""
    return (
        Sprint.objects.filter(
            product=access.product,
            state=SprintState.ACTIVE,
            archived_at__isnull=True,
            **team_filter(team),
        )
        .select_related("team")
        .order_by("team__name", "id")
        .first()
    )


def sprint_team_scope(sprint: Sprint) -> TeamScope:
    """The scope of a sprint's peers: its team's sprints, or the team-less ones."""
    return sprint.team if sprint.team_id else None


def active_sprints(*, access: ProductAccess) -> list[Sprint]:
    """Every team's active sprint, by team name (one at most for a product without teams)."""
    return list(
        Sprint.objects.filter(
            product=access.product, state=SprintState.ACTIVE, archived_at__isnull=True
        )
        .select_related("team")
        .order_by("team__name", "id")
    )


def sprint_entries(
    *, access: ProductAccess, sprint: Sprint, limit: int | None = None, unfinished: bool = False
) -> list[Item]:
    """The items now in the sprint, in backlog order, each with ``is_blocked``."""
    items = items_in_sprint(access, sprint)
    if unfinished:
        items = items.exclude(status__in=FINISHED)
    ordered = (
        items.select_related("product", "assignee", "parent__product")
        .annotate(is_blocked=blocked())
        .order_by("rank", "id")
    )
    return list(ordered[:limit] if limit is not None else ordered)


@dataclass(frozen=True)
class SprintPoints:
    planned: int
    done: int
    items: int
    unestimated: int

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def sprint_points(*, items: Iterable[Item]) -> SprintPoints:
    listed = list(items)
    return SprintPoints(
        planned=sum(i.estimate or 0 for i in listed),
        done=sum(i.estimate or 0 for i in listed if i.status in FINISHED),
        items=len(listed),
        unestimated=sum(1 for i in listed if i.estimate is None),
    )


def sprint_points_of(*, access: ProductAccess, sprint: Sprint) -> SprintPoints:
    """The same sums as :func:`sprint_points`, counted by the database."""
    totals = items_in_sprint(access, sprint).aggregate(
        planned=Sum("estimate"),
        done=Sum("estimate", filter=Q(status__in=FINISHED)),
        items=Count("id"),
        unestimated=Count("id", filter=Q(estimate__isnull=True)),
    )
    return SprintPoints(
        planned=totals["planned"] or 0,
        done=totals["done"] or 0,
        items=totals["items"],
        unestimated=totals["unestimated"],
    )


@dataclass(frozen=True)
class MemberAvailability:
    user: User
    points: int
    days_off: int
    version: int


@dataclass(frozen=True)
class SprintCapacity:
    members: list[MemberAvailability]
    working_days: int
    total: int


def sprint_capacity_of(*, access: ProductAccess, sprint: Sprint) -> SprintCapacity:
    """Each team member's availability (and anyone else given one) and what it adds up to."""
    rows = {
        m.user_id: m
        for m in SprintMember.objects.filter(sprint=sprint, sprint__product=access.product)
        .select_related("user")
        .order_by("user__email")
    }
    people: dict[int, User] = {m.user_id: m.user for m in rows.values()}
    if sprint.team_id:
        # A team's sprint counts that team's people, whatever their role.
        for user in User.objects.filter(teams=sprint.team_id):
            people.setdefault(user.pk, user)
    else:
        for membership in Membership.objects.filter(
            product=access.product, role=Role.TEAM_MEMBER
        ).select_related("user"):
            people.setdefault(membership.user_id, membership.user)
    members = [
        MemberAvailability(
            user=user,
            points=rows[pk].points if pk in rows else 0,
            days_off=rows[pk].days_off if pk in rows else 0,
            version=rows[pk].version if pk in rows else 0,
        )
        for pk, user in sorted(people.items(), key=lambda pair: pair[1].email)
    ]
    days = sprint_charts.working_days(sprint.starts_on, sprint.ends_on)
    total = sprint_charts.team_capacity(
        (sprint_charts.Availability(m.points, m.days_off) for m in members), days
    )
    return SprintCapacity(members=members, working_days=days, total=total)


class SprintOperation(models.TextChoices):
    """A team member's suggestion on a sprint: the proposal's ``operation``."""

    ADD = "add", "Add"
    REMOVE = "remove", "Take out"


SUGGESTED = "sprint.content_suggested"  # the audit verb of a suggestion


def suggestions_waiting(sprint: Sprint) -> QuerySet[Proposal]:
    """The sprint's waiting suggestions: proposals on the sprint in the one queue."""
    return Proposal.objects.filter(
        product_id=sprint.product_id,
        record_type="sprint",
        record_id=sprint.pk,
        status=ProposalStatus.PENDING,
    )


def suggestions_of(*, access: ProductAccess, sprint: Sprint) -> list[Proposal]:
    return list(
        suggestions_waiting(sprint)
        .filter(product=access.product)
        .select_related("proposed_by")
        .order_by("created_at", "id")
    )


def sprint_suggestion_of(*, access: ProductAccess, suggestion_id: int) -> Proposal:
    suggestion = Proposal.objects.filter(
        pk=suggestion_id, product=access.product, record_type="sprint"
    ).first()
    if suggestion is None:
        raise NotFound("No such suggestion.")
    return suggestion


__all__ += [
    "SUGGESTED",
    "ItemSprintPanel",
    "MemberAvailability",
    "SprintCapacity",
    "SprintOperation",
    "SprintPoints",
    "VelocityView",
    "retro_note_of",
    "suggestions_waiting",
]
