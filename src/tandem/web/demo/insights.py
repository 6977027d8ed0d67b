"""The demo product's insights records: who cares, who pays, what they said, how they rate us.

Demand is laid out so the evidence ranking disagrees with the PO's manual order
in a few places worth a conversation: waypoint missions, offline maps, a long
video link and dark mode sit far down the backlog but are what paying
customers ask for most, while QuickShot modes, high in the backlog, has no
customer asking for it at all.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.insights import services
from tandem.insights.models import Feedback, SurveyResponse
from tandem.workspace import writes

from .cast import Cast

CUSTOMERS = (
    ("Alpine Rescue Network", "Public safety", "Enterprise", "12000", "active"),
    ("Skyline Surveys", "Inspection", "Pro fleet", "4500", "active"),
    ("Lumen Films", "Media", "Creator", "900", "at_risk"),
)
PEOPLE = {
    "Alpine Rescue Network": (("Lena Huber", "Operations lead"), ("Tom Berger", "Chief pilot")),
    "Skyline Surveys": (("Priya Nair", "Fleet manager"),),
    "Lumen Films": (("Jonas Weber", "Director of photography"),),
}
STAKEHOLDERS = (
    # name, kind, role, team, influence, interest, follows (item titles)
    ("Sam Ortega", "internal", "Head of sales", "Sales", 4, 5, ("Waypoint missions",)),
    ("Helga Brandt", "internal", "CFO", "Finance", 5, 2, ()),
    (
        "Dr. Amira Haddad",
        "external",
        "Aviation regulatory advisor",
        "",
        5,
        4,
        ("Remote ID broadcast", "Geofencing and no-fly zones"),
    ),
    (
        "Leo Fischer",
        "internal",
        "Support lead",
        "Customer support",
        2,
        5,
        ("Offline maps for remote areas",),
    ),
    ("Nadia Rossi", "external", "Reseller, Alpine Drones GmbH", "", 2, 2, ()),
    ("Kenji Ito", "internal", "Head of hardware", "Engineering", 4, 3, ("45-minute flight time",)),
)


@dataclass(frozen=True)
class Voice:
    """Feedback about one story: who says it, how often, how much it matters, in which words."""

    item: str
    customers: tuple[str | None, ...]  # one record per entry; None is a pilot without an account
    importance: int
    kind: str
    texts: tuple[str, ...]


VOICES = (
    Voice(
        "Waypoint missions",
        ("Alpine Rescue Network",) * 3 + ("Skyline Surveys",) * 4 + (None,),
        3,
        "feature",
        (
            "We fly the same search grid every week; waypoints would save our pilots an hour.",
            "Our inspectors need to repeat the exact same path along a power line.",
            "Please add waypoint missions, we are evaluating a competitor because of it.",
            "Mapping jobs need a lawnmower pattern we can plan on the tablet.",
        ),
    ),
    Voice(
        "Offline maps for remote areas",
        ("Alpine Rescue Network",) * 4 + ("Skyline Surveys",) * 2 + (None,) * 3,
        3,
        "feature",
        (
            "In the mountains the map goes grey and the pilots fly blind.",
            "We need maps that work without mobile signal.",
            "Map tiles should be cached before we drive out to the site.",
        ),
    ),
    Voice(
        "Stable video link up to 10 km",
        ("Alpine Rescue Network",) * 2 + ("Skyline Surveys",) * 3,
        2,
        "feature",
        (
            "The video freezes beyond 4 km along the valley.",
            "Link drops behind the wind turbines; we need a longer stable range.",
        ),
    ),
    Voice(
        "Dark mode for the flight app",
        ("Lumen Films",) * 3 + (None,) * 5,
        1,
        "usability",
        (
            "The bright app ruins my night vision on dusk shoots.",
            "Please give us a dark theme, the screen is blinding at night.",
        ),
    ),
    Voice(
        "App crashes when the SD card fills up during recording",
        ("Lumen Films",) * 2 + ("Skyline Surveys",) + (None,) * 3,
        3,
        "bug",
        (
            "The app crashed and the last clip was lost when the card was full.",
            "Crash at the end of a long recording; card was almost full.",
        ),
    ),
    Voice(
        "Estimated flight time remaining",
        ("Alpine Rescue Network", "Skyline Surveys", None, None),
        2,
        "feature",
        ("I want to see how many minutes are left, not just a percentage.",),
    ),
    Voice(
        "Record 4K/60 HDR video",
        ("Lumen Films",) * 2 + (None,) * 2,
        2,
        "feature",
        ("HDR at 60 fps is the one thing missing for our commercial work.",),
    ),
    Voice(
        "Find my drone after a crash",
        ("Alpine Rescue Network", None, None),
        2,
        "feature",
        ("We lost a drone in the forest; a beeper and last GPS position would help.",),
    ),
    Voice(
        "Pilot logbook",
        ("Skyline Surveys",) * 2,
        1,
        "feature",
        ("Our insurer asks for flight logs per pilot.",),
    ),
    Voice(
        "Make set-up less confusing",
        (None,) * 4,
        2,
        "usability",
        (
            "Took me 40 minutes to pair the controller, the steps are confusing.",
            "The first set-up screens are hard to follow.",
        ),
    ),
)
INBOX = (
    ("The gimbal drifts to the left after landing on snow.", "support"),
    ("Could you add a panorama mode that stitches in the drone?", "app_review"),
    ("Great camera, the colours are superb.", "app_review"),
    ("How do I export my logbook to CSV?", "support"),
    ("Battery warnings come too late in cold weather.", "interview"),
    ("The controller disconnects when my phone gets a call.", "support"),
    ("Love how quiet the new propellers are!", "app_review"),
    ("Please let us share clips straight to Instagram.", "sales"),
    ("Update failed twice at 80% and then worked.", "support"),
    ("Is Remote ID included or do I need a module?", "sales"),
)


def load(cast: Cast) -> dict[str, int]:
    """Create the demo's insights records through the services; returns counts by kind."""
    po, pm, sales = cast.access["po"], cast.access["pm"], cast.access["sales"]
    rng = random.Random(7)
    today = timezone.localdate()

    customers = {
        name: _create(
            kind="customer",
            access=po,
            fields={"name": name, "segment": segment, "plan": plan, "mrr": mrr, "status": status},
        )
        for name, segment, plan, mrr, status in CUSTOMERS
    }
    for name, people in PEOPLE.items():
        for person, title in people:
            _create(
                kind="customer_person",
                access=po,
                fields={"customer": customers[name].pk, "name": person, "title": title},
            )
    for name, kind, role, team, influence, interest, follows in STAKEHOLDERS:
        stakeholder = _create(
            kind="stakeholder",
            access=pm,
            fields={
                "name": name,
                "kind": kind,
                "role": role,
                "team": team,
                "influence": influence,
                "interest": interest,
            },
        )
        if follows:
            services.stakeholder_follow(
                access=pm,
                stakeholder_id=stakeholder.pk,
                item_keys=[cast.items[title].key for title in follows],
            )

    feedback = 0
    sources = ("interview", "support", "sales", "app_review", "other")
    for voice in VOICES:
        item = cast.items[voice.item]
        for n, customer in enumerate(voice.customers):
            record = _create(
                kind="feedback",
                access=sales if n % 3 == 0 else po,
                fields={
                    "text": voice.texts[n % len(voice.texts)],
                    "source": "app_review" if customer is None else sources[n % 3],
                    "customer": customer,
                    "received_on": today - timedelta(days=rng.randint(1, 85)),
                    "kind": voice.kind,
                    "sentiment": "positive" if voice.kind == "praise" else "negative",
                },
            )
            services.feedback_link(
                access=po, feedback_id=record.pk, item_key=item.key, importance=voice.importance
            )
            feedback += 1
    for text, source in INBOX:
        _create(
            kind="feedback",
            access=sales,
            fields={
                "text": text,
                "source": source,
                "received_on": today - timedelta(days=rng.randint(0, 6)),
            },
        )
        feedback += 1
    original = Feedback.objects.filter(
        product=cast.product, text__startswith="In the mountains"
    ).first()
    copy = _create(
        kind="feedback",
        access=sales,
        fields={
            "text": "In the mountains the map goes grey and pilots fly blind (same as last call).",
            "source": "sales",
            "customer": "Alpine Rescue Network",
        },
    )
    if original is not None:
        services.feedback_mark_duplicate(access=po, feedback_id=copy.pk, original_id=original.pk)
    feedback += 1

    ideas = _ideas(cast)
    answers = _survey(cast, rng)
    return {
        "customers": len(customers),
        "stakeholders": len(STAKEHOLDERS),
        "feedback": feedback + answers["feedback"],
        "ideas": ideas,
        "survey responses": answers["responses"],
    }


