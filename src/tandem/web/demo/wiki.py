"""The demo product's wiki: a handbook, a PRD, review notes and a decision record.

Written through the record spine as the people who would have written them;
the review notes are edited once, so their history has a diff to show.
"""

from __future__ import annotations

from typing import Any

from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.registry import record_type

from .cast import Cast
from .metrics import RELEASE_2_0_VERSION


def _id(access: ProductAccess, kind: str, title: str) -> int:
    row = record_type(kind).scoped(access).filter(title=title).values_list("pk", flat=True).first()
    assert row is not None, f"the demo has no {kind} {title!r}"
    return int(row)


def _page(access: ProductAccess, **fields: Any) -> Any:
    outcome = writes.record_create(access=access, kind="wiki_page", fields=fields)
    assert outcome.record is not None
    return outcome.record


def load(cast: Cast) -> dict[str, int]:
    pm, po, dev = cast.access["pm"], cast.access["po"], cast.access["dev"]
    key = {title: item.key for title, item in cast.items.items()}
    all_day = _id(pm, "initiative", "All-day flying")
    onboarding = _id(pm, "initiative", "Ten-minute onboarding")
    spotlight = _id(pm, "decision", "Cut the spotlight mode from 2.0 to keep the launch date")
    release = RELEASE_2_0_VERSION
    handbook = _page(
        pm,
        title="SkyLens product handbook",
        body=(
            "Where the team keeps what it knows about SkyLens.\n\n"
            f"- **Now:** initiative:{all_day} (all-day flying) and the safety work.\n"
            f"- **Next:** initiative:{onboarding} (ten-minute onboarding).\n"
            f"- **Shipping:** release:{release}.\n\n"
            "Ask @maya about strategy and @oscar about the backlog."
        ),
    )
    _page(
        pm,
        title="PRD: All-day flying",
        parent=handbook.pk,
        body=(
            "## Problem\n\nEvent filmers swap batteries every 25 minutes and miss the moment.\n\n"
            "## Goals and success metrics\n\n- Flight time per battery from 27 to 40 minutes.\n\n"
            "## Requirements\n\n| # | Requirement | Priority | Item |\n| --- | --- | --- | --- |\n"
            f"| 1 | Come home before the battery runs out | Must | "
            f"{key['Return-to-home on low battery']} |\n"
            f"| 2 | Warn about worn batteries | Should | {key['Battery health warnings']} |\n\n"
            f"## Release\n\nPlanned for release:{release}. Serves initiative:{all_day}."
        ),
    )
    notes = _page(
        po,
        title=f"Sprint review notes — release {release}",
        parent=handbook.pk,
        template="meeting",
    )
    review = (
        f"**Attendees:** @oscar, @dana, @ravi, @sam\n\n## Notes\n\n"
        f"- {key['Battery health warnings']} accepted; sales wants it in the store demo.\n"
        f"- {key['Fly home when the controller signal is lost']} drifted in wind: rejected.\n\n"
        "## Action items\n\n- @ravi — book the HIL rig for the signal-loss test"
    )
    writes.record_update(
        access=po,
        kind="wiki_page",
        record_id=notes.pk,
        changes={"body": review},
        expected_version=notes.version,
    )
    writes.record_update(
        access=dev,
        kind="wiki_page",
        record_id=notes.pk,
        changes={"body": review + "\n- @dana — retune the wind compensation before the retest"},
        expected_version=notes.version + 1,
    )
    _page(
        po,
        title="Decision record: spotlight mode waits for 2.1",
        parent=handbook.pk,
        body=(
            f"**Status:** decided (decision:{spotlight})\n\n## Context\n\n"
            f"{key['Spotlight mode']} needs two more sprints; the launch date is tied to the "
            "trade fair.\n\n## Decision\n\nCut to 2.1; the launch date holds.\n\n"
            "## Consequences\n\nThe 2.0 launch story leans on flight time, not camera modes."
        ),
    )
    return {"wiki pages": 4}
