"""The demo product's story map: a pilot's journey, its steps, and three release slices.

Built as the Product Owner through the same record spine and the same placing
service the page and the API use; the walking skeleton is the thinnest flight
from unboxing to sharing a clip, and release 2.1 (which shipped its return-to-home
and live preview) is linked to it as the release that ships it.
"""

from __future__ import annotations

from typing import Any

from tandem.backlog.story_map import services as story_map
from tandem.backlog.story_map.models import MapSlice, MapStep
from tandem.delivery import services as delivery_services
from tandem.delivery.models import Release
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess

from .cast import Cast

SKELETON, RELEASE, LATER = "Walking skeleton", "Release 2.0", "Later"
SKELETON_RELEASE = "2.1"  # the release that ships the walking skeleton

# Activity → step → (story title, slice), top-down in each step as they rank in the backlog.
JOURNEY: tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]], ...] = (
    (
        "Get started",
        (
            (
                "Unbox and pair",
                (
                    ("Pair drone and controller by QR code", SKELETON),
                    ("Connect to the drone in under 10 seconds", RELEASE),
                ),
            ),
            (
                "Learn to fly",
                (
                    ("First-flight tutorial", SKELETON),
                    ("Welcome tour of the flight screen", RELEASE),
                    ("Flight simulator with the real controller", LATER),
                ),
            ),
        ),
    ),
    (
        "Fly",
        (
            (
                "Take off",
                (
                    ("Live 1080p preview in the app", SKELETON),
                    ("Palm launch and landing", LATER),
                ),
            ),
            (
                "Stay safe",
                (
                    ("Geofencing and no-fly zones", SKELETON),
                    ("Omnidirectional obstacle sensing", RELEASE),
                    ("Wind speed warning", RELEASE),
                ),
            ),
            (
                "Come home",
                (
                    ("Return-to-home on low battery", SKELETON),
                    ("Precision landing on the take-off point", RELEASE),
                ),
            ),
        ),
    ),
    (
        "Capture",
        (
            (
                "Film",
                (
                    ("Record 4K/60 HDR video", SKELETON),
                    ("QuickShot modes", LATER),
                ),
            ),
            (
                "Share",
                (
                    ("Export footage from the drone over USB-C", SKELETON),
                    ("Share clips to social media from the app", LATER),
                ),
            ),
        ),
    ),
)


def _made(access: ProductAccess, kind: str, fields: dict[str, Any]) -> Any:
    outcome = writes.record_create(access=access, kind=kind, fields=fields)
    assert outcome.record is not None, f"the demo's {kind} became a proposal"
    return outcome.record


def load(cast: Cast) -> dict[str, int]:
    po = cast.access["po"]
    slices: dict[str, MapSlice] = {
        name: _made(po, "map_slice", {"name": name, "is_skeleton": name == SKELETON})
        for name in (SKELETON, RELEASE, LATER)
    }
    placed = 0
    for activity_name, steps in JOURNEY:
        activity = _made(po, "map_activity", {"name": activity_name})
        for step_name, stories in steps:
            step: MapStep = _made(po, "map_step", {"activity": activity.pk, "name": step_name})
            for title, slice_name in stories:
                story_map.story_place(
                    access=po, item=cast.items[title], step=step, slice=slices[slice_name]
                )
                placed += 1
    shipping = Release.objects.get(product=cast.product, name=SKELETON_RELEASE)
    delivery_services.release_update(
        access=po,
        release_id=shipping.pk,
        changes={"slice": slices[SKELETON].pk},
        expected_version=shipping.version,
    )
    return {"story map stories": placed}
