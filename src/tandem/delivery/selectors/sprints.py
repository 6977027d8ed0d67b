"""Reads of sprints and what they hold, scoped to the caller's product.

Also the sprint charts' data (burndown, velocity, cumulative flow), the board,
the planning proposal, impediments and retrospectives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tandem.backlog.models import Item, Kind, Status
from tandem.core import sprint_charts, sprint_plan
from tandem.delivery.models import (
    BoardColumn,
    Dependency,
    Impediment,
    ImpedimentKind,
    Release,
    ReleaseState,
    RetroAction,
    RetroNote,
    RetroNoteKind,
    Retrospective,
    RetroVote,
    Sprint,
    SprintItem,
    SprintMember,
    SprintState,
    SprintSuggestion,
    SuggestionStatus,
)
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Event, Membership, Role, User

__all__ = [
    "BOARD_PAGE",
    "SCORES",
    "BoardColumnPage",
    "BoardFilters",
    "PlanningProposal",
    "RetroView",
    "active_sprint",
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
    "planning_backlog",
    "planning_proposal",
    "retro_view",
    "sprint_capacity_of",
    "sprint_charts_of",
    "sprint_choices",
    "sprint_entries",
    "sprint_of",
    "sprint_points",
    "sprint_points_of",
    "sprint_suggestion_of",
    "sprints_of",
    "suggestions_of",
    "velocity_of",
]

FINISHED = (Status.DONE, Status.ACCEPTED)
BOARD_PAGE = 30
"""Cards per column per page: a 5,000-card board renders 150 cards, then loads on demand."""

SCORES: dict[str, tuple[str, str]] = {
    "value": ("value", "Value (1–10)"),
    "rice": ("rice_score", "RICE"),
    "wsjf": ("wsjf_score", "WSJF"),
    "value_effort": ("value_effort_score", "Value ÷ effort"),
}


def planned_item_ids(*, access: ProductAccess) -> set[int]:
    """Items already planned: in a sprint not yet closed, or in scope of an open release."""
    in_sprints = SprintItem.objects.filter(
        sprint__product=access.product,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
        removed_at__isnull=True,
    ).values_list("item_id", flat=True)
    in_releases = Release.items.through.objects.filter(
        release__product=access.product,
        release__archived_at__isnull=True,
        release__state=ReleaseState.PLANNED,
    ).values_list("item_id", flat=True)
    return set(in_sprints) | set(in_releases)


# --- sprints ------------------------------------------------------------------------------


def sprints_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Sprint]:
    """Active first, then planned by start date, then closed, newest first."""
    return (
        Sprint.objects.filter(product=access.product, archived_at__isnull=not archived)
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


def active_sprint(*, access: ProductAccess) -> Sprint | None:
    return Sprint.objects.filter(
        product=access.product, state=SprintState.ACTIVE, archived_at__isnull=True
    ).first()


def _blocked() -> Exists:
    return Exists(
        Impediment.objects.filter(
            items=OuterRef("pk"),
            kind=ImpedimentKind.BLOCKER,
            resolved_at__isnull=True,
            archived_at__isnull=True,
        )
    )


def _in_sprint(access: ProductAccess, sprint: Sprint) -> QuerySet[Item]:
    return Item.objects.filter(
        product=access.product,
        sprint_entries__sprint=sprint,
        sprint_entries__removed_at__isnull=True,
    )


def sprint_entries(
    *, access: ProductAccess, sprint: Sprint, limit: int | None = None, unfinished: bool = False
) -> list[Item]:
    """The items now in the sprint, in backlog order, each with ``is_blocked``."""
    items = _in_sprint(access, sprint)
    if unfinished:
        items = items.exclude(status__in=FINISHED)
    ordered = (
        items.select_related("product", "assignee", "parent__product")
        .annotate(is_blocked=_blocked())
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
    totals = _in_sprint(access, sprint).aggregate(
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


def suggestions_of(*, access: ProductAccess, sprint: Sprint) -> list[SprintSuggestion]:
    return list(
        SprintSuggestion.objects.filter(
            sprint=sprint, sprint__product=access.product, status=SuggestionStatus.PENDING
        )
        .select_related("item__product", "proposed_by")
        .order_by("created_at", "id")
    )


def sprint_suggestion_of(*, access: ProductAccess, suggestion_id: int) -> SprintSuggestion:
    suggestion = SprintSuggestion.objects.filter(
        pk=suggestion_id, sprint__product=access.product
    ).first()
    if suggestion is None:
        raise NotFound("No such suggestion.")
    return suggestion


# --- planning -----------------------------------------------------------------------------


def _candidates_query(access: ProductAccess) -> QuerySet[Item]:
    """Live stories, tasks, bugs and spikes not started and not planned anywhere."""
    planned = SprintItem.objects.filter(
        item=OuterRef("pk"),
        removed_at__isnull=True,
        sprint__archived_at__isnull=True,
        sprint__state__in=[SprintState.PLANNED, SprintState.ACTIVE],
    )
    return (
        Item.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            status__in=[Status.NEW, Status.READY],
        )
        .exclude(kind=Kind.EPIC)
        .exclude(Exists(planned))
    )


def planning_backlog(*, access: ProductAccess, limit: int = 200) -> list[Item]:
    """The ranked backlog beside the sprint: what could still go in, top first."""
    return list(
        _candidates_query(access)
        .select_related("product", "parent")
        .annotate(is_blocked=_blocked())
        .order_by("rank", "id")[:limit]
    )


@dataclass(frozen=True)
class PlanningProposal:
    """The optimizer's and the greedy plan for the capacity still free, and what they add."""

    score: str
    capacity_left: int
    comparison: sprint_plan.PlanComparison
    items: dict[int, Item]
    candidates: int
    unestimated: int
    waiting: int  # ready items left out because something they wait on is not done

    @property
    def optimal_items(self) -> list[Item]:
        return [self.items[i] for i in self.comparison.optimal.chosen]

    @property
    def greedy_items(self) -> list[Item]:
        return [self.items[i] for i in self.comparison.greedy.chosen]

    @property
    def only_optimal(self) -> set[int]:
        return set(self.comparison.optimal.chosen) - set(self.comparison.greedy.chosen)


