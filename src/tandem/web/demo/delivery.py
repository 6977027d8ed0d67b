"""The demo product's sprints, board, impediments and retrospectives.

Five closed two-week sprints with the velocity a real team shows (a sprint
that lost an item mid-way, one that took one on), the active sprint on the
board with one blocker escalated to the PM and one impediment, a planned
sprint for the optimizer, and retrospectives whose actions became tasks.

Everything goes through the services, as people would have done it, then is
backdated (demo only): services stamp "now", so without this the sprints,
their burndowns and the cumulative flow would all sit on today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Kind, Status
from tandem.delivery import services
from tandem.delivery.models import Impediment, Retrospective, Sprint, SprintItem
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Event

from .cast import Cast

SPRINT_DAYS = 14


@dataclass(frozen=True)
class Done:
    """A story of a past sprint: points, the epic it served, and on which day it was done."""

    title: str
    points: int
    epic: str
    done_day: int | None  # None: not finished in the sprint
    added_day: int = 0  # > 0: scope added that day
    removed_day: int | None = None  # scope taken out that day


@dataclass(frozen=True)
class PastSprint:
    name: str
    goal: str
    capacity: int
    items: tuple[Done, ...]


HISTORY: tuple[PastSprint, ...] = (
    PastSprint(
        "Sprint 1",
        "Fly the prototype with a stable video link",
        22,
        (
            Done("Bind the video link to the controller", 5, "app", 4),
            Done("Telemetry stream in the app", 5, "app", 7),
            Done("Motor arming checks", 3, "safety", 9),
            Done("Battery percentage on the flight screen", 3, "flight", 10),
            Done("Live histogram overlay", 3, "camera", 12),
        ),
    ),
    PastSprint(
        "Sprint 2",
        "Safe take-off and landing",
        24,
        (
            Done("Auto take-off to 1.2 m", 5, "safety", 3),
            Done("Auto landing with descent slow-down", 8, "safety", 8),
            Done("Low-battery warning at 25%", 3, "flight", 9),
            Done("Photo capture from the app", 5, "camera", 12),
            Done("Warn before flying over 120 m", 3, "safety", 13),
        ),
    ),
    PastSprint(
        "Sprint 3",
        "Obstacle sensing, front and back",
        26,
        (
            Done("Forward obstacle sensor driver", 8, "avoid", 6),
            Done("Brake before an obstacle ahead", 5, "avoid", 10),
            Done("Rear obstacle sensor driver", 8, "avoid", None, removed_day=7),
            Done("Sensor status on the flight screen", 3, "avoid", 11),
            Done("Fix video stutter at 30 fps", 2, "camera", 5, added_day=4),
            Done("Record flight logs on the drone", 3, "app", 12),
        ),
    ),
    PastSprint(
        "Sprint 4",
        "Battery you can trust",
        25,
        (
            Done("Battery cell balancing report", 5, "flight", 5),
            Done("Remaining-time estimate v1", 8, "flight", 11),
            Done("Firmware version on the about screen", 2, "app", 2),
            Done("Rear obstacle sensor driver", 8, "avoid", 12),
            Done("Save camera settings per profile", 3, "camera", 13),
        ),
    ),
)

LAST_SPRINT_TITLES = (
    "Return-to-home on low battery",
    "Live 1080p preview in the app",
    "Battery health warnings",
    "Fly home when the controller signal is lost",
    "Compass calibration guide in the app",
    "Gimbal horizon tilts 2° after firmware 1.4.2",
)
ACTIVE_FROM_BACKLOG = ("Record 4K/60 HDR video", "Firmware OTA updates")


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's delivery records through the services; returns counts by kind."""
    today = timezone.localdate()
    active_start = today - dt.timedelta(days=6)
    first_start = active_start - dt.timedelta(days=SPRINT_DAYS * (len(HISTORY) + 1))
    po = cast.access["po"]
    sprints: list[Sprint] = []
    made: dict[str, Item] = {}
    for index, past in enumerate(HISTORY):
        start = first_start + dt.timedelta(days=SPRINT_DAYS * index)
        sprints.append(_past_sprint(cast, past, start, made))
    last_start = first_start + dt.timedelta(days=SPRINT_DAYS * len(HISTORY))
    last = _last_sprint(cast, last_start)
    sprints.append(last)
    _retrospectives(cast, sprints[-2], last, made)
    _active_sprint(cast, active_start)
    upcoming = services.sprint_create(
        access=po,
        fields={
            "name": "Sprint 7",
            "goal": "Remote ID and geofencing ready for certification",
            "starts_on": active_start + dt.timedelta(days=SPRINT_DAYS),
            "ends_on": active_start + dt.timedelta(days=2 * SPRINT_DAYS - 1),
            "capacity": 20,
        },
    )
    # Dana takes two days off in Sprint 7; the total is the capacity the PO planned with.
    for handle, points, days_off in (("dev", 13, 2), ("qa", 10, 0)):
        services.sprint_member_set(
            access=cast.access[handle],
            sprint=upcoming,
            user=cast.people[handle],
            points=points,
            days_off=days_off,
        )
    services.dependency_add(
        access=cast.access["dev"],
        item=cast.items["Geofencing and no-fly zones"],
        blocked_by=cast.items["Offline maps for remote areas"],
    )
    services.board_column_set(access=cast.access["dev"], status=Status.IN_PROGRESS, wip_limit=4)
    return {
        "sprints": len(sprints) + 2,
        "impediments": Impediment.objects.filter(product=cast.product).count(),
        "retrospectives": Retrospective.objects.filter(sprint__product=cast.product).count(),
    }


