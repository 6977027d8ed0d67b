"""The demo product's releases, reviews and launches.

Everything goes through the delivery services, acting as the person who would
have done it, except the sprint history: when the sprint side has not made
sprints yet, a few closed ones and the active one are written directly, so the
forecast has a pace to read and the review an increment to show.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintItem, SprintReview, SprintState
from tandem.workspace.access import ProductAccess

from .cast import Cast
from .metrics import RELEASE_2_0_VERSION, release_2_0_date

# Completed points of the closed sprints, oldest first: a team finding its pace.
SPRINT_HISTORY = (17, 21, 16, 24, 20, 23)
SPRINT_DAYS = 14

SHIPPED = ("Return-to-home on low battery", "Live 1080p preview in the app")
IN_REVIEW = (
    "Battery health warnings",
    "Fly home when the controller signal is lost",
    "Compass calibration guide in the app",
    "Gimbal horizon tilts 2° after firmware 1.4.2",
)
STILL_RUNNING = ("Record 4K/60 HDR video", "Firmware OTA updates")
REJECTION = (
    "In the field test the drone drifted 15 m downwind before turning home when the "
    "signal dropped at 40 m altitude; the signal-loss test case fails. Let's pair on it."
)
FEEDBACK = (
    "Sam (sales): retailers ask for the battery warnings in the store demo; please keep "
    "the wording short.\n\nRavi: the signal-loss test needs the new HIL rig before we can "
    "trust it in wind."
)
LAUNCH_OWNERS = {
    "Pricing set": "pm",
    "Positioning and messaging agreed": "pm",
    "Sales enablement: deck and demo script": "sales",
    "Support ready: help articles and trained staff": "qa",
    "Release notes written": "po",
    "Announcement published": "pm",
}
LAUNCH_DONE = ("Pricing set", "Positioning and messaging agreed")


def load(cast: Cast) -> dict[str, int]:
    """Create the demo releases, reviews and launches; returns counts by kind."""
    today = timezone.localdate()
    review_sprint, made_sprints = _sprints(cast, today)
    pm, po, qa = cast.access["pm"], cast.access["po"], cast.access["qa"]

    # Test plans: the QA engineer draws cases from the criteria and runs them.
    battery, signal, compass = (cast.items[title] for title in IN_REVIEW[:3])
    battery_cases = services.cases_generate(access=qa, item=battery)
    services.run_record(
        access=qa,
        item=battery,
        results={case.pk: "passed" for case in battery_cases},
        notes="Bench test with three aged packs",
    )
    signal_cases = services.cases_generate(access=qa, item=signal)
    services.run_record(
        access=qa,
        item=signal,
        results={signal_cases[0].pk: "passed", signal_cases[-1].pk: "failed"},
        notes="Field test, wind 9 m/s",
    )
    compass_cases = services.cases_generate(access=qa, item=compass)

    # The review: one item accepted, one sent back; two still wait for the PO.
    sprint_id = review_sprint.pk if review_sprint else None
    battery, signal = _fresh(battery), _fresh(signal)
    services.item_accept(
        access=po, item=battery, sprint_id=sprint_id, expected_version=battery.version
    )
    services.item_reject(
        access=po,
        item=signal,
        reason=REJECTION,
        sprint_id=sprint_id,
        expected_version=signal.version,
    )
    if review_sprint is not None:
        services.review_update(
            access=po,
            sprint_id=review_sprint.pk,
            attendees=[cast.people[h].email for h in ("pm", "po", "dev", "qa", "sales")],
            feedback=FEEDBACK,
            held_on=today,
            expected_version=_review_version(review_sprint),
        )

    # Releases: 2.0 shipped what the first sprints finished (the metrics bend there),
    # 2.1 the first stories' polish, and 2.2 is planned to deliver the safety epic.
    first = _release_of_early_sprints(cast, po, release_2_0_date(today))
    shipped = services.release_create(
        access=po,
        fields={
            "name": "2.1",
            "target_date": today - dt.timedelta(days=4),
            "items": [cast.items[title].key for title in SHIPPED],
            "notes": "Return-to-home on low battery and the live 1080p preview.",
        },
    )
    services.release_ship(
        access=po,
        release_id=shipped.pk,
        released_on=today - dt.timedelta(days=3),
        expected_version=shipped.version,
    )
    planned = services.release_create(
        access=po,
        fields={
            "name": "2.2",
            "target_date": today + dt.timedelta(days=70),
            "epics": [cast.epics["safety"].key],
            "items": [battery.key],
            "notes": "Safety & compliance for the EU C1 class marking.",
        },
    )

    # The launch of 1.1: the PM starts it from the default template, owners tick off.
    launch = services.launch_create(access=pm, release_id=planned.pk)
    for task in launch.tasks.all():
        owner = cast.people[LAUNCH_OWNERS.get(task.title, "pm")]
        task = services.launch_task_update(
            access=pm,
            task_id=task.pk,
            changes={"owner": owner.email},
            expected_version=task.version,
        )
        if task.title in LAUNCH_DONE:
            services.launch_task_check(
                access=pm, task_id=task.pk, done=True, expected_version=task.version
            )
    return {
        "releases": 2 + first,
        "launches": 1,
        "test cases": len(battery_cases) + len(signal_cases) + len(compass_cases),
        "acceptances": 2,
        **({"sprints": made_sprints} if made_sprints else {}),
    }


def _release_of_early_sprints(cast: Cast, po: ProductAccess, shipped_on: dt.date) -> int:
    """Release 2.0: the work finished in sprints that closed before it shipped."""
    finished = list(
        SprintItem.objects.filter(
            sprint__product=cast.product,
            sprint__state=SprintState.CLOSED,
            sprint__ends_on__lt=shipped_on,
            removed_at__isnull=True,
            item__status__in=[Status.DONE, Status.ACCEPTED],
        ).select_related("item__product")
    )
    release = services.release_create(
        access=po,
        fields={
            "name": RELEASE_2_0_VERSION,
            "target_date": shipped_on,
            "items": [entry.item.key for entry in finished],
            "notes": "Guided first flight, Smart RTH and Care+ in the app.",
        },
    )
    services.release_ship(
        access=po, release_id=release.pk, released_on=shipped_on, expected_version=release.version
    )
    return 1


def _review_version(sprint: Sprint) -> int:
    """The version of the sprint's review as it stands; 0 before it is first recorded."""
    review = SprintReview.objects.filter(sprint=sprint).first()
    return review.version if review else 0