MAX_CANDIDATES = 1_000


def planning_proposal(
    *, access: ProductAccess, sprint: Sprint, score: str = "value"
) -> PlanningProposal:
    """Ready, estimated items; the value the PO picked; dependencies from :class:`Dependency`.

    Items already in this sprint use capacity and count as taken, so an item
    waiting on one of them may join; finished items count as done. An item
    waiting on anything else that is neither a candidate nor finished stays out.
    """
    column = SCORES.get(score, SCORES["value"])[0]
    used = sprint_points_of(access=access, sprint=sprint).planned
    capacity_left = max((sprint.capacity or 0) - used, 0)
    in_sprint = set(_in_sprint(access, sprint).values_list("pk", flat=True))
    rows = list(
        _candidates_query(access)
        .filter(Q(status=Status.READY) | Q(is_ready=True))
        .select_related("product", "parent")
        .order_by("rank", "id")[:MAX_CANDIDATES]
    )
    estimated = [i for i in rows if i.estimate is not None]
    ids = [i.pk for i in estimated]
    blockers: dict[int, list[int]] = {}
    for item_id, blocker_id in Dependency.objects.filter(item_id__in=ids).values_list(
        "item_id", "blocked_by_id"
    ):
        blockers.setdefault(item_id, []).append(blocker_id)
    every_blocker = {b for bs in blockers.values() for b in bs}
    finished = set(
        Item.objects.filter(pk__in=every_blocker, status__in=FINISHED).values_list("pk", flat=True)
    )
    already = finished | in_sprint
    candidates = [
        sprint_plan.Candidate(
            id=item.pk,
            points=item.estimate or 0,
            value=float(getattr(item, column) or 0.0),
            rank=position,
            blocked_by=tuple(b for b in blockers.get(item.pk, ()) if b not in already),
        )
        for position, item in enumerate(estimated)
    ]
    candidate_ids = set(ids)
    waiting = sum(1 for c in candidates if any(b not in candidate_ids for b in c.blocked_by))
    comparison = sprint_plan.compare(
        candidates, capacity_left, already_done=frozenset(already - candidate_ids)
    )
    return PlanningProposal(
        score=score if score in SCORES else "value",
        capacity_left=capacity_left,
        comparison=comparison,
        items={i.pk: i for i in estimated},
        candidates=len(candidates),
        unestimated=len(rows) - len(estimated),
        waiting=waiting,
    )