# --- building sprints ----------------------------------------------------------------------


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _story(cast: Cast, title: str, points: int, epic: str, kind: str = Kind.STORY) -> Item:
    return backlog_services.item_create(
        access=cast.access["po"],
        fields={
            "kind": kind,
            "title": title,
            "estimate": points,
            "parent": cast.epics[epic].key,
            "status": Status.READY,
        },
    )


def _status(access: ProductAccess, item: Item, status: str) -> Item:
    if status == Status.DONE:
        # Whoever finishes the work ticks its acceptance criteria off, as the team does.
        for criterion in item.criteria.filter(archived_at__isnull=True, is_met=False):
            backlog_services.criterion_check(access=access, criterion_id=criterion.pk, is_met=True)
    item.refresh_from_db()
    return backlog_services.item_update(
        access=access, item=item, changes={"status": status}, expected_version=item.version
    ).item


def _status_on(item: Item, status: str, when: dt.datetime) -> None:
    """Date the latest change of ``item`` to ``status`` (and the row) to ``when``."""
    event = (
        Event.objects.filter(
            object_type="item", object_id=item.pk, verb="item.updated", after__status=status
        )
        .order_by("-id")
        .first()
    )
    if event is not None:
        Event.objects.filter(pk=event.pk).update(created_at=when)
    Item.objects.filter(pk=item.pk).update(updated_at=when)


def _run(
    cast: Cast,
    name: str,
    goal: str,
    capacity: int,
    start: dt.date,
    committed: Sequence[Item],
) -> Sprint:
    po = cast.access["po"]
    sprint = services.sprint_create(
        access=po,
        fields={
            "name": name,
            "goal": goal,
            "starts_on": start,
            "ends_on": start + dt.timedelta(days=SPRINT_DAYS - 1),
            "capacity": capacity,
        },
    )
    services.sprint_items_add(access=po, sprint=sprint, items=list(committed))
    sprint.refresh_from_db()
    sprint = services.sprint_start(
        access=po, sprint=sprint, expected_version=sprint.version, confirmed=True
    )
    SprintItem.objects.filter(sprint=sprint).update(
        added_at=_moment(start - dt.timedelta(days=1), 15)
    )
    Sprint.objects.filter(pk=sprint.pk).update(started_at=_moment(start, 9))
    return sprint