def _fresh(item: Item) -> Item:
    item.refresh_from_db()
    return item


def _sprints(cast: Cast, today: dt.date) -> tuple[Sprint | None, int]:
    """The sprint whose review the demo holds, and how many sprints were made for it."""
    existing = Sprint.objects.filter(product=cast.product, archived_at__isnull=True)
    if existing.exists():
        # The items under review finished in the last closed sprint.
        review = (
            existing.filter(state=SprintState.CLOSED).order_by("-ends_on").first()
            or existing.filter(state=SprintState.ACTIVE).first()
        )
        return review, 0
    now = timezone.now()
    first_start = today - dt.timedelta(days=SPRINT_DAYS * len(SPRINT_HISTORY) + 7)
    for number, points in enumerate(SPRINT_HISTORY):
        starts = first_start + dt.timedelta(days=SPRINT_DAYS * number)
        sprint = Sprint.objects.create(
            product=cast.product,
            name=f"Sprint {number + 1}",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=SPRINT_DAYS - 1),
            state=SprintState.CLOSED,
            capacity=24,
            committed_points=points + 2,
            completed_points=points,
            started_at=now,
            closed_at=now,
            created_by=cast.people["po"],
        )
    _hold(sprint, [cast.items[title] for title in SHIPPED], cast)
    starts = first_start + dt.timedelta(days=SPRINT_DAYS * len(SPRINT_HISTORY))
    active = Sprint.objects.create(
        product=cast.product,
        name=f"Sprint {len(SPRINT_HISTORY) + 1}",
        goal="Safe flights home: battery warnings and signal-loss return.",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=SPRINT_DAYS - 1),
        state=SprintState.ACTIVE,
        capacity=24,
        committed_points=21,
        started_at=now,
        created_by=cast.people["po"],
    )
    _hold(active, [cast.items[title] for title in (*IN_REVIEW, *STILL_RUNNING)], cast)
    return active, len(SPRINT_HISTORY) + 1


def _hold(sprint: Sprint, items: list[Item], cast: Cast) -> None:
    SprintItem.objects.bulk_create(
        SprintItem(
            sprint=sprint,
            item=item,
            committed=True,
            points_at_start=item.estimate,
            added_by=cast.people["po"],
        )
        for item in items
    )