# --- the board ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    mine: bool = False
    blocked: bool = False
    kind: str = ""
    text: str = ""
    lane: str = ""  # "", "epic" or "assignee"


@dataclass
class BoardColumnPage:
    status: str
    label: str
    count: int
    wip_limit: int | None
    cards: list[Item] = field(default_factory=list)
    next_offset: int | None = None

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit


def _board_items(access: ProductAccess, sprint: Sprint, filters: BoardFilters) -> QuerySet[Item]:
    items = Item.objects.filter(
        product=access.product,
        archived_at__isnull=True,
        sprint_entries__sprint=sprint,
        sprint_entries__removed_at__isnull=True,
    )
    if filters.mine:
        items = items.filter(assignee=access.user)
    if filters.kind in Kind.values:
        items = items.filter(kind=filters.kind)
    if filters.text:
        text = filters.text.strip()
        prefix, _, number = text.upper().rpartition("-")
        by_key = Q(number=int(number)) if prefix == access.product.key and number.isdigit() else Q()
        items = (
            items.filter(Q(title__icontains=text) | by_key)
            if by_key
            else items.filter(title__icontains=text)
        )
    items = items.annotate(is_blocked=_blocked())
    if filters.blocked:
        items = items.filter(is_blocked=True)
    return items


def _lane_order(filters: BoardFilters) -> tuple[str, ...]:
    if filters.lane == "epic":
        return ("parent__rank", "rank", "id")
    if filters.lane == "assignee":
        return ("assignee__email", "rank", "id")
    return ("rank", "id")


def board_column_page(
    *,
    access: ProductAccess,
    sprint: Sprint,
    status: str,
    filters: BoardFilters,
    offset: int = 0,
    limit: int = BOARD_PAGE,
    count: int | None = None,
) -> BoardColumnPage:
    """One page of one column: the next ``limit`` cards after ``offset``."""
    items = _board_items(access, sprint, filters).filter(status=status)
    if count is None:
        count = items.count()
    cards = list(
        items.select_related("product", "assignee", "parent__product").order_by(
            *_lane_order(filters)
        )[offset : offset + limit]
    )
    wip = (
        BoardColumn.objects.filter(product=access.product, status=status)
        .values_list("wip_limit", flat=True)
        .first()
    )
    following = offset + len(cards)
    return BoardColumnPage(
        status=status,
        label=Status(status).label,
        count=count,
        wip_limit=wip,
        cards=cards,
        next_offset=following if following < count else None,
    )