def _close(cast: Cast, sprint: Sprint) -> None:
    sprint.refresh_from_db()
    closed = services.sprint_close(
        access=cast.access["po"], sprint=sprint, expected_version=sprint.version
    )
    closed_at = _moment(closed.ends_on, 16)
    Sprint.objects.filter(pk=sprint.pk).update(
        closed_at=closed_at, created_at=_moment(sprint.starts_on - dt.timedelta(days=3))
    )
    SprintItem.objects.filter(
        sprint=sprint, removed_at__gte=timezone.now() - dt.timedelta(hours=1)
    ).update(removed_at=closed_at)


def _past_sprint(cast: Cast, past: PastSprint, start: dt.date, made: dict[str, Item]) -> Sprint:
    po, dev = cast.access["po"], cast.access["dev"]
    items = {}
    for spec in past.items:
        item = made.get(spec.title) or _story(cast, spec.title, spec.points, spec.epic)
        made[spec.title] = item
        items[spec.title] = item
        created = _moment(start - dt.timedelta(days=20))
        Item.objects.filter(pk=item.pk).update(created_at=created, updated_at=created)
        Event.objects.filter(object_type="item", object_id=item.pk, verb="item.created").update(
            created_at=created
        )
    committed = [items[s.title] for s in past.items if s.added_day == 0]
    sprint = _run(cast, past.name, past.goal, past.capacity, start, committed)
    for spec in past.items:
        item = items[spec.title]
        if spec.added_day:
            services.sprint_items_add(access=po, sprint=sprint, items=[item])
            SprintItem.objects.filter(sprint=sprint, item=item).update(
                added_at=_moment(start + dt.timedelta(days=spec.added_day))
            )
        if spec.removed_day is not None:
            services.sprint_item_remove(access=po, sprint=sprint, item=item)
            SprintItem.objects.filter(sprint=sprint, item=item).update(
                removed_at=_moment(start + dt.timedelta(days=spec.removed_day))
            )
            continue
        if spec.done_day is None:
            continue
        started = start + dt.timedelta(days=max(spec.done_day - 3, spec.added_day, 0))
        _status_on(_status(dev, item, Status.IN_PROGRESS), Status.IN_PROGRESS, _moment(started))
        done_at = _moment(start + dt.timedelta(days=spec.done_day), 15)
        _status_on(_status(dev, item, Status.DONE), Status.DONE, done_at)
        accepted = _moment(start + dt.timedelta(days=min(spec.done_day + 1, SPRINT_DAYS - 1)), 11)
        _status_on(_status(po, item, Status.ACCEPTED), Status.ACCEPTED, accepted)
    _close(cast, sprint)
    return sprint


def _last_sprint(cast: Cast, start: dt.date) -> Sprint:
    """The sprint that delivered the backlog's done and accepted stories."""
    items = [cast.items[title] for title in LAST_SPRINT_TITLES]
    sprint = _run(cast, "Sprint 5", "Come home safely, every time", 22, start, items)
    for offset, item in enumerate(items):
        item.refresh_from_db()
        when = _moment(start + dt.timedelta(days=3 + 2 * offset), 14)
        Item.objects.filter(pk=item.pk).update(updated_at=when)
        Event.objects.filter(object_type="item", object_id=item.pk).update(
            created_at=when - dt.timedelta(days=1)
        )
    _close(cast, sprint)
    return sprint