def _ideas(cast: Cast) -> int:
    po, pm = cast.access["po"], cast.access["pm"]
    dev, sales = cast.access["dev"], cast.access["sales"]
    tethered = _create(
        kind="idea",
        access=sales,
        fields={
            "title": "Tethered mode for all-day inspections",
            "description": "Power over a cable so inspection customers can hover for hours.",
        },
    )
    for voter in (sales, po, dev):
        services.idea_vote(access=voter, idea_id=tethered.pk)
    vr = _create(
        kind="idea",
        access=dev,
        fields={"title": "VR headset view", "description": "Fly with goggles for immersion."},
    )
    services.idea_vote(access=dev, idea_id=vr.pk)
    services.idea_decline(
        access=pm,
        idea_id=vr.pk,
        reason="Goggles mean flying beyond visual line of sight, which our pilots may not "
        "do without a waiver; we revisit once BVLOS rules settle.",
        expected_version=vr.version,
    )
    batteries = _create(
        kind="idea",
        access=sales,
        fields={
            "title": "Battery health report for fleet customers",
            "description": "A monthly report of cycles and capacity per battery.",
        },
    )
    services.idea_vote(access=po, idea_id=batteries.pk)
    accepted = services.idea_accept(
        access=po, idea_id=batteries.pk, destination="story", expected_version=batteries.version
    )
    if accepted.item is not None:
        # The PO files the new story under its epic, as refinement would.
        backlog_services.item_update(
            access=po,
            item=accepted.item,
            changes={"parent": cast.epics["flight"].key},
            expected_version=accepted.item.version,
        )
    _create(
        kind="idea",
        access=po,
        fields={
            "title": "Loaner drones while one is in repair",
            "description": "Enterprise customers keep flying while we fix theirs.",
        },
    )
    return 4