def board(
    *, access: ProductAccess, sprint: Sprint, filters: BoardFilters, limit: int = BOARD_PAGE
) -> list[BoardColumnPage]:
    """Every column's count and first page: one count query, one query per column."""
    counts = dict(
        _board_items(access, sprint, filters)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    limits = dict(
        BoardColumn.objects.filter(product=access.product).values_list("status", "wip_limit")
    )
    columns = []
    for status in Status.values:
        count = counts.get(status, 0)
        cards: list[Item] = []
        if count and limit:
            cards = list(
                _board_items(access, sprint, filters)
                .filter(status=status)
                .select_related("product", "assignee", "parent__product")
                .order_by(*_lane_order(filters))[:limit]
            )
        columns.append(
            BoardColumnPage(
                status=status,
                label=Status(status).label,
                count=count,
                wip_limit=limits.get(status),
                cards=cards,
                next_offset=len(cards) if len(cards) < count else None,
            )
        )
    return columns


# --- charts -------------------------------------------------------------------------------


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


_Events = list[tuple[int, dt.datetime, str | None, str]]


def _status_events(access: ProductAccess, sprint: Sprint) -> _Events:
    """(item, when, before, after) of each recorded status change of the sprint's items."""
    item_ids = SprintItem.objects.filter(sprint=sprint).values("item_id")
    rows = (
        Event.objects.filter(
            product=access.product,
            object_type="item",
            object_id__in=Subquery(item_ids),
            verb="item.updated",
            after__status__isnull=False,
        )
        .order_by("created_at", "id")
        .values_list("object_id", "created_at", "before", "after")
    )
    return [
        (int(oid), when, (before or {}).get("status"), str((after or {})["status"]))
        for oid, when, before, after in rows
    ]


@dataclass(frozen=True)
class _EntryRow:
    """What the charts need of one sprint entry and its item, read without model instances."""

    item_id: int
    committed: bool
    points_at_start: int | None
    added_at: dt.datetime
    removed_at: dt.datetime | None
    estimate: int | None
    status: str


def _entry_rows(access: ProductAccess, sprint: Sprint) -> list[_EntryRow]:
    return [
        _EntryRow(*row)
        for row in SprintItem.objects.filter(sprint=sprint, sprint__product=access.product)
        .order_by("id")
        .values_list(
            "item_id",
            "committed",
            "points_at_start",
            "added_at",
            "removed_at",
            "item__estimate",
            "item__status",
        )
    ]


def _done_days(
    items: Sequence[_EntryRow], events: Sequence[tuple[int, dt.datetime, str | None, str]]
) -> dict[int, dt.date]:
    """The day each finished item last became done (or accepted) and stayed so."""
    done: dict[int, dt.date] = {}
    for item_id, when, before, after in events:
        if after in FINISHED and before not in FINISHED:
            done[item_id] = _day(when)
        elif after not in FINISHED:
            done.pop(item_id, None)
    for item in items:
        if item.status not in FINISHED:
            done.pop(item.item_id, None)
    # Finished with no recorded move (made done, or imported): the last change will do.
    unrecorded = {i.item_id for i in items if i.status in FINISHED} - set(done)
    for item_id, updated_at in Item.objects.filter(pk__in=unrecorded).values_list(
        "pk", "updated_at"
    ):
        done[item_id] = _day(updated_at)
    return done


def sprint_charts_of(
    *, access: ProductAccess, sprint: Sprint
) -> tuple[sprint_charts.Burndown, sprint_charts.CumulativeFlow]:
    """Both charts of the sprint page from one read of its entries and their history."""
    entries = _entry_rows(access, sprint)
    events = _status_events(access, sprint)
    return _burndown(sprint, entries, events), _flow(sprint, entries, events)


def burndown_of(*, access: ProductAccess, sprint: Sprint) -> sprint_charts.Burndown:
    return _burndown(sprint, _entry_rows(access, sprint), _status_events(access, sprint))


def _burndown(sprint: Sprint, entries: list[_EntryRow], events: _Events) -> sprint_charts.Burndown:
    done = _done_days(entries, events)
    today = timezone.localdate()
    if sprint.closed_at is not None:
        today = min(today, _day(sprint.closed_at))
    scope = []
    for entry in entries:
        added_on, removed_on = _entry_window(sprint, entry)
        points = (
            entry.points_at_start
            if entry.committed and entry.points_at_start is not None
            else entry.estimate
        )
        scope.append(
            sprint_charts.ScopeEntry(
                points=points or 0,
                added_on=added_on,
                removed_on=removed_on,
                done_on=done.get(entry.item_id),
            )
        )
    return sprint_charts.burndown(
        scope,
        starts_on=sprint.starts_on,
        ends_on=sprint.ends_on,
        today=today
        if sprint.state != SprintState.PLANNED
        else sprint.starts_on - dt.timedelta(days=1),
        committed_points=sprint.committed_points or sum(s.points for s in scope),
    )


@dataclass(frozen=True)
class VelocityView:
    summary: sprint_charts.Velocity
    sprints: list[Sprint]


def velocity_of(*, access: ProductAccess, last: int = 6) -> VelocityView:
    """The last ``last`` closed sprints, oldest first, and their completed points."""
    closed = list(
        Sprint.objects.filter(
            product=access.product,
            state=SprintState.CLOSED,
            archived_at__isnull=True,
            completed_points__isnull=False,
        ).order_by("-ends_on", "-id")[:last]
    )
    closed.reverse()
    return VelocityView(
        summary=sprint_charts.velocity(s.completed_points or 0 for s in closed), sprints=closed
    )


def _entry_window(sprint: Sprint, entry: _EntryRow) -> tuple[dt.date, dt.date | None]:
    """The days an entry counts in the sprint's charts: from its arrival to its removal.

    Committed work counts from the first day; taking unfinished work out at the
    close is not a change inside the sprint, so it keeps counting to the end.
    """
    added_on = sprint.starts_on if entry.committed else max(_day(entry.added_at), sprint.starts_on)
    removed = entry.removed_at
    if removed is not None and sprint.closed_at is not None and removed >= sprint.closed_at:
        removed = None
    return added_on, _day(removed) if removed else None


def cumulative_flow_of(*, access: ProductAccess, sprint: Sprint) -> sprint_charts.CumulativeFlow:
    """Items of the sprint per status at the end of each day, from the audit trail."""
    return _flow(sprint, _entry_rows(access, sprint), _status_events(access, sprint))


def _flow(
    sprint: Sprint, entries: list[_EntryRow], events: _Events
) -> sprint_charts.CumulativeFlow:
    present: dict[int, tuple[dt.date, dt.date | None]] = {}
    for entry in entries:
        start, end = _entry_window(sprint, entry)
        earlier = present.get(entry.item_id)
        if earlier is not None:  # in, out and in again: count it over the whole span
            start = min(start, earlier[0])
            end = None if end is None or earlier[1] is None else max(end, earlier[1])
        present[entry.item_id] = (start, end)
    start = sprint.starts_on
    initial: dict[int, str] = {e.item_id: e.status for e in entries}
    first_seen: set[int] = set()
    changes: list[sprint_charts.StatusChange] = []
    for item_id, when, before, after in events:
        if item_id not in first_seen and before:
            first_seen.add(item_id)
            initial[item_id] = before
        if _day(when) < start:
            initial[item_id] = after
        else:
            changes.append(sprint_charts.StatusChange(item_id=item_id, on=_day(when), status=after))
    end = sprint.ends_on
    if sprint.closed_at is not None:
        end = min(end, _day(sprint.closed_at))
    end = min(end, max(timezone.localdate(), start))
    days = sprint_charts.sprint_days(start, max(end, start))
    return sprint_charts.cumulative_flow(
        initial, changes, days=days, statuses=Status.values, present=present
    )


# --- impediments --------------------------------------------------------------------------


def impediments_of(
    *,
    access: ProductAccess,
    open_only: bool = False,
    sprint: Sprint | None = None,
    archived: bool = False,
    limit: int = 200,
) -> list[Impediment]:
    found = Impediment.objects.filter(product=access.product, archived_at__isnull=not archived)
    if open_only:
        found = found.filter(resolved_at__isnull=True)
    if sprint is not None:
        found = found.filter(Q(sprint=sprint) | Q(items__sprint_entries__sprint=sprint)).distinct()
    return list(
        found.select_related("owner", "decision", "sprint")
        .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product")))
        .order_by("resolved_at", "-raised_at", "-id")[:limit]
    )


def impediment_of(*, access: ProductAccess, impediment_id: int) -> Impediment:
    found = (
        Impediment.objects.filter(pk=impediment_id, product=access.product)
        .select_related("owner", "decision", "sprint")
        .prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product")))
        .first()
    )
    if found is None:
        raise NotFound("No such impediment.")
    return found


def item_is_blocked(item: Item) -> bool:
    """An open blocker names this item; the status guard and the board ask this."""
    return Impediment.objects.filter(
        items=item,
        kind=ImpedimentKind.BLOCKER,
        resolved_at__isnull=True,
        archived_at__isnull=True,
    ).exists()


def blocked_item_ids(*, access: ProductAccess) -> set[int]:
    return set(
        Impediment.objects.filter(
            product=access.product,
            kind=ImpedimentKind.BLOCKER,
            resolved_at__isnull=True,
            archived_at__isnull=True,
        ).values_list("items", flat=True)
    ) - {None}


@dataclass(frozen=True)
class ItemSprintPanel:
    entries: list[SprintItem]
    impediments: list[Impediment]
    waits_on: list[Item]
    needed_by: list[Item]


def item_sprint_panel(*, access: ProductAccess, item: Item) -> ItemSprintPanel:
    """The item page's delivery card: its sprints, open impediments and dependencies."""
    return ItemSprintPanel(
        entries=list(
            SprintItem.objects.filter(item=item, sprint__product=access.product)
            .select_related("sprint")
            .order_by("-added_at")[:10]
        ),
        impediments=list(
            Impediment.objects.filter(
                items=item, resolved_at__isnull=True, archived_at__isnull=True
            ).select_related("owner")
        ),
        waits_on=list(
            Item.objects.filter(dependents__item=item).select_related("product").order_by("number")
        ),
        needed_by=list(
            Item.objects.filter(dependencies__blocked_by=item)
            .select_related("product")
            .order_by("number")
        ),
    )


# --- retrospectives -------------------------------------------------------------------------


@dataclass(frozen=True)
class RetroView:
    sprint: Sprint
    retro: Retrospective | None
    notes: dict[str, list[RetroNote]]  # by kind, most votes first
    actions: list[RetroAction]
    previous_actions: list[RetroAction]
    previous_sprint: Sprint | None
    my_votes: set[int]


def _actions(retro: Retrospective) -> list[RetroAction]:
    return list(
        RetroAction.objects.filter(retro=retro)
        .select_related("owner", "item__product")
        .order_by("created_at", "id")
    )


def retro_view(*, access: ProductAccess, sprint: Sprint) -> RetroView:
    retro = Retrospective.objects.filter(sprint=sprint, sprint__product=access.product).first()
    previous_sprint = (
        Sprint.objects.filter(
            product=access.product,
            archived_at__isnull=True,
            starts_on__lt=sprint.starts_on,
            retrospective__isnull=False,
        )
        .order_by("-starts_on", "-id")
        .first()
    )
    previous_actions = (
        _actions(previous_sprint.retrospective) if previous_sprint is not None else []
    )
    notes: dict[str, list[RetroNote]] = {k: [] for k in RetroNoteKind.values}
    actions: list[RetroAction] = []
    my_votes: set[int] = set()
    if retro is not None:
        for note in (
            RetroNote.objects.filter(retro=retro, archived_at__isnull=True)
            .select_related("author")
            .annotate(vote_count=Count("votes"))
            .order_by("-vote_count", "created_at", "id")
        ):
            notes[note.kind].append(note)
        actions = _actions(retro)
        my_votes = set(
            RetroVote.objects.filter(note__retro=retro, voter=access.user).values_list(
                "note_id", flat=True
            )
        )
    return RetroView(
        sprint=sprint,
        retro=retro,
        notes=notes,
        actions=actions,
        previous_actions=previous_actions,
        previous_sprint=previous_sprint,
        my_votes=my_votes,
    )


def retro_note_of(*, access: ProductAccess, note_id: int) -> RetroNote:
    note = RetroNote.objects.filter(pk=note_id, retro__sprint__product=access.product).first()
    if note is None:
        raise NotFound("No such note.")
    return note


__all__ += [
    "ItemSprintPanel",
    "MemberAvailability",
    "SprintCapacity",
    "SprintPoints",
    "VelocityView",
    "retro_note_of",
]