def _retrospectives(cast: Cast, previous: Sprint, last: Sprint, made: Mapping[str, Item]) -> None:
    dev, qa, po = cast.access["dev"], cast.access["qa"], cast.access["po"]
    earlier = services.retro_open(access=dev, sprint=previous)
    services.retro_note_add(
        access=dev,
        retro=earlier,
        kind="to_improve",
        text="Stories arrive at planning without criteria",
    )
    kept = services.retro_action_add(
        access=dev,
        retro=earlier,
        text="Refine stories with QA two days before planning",
        owner=cast.people["qa"],
    )
    if kept.item is not None:
        _status(qa, kept.item, Status.DONE)
    retro = services.retro_open(access=dev, sprint=last)
    notes = [
        (
            "went_well",
            "Return-to-home shipped with the HIL rig catching two regressions",
            (dev, qa, po),
        ),
        ("went_well", "The PO answered questions the same day", (qa,)),
        (
            "to_improve",
            "Firmware builds take 40 minutes; we batch changes to avoid them",
            (dev, qa),
        ),
        ("to_improve", "Scope came in mid-sprint without a conversation", (qa,)),
        ("idea", "Nightly build with the flight-test checklist attached", (dev,)),
    ]
    for kind, text, voters in notes:
        note = services.retro_note_add(access=dev, retro=retro, kind=kind, text=text)
        for voter in voters:
            services.retro_note_vote(access=voter, note=note)
    services.retro_action_add(
        access=dev,
        retro=retro,
        text="Cache firmware build artefacts in CI",
        owner=cast.people["dev"],
    )
    services.retro_action_add(
        access=qa,
        retro=retro,
        text="Agree scope changes at the daily, with the PO",
        owner=cast.people["po"],
    )
    Retrospective.objects.filter(pk=earlier.pk).update(held_on=previous.ends_on)
    Retrospective.objects.filter(pk=retro.pk).update(held_on=last.ends_on)


def _active_sprint(cast: Cast, start: dt.date) -> Sprint:
    po, dev, qa = cast.access["po"], cast.access["dev"], cast.access["qa"]
    signing = _story(cast, "Sign OTA packages with the production key", 5, "app", kind=Kind.TASK)
    rig = _story(cast, "Flight-test checklist for 4K/60 recording", 3, "camera", kind=Kind.TASK)
    wind = cast.items["Wind speed warning"]
    limits = cast.items["Height and distance limits"]
    committed = [cast.items[t] for t in ACTIVE_FROM_BACKLOG] + [signing, rig, limits]
    sprint = _run(
        cast, "Sprint 6", "4K/60 recording and over-the-air updates", 24, start, committed
    )
    _status_on(_status(qa, rig, Status.IN_PROGRESS), Status.IN_PROGRESS, _moment(start))
    _status_on(
        _status(qa, rig, Status.DONE), Status.DONE, _moment(start + dt.timedelta(days=2), 16)
    )
    _status_on(
        _status(dev, limits, Status.IN_PROGRESS),
        Status.IN_PROGRESS,
        _moment(start + dt.timedelta(days=1)),
    )
    _status_on(
        _status(dev, limits, Status.DONE), Status.DONE, _moment(start + dt.timedelta(days=4), 12)
    )
    _status_on(
        _status(dev, signing, Status.IN_PROGRESS),
        Status.IN_PROGRESS,
        _moment(start + dt.timedelta(days=2)),
    )
    services.sprint_items_add(access=po, sprint=sprint, items=[wind])
    SprintItem.objects.filter(sprint=sprint, item=wind).update(
        added_at=_moment(start + dt.timedelta(days=3))
    )
    blocker = services.impediment_raise(
        access=dev,
        fields={
            "kind": "blocker",
            "description": (
                "The security team has not issued the production signing key for OTA packages."
            ),
            "items": [signing.key],
            "sprint": sprint.pk,
        },
    )
    services.impediment_escalate(
        access=dev,
        impediment=blocker,
        note="Can we ship 1.5 with the staging key and re-sign in a patch, or do we wait?",
    )
    services.impediment_raise(
        access=qa,
        fields={
            "kind": "impediment",
            "description": (
                "The hardware-in-the-loop rig is shared with the controller team; "
                "tests queue for two hours."
            ),
            "sprint": sprint.pk,
        },
    )
    raised = _moment(start + dt.timedelta(days=3), 11)
    Impediment.objects.filter(sprint=sprint).update(raised_at=raised, updated_at=raised)
    return sprint