def _survey(cast: Cast, rng: random.Random) -> dict[str, Any]:
    survey = _create(
        kind="survey",
        access=cast.access["pm"],
        fields={
            "title": "Pilot survey",
            "intro": "Two minutes: how are SkyLens drones working for you?",
            "questions": [
                {
                    "kind": "nps",
                    "prompt": "How likely are you to recommend SkyLens to a fellow pilot?",
                },
                {"kind": "csat", "prompt": "How satisfied are you with the SkyLens Fly app?"},
                {
                    "kind": "choice",
                    "prompt": "What should we improve first?",
                    "choices": ["Flight time", "Maps", "Camera", "Video link"],
                    "required": False,
                },
                {"kind": "text", "prompt": "Anything else we should know?", "required": False},
            ],
        },
    )
    nps_q, csat_q, choice_q, text_q = list(survey.questions.all())
    praise = ("Best camera in this price range.", "Return-to-home saved my drone twice.")
    complaints = (
        "The app feels slow to connect.",
        "Flight time in winter is disappointing.",
        "Offline maps would make this the perfect rescue drone.",
    )
    # Three months, NPS improving as the return-to-home work shipped.
    months = (
        (80, (0, 5, 6, 7, 8, 9, 10, 10, 3, 8, 9, 6)),
        (50, (7, 9, 10, 6, 8, 9, 10, 4, 9, 10, 8, 9, 10)),
        (15, (9, 10, 10, 8, 9, 7, 10, 9, 6, 10, 9, 10, 8, 10, 9)),
    )
    responses = 0
    feedback = 0
    now = timezone.now()
    for days_ago, scores in months:
        for score in scores:
            answers = {
                str(nps_q.pk): str(score),
                str(csat_q.pk): str(min(5, max(1, score // 2))),
                str(choice_q.pk): rng.choice(choice_q.choices),
            }
            if rng.random() < 0.25:
                answers[str(text_q.pk)] = rng.choice(praise if score >= 9 else complaints)
                feedback += 1
            response = services.survey_answer(
                public_key=survey.public_key,
                token=services.respondent_token_issue(survey=survey),
                answers=answers,
                client_ip=f"198.51.100.{responses % 250}",
            )
            SurveyResponse.objects.filter(pk=response.pk).update(
                submitted_at=now - timedelta(days=days_ago - rng.randint(0, 10))
            )
            responses += 1
    return {"responses": responses, "feedback": feedback}


def _create(*, kind: str, access: Any, fields: dict[str, Any]) -> Any:
    record = writes.record_create(access=access, kind=kind, fields=fields).record
    assert record is not None, f"the demo's {kind} became a proposal"
    return record
