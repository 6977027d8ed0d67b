"""What the SkyLens Drones demo holds: people, epics, stories, conversations, proposals.

Written the way a camera-drone maker's team would write it; :mod:`.loader`
feeds it through the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.backlog.models import Kind, LinkKind, MoSCoW, Status
from tandem.workspace.models import Role

ORGANIZATION = "SkyLens"
PRODUCT_KEY = "DRN"
PRODUCT_NAME = "SkyLens Drones"
PASSWORD = "demo"

MUST, SHOULD, COULD, WONT = MoSCoW.MUST, MoSCoW.SHOULD, MoSCoW.COULD, MoSCoW.WONT
NEW, READY, IN_PROGRESS, DONE, ACCEPTED = (
    Status.NEW,
    Status.READY,
    Status.IN_PROGRESS,
    Status.DONE,
    Status.ACCEPTED,
)


# --- the shape of the content ----------------------------------------------------------


@dataclass(frozen=True)
class Person:
    handle: str
    email: str
    name: str
    role: str
    about: str = ""
    reports_to: str | None = None  # a handle


@dataclass(frozen=True)
class Gwt:
    """An acceptance criterion written as given / when / then."""

    given: str
    when: str
    then: str


Criterion = str | Gwt


@dataclass(frozen=True)
class Epic:
    code: str
    title: str
    description: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    """One backlog item as the demo writes it; the title is its handle elsewhere here."""

    title: str
    epic: str
    kind: str = Kind.STORY
    story: tuple[str, str, str] = ("", "", "")  # as a / I want / so that
    description: str = ""
    criteria: tuple[Criterion, ...] = ()
    estimate: int | None = None
    value_effort: tuple[int, int] | None = None
    rice: tuple[int, float, int, float] | None = None  # reach, impact, confidence %, months
    wsjf: tuple[int, int, int, int] | None = None  # value, time criticality, risk, job size
    moscow: str = ""
    labels: tuple[str, ...] = ()
    assignee: str | None = None  # a handle
    status: str = NEW
    stale_days: int | None = None  # nobody touched it for this long


@dataclass(frozen=True)
class Thread:
    """A comment, and the answer it got."""

    item: str  # a title
    author: str  # a handle
    body: str
    is_question: bool = False
    answer: tuple[str, str] | None = None  # (handle, body)


@dataclass(frozen=True)
class DemoLink:
    item: str
    title: str
    url: str
    kind: str = LinkKind.DOCUMENT


# --- the content ---------------------------------------------------------------------------

PEOPLE: tuple[Person, ...] = (
    Person("pm", "pm@demo.test", "Maya Patel", Role.PRODUCT_MANAGER),
    Person("po", "po@demo.test", "Oscar Lindqvist", Role.PRODUCT_OWNER, reports_to="pm"),
    Person("dev", "dev@demo.test", "Dana Kim", Role.TEAM_MEMBER, "flight software"),
    Person("qa", "qa@demo.test", "Ravi Shah", Role.TEAM_MEMBER, "test and quality"),
    Person("sales", "stakeholder@demo.test", "Sam Ortega", Role.STAKEHOLDER, "head of sales"),
)

EPICS: tuple[Epic, ...] = (
    Epic(
        "safety",
        "Safety & compliance",
        "Fly legally and bring the drone home, every time.\n\n"
        "- **Remote ID** broadcast (EU C1 class marking, FAA Part 89)\n"
        "- Geofencing and no-fly zones\n"
        "- Return-to-home and the warnings that lead up to it\n\n"
        "Regulators and retailers both gate our launch on this epic.",
        ("safety", "compliance"),
    ),
    Epic(
        "camera",
        "Camera quality",
        "Image quality is why people pay prosumer prices.\n\n"
        "Targets for the SkyLens **Aero 2**:\n\n"
        "| | Aero 1 | Aero 2 |\n"
        "| --- | --- | --- |\n"
        "| Sensor | 1/1.3-inch | **1-inch** |\n"
        "| Video | 4K/30 | **4K/60 HDR, 10-bit** |\n"
        "| Low light | ISO 1600 usable | **ISO 3200 usable** |",
        ("camera",),
    ),
    Epic(
        "flight",
        "Battery & endurance",
        "Longer flights, honest battery numbers, no surprises.\n\n"
        "*Goal:* **45 minutes** of hover time with the new 5,000 mAh pack, and a "
        "pilot who always knows how much flight is left.",
        ("battery",),
    ),
    Epic(
        "avoid",
        "Obstacle avoidance",
        "Sense and avoid in every direction so that nobody flies into a tree.\n\n"
        "Reviewers rank obstacle sensing and subject tracking together; "
        "ActiveTrack depends on the sensing work here.",
        ("safety",),
    ),
    Epic(
        "app",
        "Flight app & connectivity",
        "The SkyLens Fly app for iOS and Android: live view, maps, logbook, updates.\n\n"
        "1. A preview you can frame with\n"
        "2. Works in the mountains without signal\n"
        "3. Keeps drone, controller and batteries up to date",
        ("app",),
    ),
    Epic(
        "onboard",
        "Onboarding",
        "From unboxing to a confident first flight in **under 15 minutes**.\n\n"
        "About 30% of returns say the drone was *too hard to fly*; this epic is "
        "how we bring that number down.",
        ("ux",),
    ),
)

# In rank order: what the team works on now, then what is ready next, then the rest.
BACKLOG: tuple[Spec, ...] = (
    # --- in the current sprint -----------------------------------------------------------
    Spec(
        "Return-to-home on low battery",
        "safety",
        story=(
            "pilot",
            "the drone to fly home by itself when the battery holds just enough for the trip back",
            "I never lose the drone over water or trees because I misjudged the battery",
        ),
        description=(
            "Smart RTH computes the charge needed to get home from **distance, altitude "
            "and recent headwind**, plus a 10% reserve."
        ),
        criteria=(
            Gwt(
                "the drone is 800 m away and the charge left covers only the way home plus 10%",
                "that threshold is crossed",
                "the app warns for 10 seconds and the drone starts home unless I cancel",
            ),
            Gwt(
                "return-to-home has started",
                "an obstacle is on the straight path home",
                "the drone climbs to the RTH altitude before it flies home",
            ),
            "The threshold accounts for the headwind measured over the last 60 seconds.",
            Gwt(
                "no home point was recorded because there was no GPS lock at take-off",
                "the low-battery threshold is reached",
                "the drone hovers, warns every 10 seconds and lands in place at 10%",
            ),
        ),
        estimate=5,
        value_effort=(10, 4),
        rice=(40000, 3, 90, 2),
        wsjf=(21, 13, 13, 5),
        moscow=MUST,
        labels=("safety", "battery", "firmware"),
        assignee="dev",
        status=ACCEPTED,
    ),
    Spec(
        "Live 1080p preview in the app",
        "app",
        story=(
            "pilot",
            "a live 1080p preview of what the camera sees",
            "I can frame a shot precisely before I press record",
        ),
        criteria=(
            "Glass-to-glass latency stays under 200 ms up to 2 km in line of sight.",
            Gwt(
                "the video link degrades",
                "the bitrate falls below 4 Mbps",
                "the preview drops to 720p instead of freezing",
            ),
        ),
        estimate=5,
        value_effort=(8, 5),
        rice=(45000, 2, 80, 2),
        wsjf=(8, 5, 3, 5),
        moscow=MUST,
        labels=("app", "connectivity", "camera"),
        assignee="qa",
        status=ACCEPTED,
    ),
    Spec(
        "Battery health warnings",
        "flight",
        story=(
            "pilot",
            "to see each battery's health and cycle count, and be warned before I fly a worn one",
            "a tired battery never surprises me in the air",
        ),
        criteria=(
            "Each battery shows its cycle count, health in percent and last calibration date.",
            Gwt(
                "a battery's health is below 80%",
                "I insert it before take-off",
                "the app shows a warning and suggests a calibration cycle",
            ),
            Gwt(
                "a cell is out of balance by more than 0.1 V",
                "I try to take off",
                "take-off is blocked and the app explains why",
            ),
        ),
        estimate=3,
        value_effort=(7, 3),
        rice=(30000, 1, 80, 1),
        moscow=MUST,
        labels=("battery", "app", "safety"),
        assignee="dev",
        status=DONE,
    ),
    Spec(
        "Fly home when the controller signal is lost",
        "safety",
        story=(
            "pilot",
            "the drone to fly home when it loses the controller signal for more than 3 seconds",
            "a lost link never means a lost drone",
        ),
        criteria=(
            Gwt(
                "the drone is flying 1 km away",
                "the controller signal is gone for 3 seconds",
                "the drone brakes, climbs to the RTH altitude and flies home",
            ),
            "When the signal comes back, the pilot can take over with one tap.",
        ),
        estimate=3,
        value_effort=(9, 3),
        rice=(60000, 3, 90, 1),
        wsjf=(13, 8, 21, 3),
        moscow=MUST,
        labels=("safety", "firmware"),
        assignee="dev",
        status=DONE,
    ),
    Spec(
        "Compass calibration guide in the app",
        "safety",
        story=(
            "pilot",
            "to calibrate the compass with step-by-step animations in the app",
            "I don't have to look up the calibration dance in a video",
        ),
        criteria=(
            Gwt(
                "the compass reports interference",
                "I open the calibration guide",
                "an animation shows each turn and the app confirms when it is done",
            ),
        ),
        estimate=2,
        value_effort=(4, 2),
        moscow=SHOULD,
        labels=("app", "ux", "safety"),
        assignee="qa",
        status=DONE,
    ),
    Spec(
        "Gimbal horizon tilts 2° after firmware 1.4.2",
        "camera",
        kind=Kind.BUG,
        description=(
            "**Steps to reproduce**\n\n"
            "1. Update the drone to firmware 1.4.2\n"
            "2. Take off and hover at 20 m\n"
            "3. Record 30 seconds facing the sea\n\n"
            "**Expected:** a level horizon. **Actual:** the horizon leans about 2° "
            "to the left; gimbal calibration does not fix it.\n\n"
            "Reported by 40+ customers on the forum within a week."
        ),
        estimate=2,
        labels=("camera", "firmware"),
        assignee="dev",
        status=DONE,
    ),
    Spec(
        "Record 4K/60 HDR video",
        "camera",
        story=(
            "travel vlogger",
            "to record 4K video at 60 frames per second with HDR",
            "fast pans look smooth and sunsets keep detail in the sky and the shadows",
        ),
        description=(
            "Headline feature of the Aero 2 launch.\n\n"
            "- 10-bit H.265, up to **150 Mbps**\n"
            "- HLG for HDR, D-Log for grading (separate story)\n"
            "- Dual-gain HDR from the new 1-inch sensor"
        ),
        criteria=(
            Gwt(
                "the camera is set to 4K/60 HDR",
                "I record a 10-minute clip",
                "the file plays back at 59.94 fps with no dropped frames",
            ),
            "HDR clips are tagged HLG, so phones and editors show them as HDR.",
            "The sensor stays under 75 °C during 20 minutes of recording at 30 °C outside.",
        ),
        estimate=8,
        value_effort=(9, 7),
        rice=(18000, 3, 80, 4),
        wsjf=(13, 8, 3, 8),
        moscow=MUST,
        labels=("camera", "firmware"),
        assignee="dev",
        status=IN_PROGRESS,
    ),
    Spec(
        "Omnidirectional obstacle sensing",
        "avoid",
        story=(
            "pilot",
            "the drone to sense obstacles in every direction, above and sideways too",
            "I can fly sideways and backwards between trees without crashing",
        ),
        description=(
            "Six fisheye vision sensors plus the downward ToF sensor. "
            "Fusion runs on the flight controller; ActiveTrack builds on this."
        ),
        criteria=(
            Gwt(
                "the drone flies at up to 10 m/s in normal mode",
                "a 2 cm branch is in its path, in any direction",
                "it brakes and hovers at least 2 m from the branch",
            ),
            "Sensing works in daylight down to 15 lux; below that the app says it is off.",
            "Sensor fusion runs at 30 Hz or more.",
        ),
        estimate=13,
        value_effort=(9, 9),
        rice=(35000, 3, 50, 8),
        wsjf=(13, 5, 13, 13),
        moscow=MUST,
        labels=("safety", "firmware"),
        assignee="dev",
        status=IN_PROGRESS,
    ),
    Spec(
        "Firmware OTA updates",
        "app",
        story=(
            "pilot",
            "to update the drone, controller and batteries over the air from the app",
            "I always fly with the latest safety fixes, without a computer",
        ),
        criteria=(
            Gwt(
                "an update is available",
                "I open the app on Wi-Fi",
                "I see the release notes and install everything with one tap",
            ),
            Gwt(
                "the drone or the controller is below 50% charge",
                "I start an update",
                "the app asks me to charge first",
            ),
            "An interrupted update rolls back to the previous firmware and the drone still boots.",
            "The drone refuses an image whose signature does not verify.",
        ),
        estimate=8,
        value_effort=(8, 6),
        rice=(50000, 1, 80, 3),
        wsjf=(8, 13, 8, 8),
        moscow=MUST,
        labels=("firmware", "app"),
        assignee="dev",
        status=IN_PROGRESS,
    ),
    Spec(
        "Export footage from the drone over USB-C",
        "camera",
        story=(
            "wedding videographer",
            "to copy originals from the drone's SD card to my laptop over USB-C",
            "I don't have to pull the tiny card out on set",
        ),
        criteria=(
            "The drone shows up as a USB drive when connected and switched on.",
            Gwt(
                "the drone is connected over USB-C",
                "I copy 20 GB of footage",
                "the copy runs at 80 MB/s or faster",
            ),
        ),
        estimate=3,
        value_effort=(5, 2),
        moscow=SHOULD,
        labels=("camera", "ux"),
        assignee="qa",
        status=IN_PROGRESS,
    ),
    Spec(
        "Set up a hardware-in-the-loop rig for RTH tests",
        "safety",
        kind=Kind.TASK,
        description=(
            "Flight controller on the bench, GPS simulator and a battery emulator, so "
            "that return-to-home can be regression-tested on every firmware build."
        ),
        estimate=5,
        labels=("firmware", "safety"),
        assignee="qa",
        status=IN_PROGRESS,
    ),
    # --- ready for the next sprints ---------------------------------------------------------
    Spec(
        "ActiveTrack subject following",
        "avoid",
        story=(
            "mountain biker filming myself",
            "the drone to follow me and keep me framed while I ride",
            "I get cinematic shots without a second person flying",
        ),
        description=(
            "Draw a box around a subject in the live view; the drone follows it at a "
            "set distance and height. Needs **omnidirectional sensing** first."
        ),
        criteria=(
            Gwt(
                "I draw a box around a rider in the preview",
                "the rider moves at up to 40 km/h",
                "the drone keeps the rider in frame for the whole run",
            ),
            Gwt(
                "the rider passes behind a tree for under 2 seconds",
                "they reappear",
                "tracking resumes without me selecting them again",
            ),
            "Tracking never brings the drone closer than 5 m to the subject.",
        ),
        estimate=13,
        value_effort=(9, 8),
        rice=(25000, 3, 50, 6),
        wsjf=(20, 13, 5, 13),
        moscow=MUST,
        labels=("camera", "firmware", "app"),
        status=READY,
    ),
    Spec(
        "Geofencing and no-fly zones",
        "safety",
        story=(
            "pilot",
            "the app to warn me and stop the drone at the edge of airports and other no-fly zones",
            "I never break the law by accident",
        ),
        criteria=(
            Gwt(
                "a no-fly zone is 200 m ahead",
                "I fly towards it",
                "the drone slows down and stops 20 m before the boundary",
            ),
            Gwt(
                "I hold a valid authorization for a zone",
                "I unlock the zone in the app",
                "the drone may fly inside it until the authorization expires",
            ),
            "Zone data updates at least weekly and may be used offline for up to 30 days.",
        ),
        estimate=8,
        value_effort=(9, 6),
        rice=(60000, 2, 80, 4),
        wsjf=(13, 13, 13, 8),
        moscow=MUST,
        labels=("safety", "compliance", "app"),
        status=READY,
    ),
    Spec(
        "Estimated flight time remaining",
        "flight",
        story=(
            "pilot",
            "to see the flight time left in minutes, not only a battery percentage",
            "I can plan the last shot before I have to head home",
        ),
        criteria=(
            "The time left includes the trip home and updates every second.",
            Gwt(
                "less than 3 minutes are left beyond the trip home",
                "I'm still flying away from home",
                "the number turns red and the controller vibrates once",
            ),
        ),
        estimate=3,
        value_effort=(8, 3),
        rice=(50000, 1, 80, 1),
        wsjf=(8, 5, 8, 3),
        moscow=MUST,
        labels=("battery", "app", "safety"),
        status=READY,
    ),
    Spec(
        "Remote ID broadcast",
        "safety",
        story=(
            "pilot in the EU or the US",
            "the drone to broadcast Remote ID from take-off to landing",
            "I fly legally without buying an add-on module",
        ),
        description=(
            "Required for the **C1 class marking** in the EU and by FAA Part 89 in the US. "
            "Our EU distributors will not list drones without C1 marking after January."
        ),
        criteria=(
            Gwt(
                "the drone is switched on with a GPS lock",
                "it takes off",
                "it broadcasts serial number, position, altitude, speed and take-off point "
                "once per second",
            ),
            "Messages follow ASTM F3411-22a and EN 4709-002 direct remote identification.",
            Gwt(
                "the Remote ID self-test fails",
                "I try to take off",
                "take-off is blocked and the app tells me why",
            ),
        ),
        estimate=5,
        value_effort=(10, 4),
        rice=(60000, 3, 100, 2),
        wsjf=(13, 21, 13, 5),
        moscow=MUST,
        labels=("safety", "compliance", "firmware"),
        status=READY,
    ),
    Spec(
        "Wind speed warning",
        "safety",
        story=(
            "pilot",
            "a warning when the wind at altitude is too strong for a safe return",
            "I land before the drone can no longer fight its way home",
        ),
        criteria=(
            Gwt(
                "the measured wind is above 12 m/s for 5 seconds",
                "the drone is flying",
                "the app shows a red banner and the controller vibrates",
            ),
            "The threshold drops by 2 m/s when the battery is below 30%.",
        ),
        estimate=3,
        value_effort=(7, 2),
        rice=(40000, 1, 80, 0.5),
        wsjf=(8, 8, 13, 3),
        moscow=MUST,
        labels=("safety", "app"),
        status=READY,
    ),
    Spec(
        "First-flight tutorial",
        "onboard",
        story=(
            "first-time pilot",
            "a guided first flight that teaches take-off, hover, a small square and landing",
            "I feel confident instead of scared the first time I fly",
        ),
        description=(
            "Runs in **beginner mode**. Each step shows a 10-second animation, then the "
            "pilot does it for real; the app checks the step before moving on."
        ),
        criteria=(
            Gwt(
                "I open the app after pairing a new drone",
                "I have never flown before",
                "the app offers the first-flight tutorial",
            ),
            Gwt(
                "I'm in the tutorial",
                "the drone is about to leave a 10 m circle",
                "it stops, hovers and the app explains why",
            ),
            "During the tutorial speed is limited to 5 m/s, height to 30 m and distance to 50 m.",
        ),
        estimate=8,
        value_effort=(8, 5),
        rice=(20000, 2, 80, 2),
        wsjf=(8, 5, 5, 8),
        moscow=MUST,
        labels=("ux", "app"),
        status=READY,
    ),
    Spec(
        "Write the Remote ID declaration of conformity",
        "safety",
        kind=Kind.TASK,
        description="Template from the notified body; attach the F3411 test report.",
        estimate=3,
        labels=("compliance",),
        status=READY,
    ),
    Spec(
        "Gimbal stabilisation in strong wind",
        "camera",
        story=(
            "real-estate photographer",
            "footage to stay level and steady in wind up to 10 m/s",
            "I can shoot coastal and hilltop properties on breezy days",
        ),
        criteria=(
            Gwt(
                "gusts of up to 10 m/s",
                "the drone hovers and records 4K",
                "the horizon drifts less than 0.5° and no jello is visible",
            ),
            "Gimbal motors stay below 60 °C after 20 minutes of gusty flight.",
        ),
        estimate=8,
        value_effort=(8, 6),
        rice=(20000, 2, 70, 3),
        wsjf=(8, 5, 3, 8),
        moscow=SHOULD,
        labels=("camera", "firmware"),
        status=READY,
    ),
    Spec(
        "QuickShot modes",
        "camera",
        story=(
            "casual pilot",
            "one-tap automated shots: Dronie, Rocket, Circle and Helix",
            "I get pro-looking clips to share without learning cinematic flying",
        ),
        criteria=(
            Gwt(
                "I select Dronie and a subject",
                "I tap start",
                "the drone flies back and up 40 m, keeps the subject centred and returns",
            ),
            "Every QuickShot stops and hovers when an obstacle is sensed or I touch the sticks.",
            "After a QuickShot the app offers a 15-second vertical edit for social media.",
        ),
        estimate=5,
        value_effort=(6, 4),
        rice=(30000, 1, 80, 2),
        wsjf=(5, 3, 1, 5),
        moscow=SHOULD,
        labels=("camera", "app", "ux"),
        status=READY,
    ),
    Spec(
        "App crashes when the SD card fills up during recording",
        "app",
        kind=Kind.BUG,
        description=(
            "**Steps:** record 4K/60 with less than 1 GB free on the card.\n\n"
            "**Expected:** recording stops, the clip is saved, the app says the card is full.\n"
            "**Actual:** the Android app crashes; the last clip is sometimes corrupt.\n\n"
            "Seen on Android 14 (Pixel 7, Galaxy S23); iOS not affected."
        ),
        estimate=3,
        labels=("app", "camera"),
        assignee="qa",
        status=READY,
    ),
    Spec(
        "Battery hot-swap without rebooting",
        "flight",
        story=(
            "wedding videographer",
            "to swap batteries without the drone rebooting",
            "I keep my settings, GPS lock and home point between flights and never miss a moment",
        ),
        criteria=(
            Gwt(
                "the drone is on the ground with a battery in",
                "I swap the battery within 15 seconds",
                "the drone stays on and keeps its GPS lock and camera settings",
            ),
            "In the air the battery latch is locked; hot-swap works only on the ground.",
            "On hardware before rev C the app explains why hot-swap is not available.",
        ),
        estimate=8,
        value_effort=(6, 7),
        rice=(8000, 1, 50, 3),
        wsjf=(5, 3, 2, 8),
        moscow=SHOULD,
        labels=("battery", "firmware"),
        status=READY,
    ),
    Spec(
        "Offline maps for remote areas",
        "app",
        story=(
            "hiker",
            "to download the map of an area before I lose signal",
            "I still see where the drone is when I fly in the mountains",
        ),
        criteria=(
            Gwt(
                "I select an area on the map",
                "I tap Download",
                "the map tiles for that area are stored on the phone up to zoom level 17",
            ),
            "Offline maps use at most 2 GB by default; the limit can be changed in settings.",
        ),
        estimate=5,
        value_effort=(7, 4),
        rice=(15000, 1, 80, 1.5),
        moscow=SHOULD,
        labels=("app", "connectivity"),
        status=READY,
    ),
    Spec(
        "Spike: on-device AI chip for subject tracking",
        "avoid",
        kind=Kind.SPIKE,
        description=(
            "**Timebox: 3 days.** Can the NPU in the new camera SoC run the tracking "
            "network at 30 fps, or do we need a separate accelerator?\n\n"
            "Answer with: measured fps, power draw in W, and the BOM cost difference."
        ),
        estimate=3,
        labels=("firmware", "camera"),
        assignee="dev",
        status=READY,
    ),
    Spec(
        "45-minute flight time",
        "flight",
        story=(
            "surveyor mapping farmland",
            "45 minutes of flight on one battery",
            "I can map a 100-hectare field in a single flight",
        ),
        description=(
            "New 5,000 mAh pack plus lower-drag propellers. Take-off weight must stay "
            "**under 900 g** to keep the C1 class."
        ),
        criteria=(
            Gwt(
                "a new battery at 25 °C and no wind",
                "the drone hovers until it lands by itself",
                "the flight lasts at least 45 minutes",
            ),
            "The new pack weighs under 280 g.",
        ),
        estimate=21,
        value_effort=(10, 10),
        rice=(50000, 3, 50, 10),
        wsjf=(20, 8, 5, 21),
        moscow=MUST,
        labels=("battery",),
        status=READY,
    ),
    Spec(
        "Pilot logbook",
        "app",
        story=(
            "commercial pilot",
            "every flight logged automatically with date, duration, place, battery and height",
            "I can show my flying hours to clients and insurers",
        ),
        criteria=(
            "Each flight is saved with take-off and landing time, place, distance, "
            "maximum height and battery used.",
            Gwt(
                "I open the logbook",
                "I choose Export",
                "I get a CSV and a PDF summary of the flights I selected",
            ),
        ),
        estimate=5,
        value_effort=(5, 3),
        rice=(12000, 1, 80, 2),
        moscow=SHOULD,
        labels=("app",),
        status=READY,
    ),
    Spec(
        "Pair drone and controller by QR code",
        "onboard",
        story=(
            "first-time pilot",
            "to pair the drone and controller with my phone by scanning a QR code",
            "set-up takes under two minutes out of the box",
        ),
        criteria=(
            Gwt(
                "a new drone is switched on",
                "I scan the QR code in the battery compartment",
                "the app pairs drone and controller and lets me name the drone",
            ),
            "Pairing works without an internet connection.",
        ),
        estimate=3,
        value_effort=(6, 2),
        rice=(20000, 1, 80, 0.5),
        moscow=SHOULD,
        labels=("ux", "app"),
        status=READY,
    ),
    Spec(
        "Operator registration check for new pilots",
        "onboard",
        story=(
            "first-time pilot in the EU",
            "the app to tell me whether I must register as an operator and take the A1/A3 test",
            "I know what the law asks of me before I fly",
        ),
        criteria=(
            Gwt(
                "I set my country to an EU member state",
                "I finish pairing",
                "the app links to that country's registration site and the online test",
            ),
            "I can enter my operator ID; the drone then broadcasts it with Remote ID.",
        ),
        estimate=2,
        value_effort=(6, 2),
        rice=(25000, 0.5, 80, 0.5),
        moscow=SHOULD,
        labels=("compliance", "ux"),
        status=READY,
    ),
    Spec(
        "Find my drone after a crash",
        "safety",
        story=(
            "pilot",
            "to make a crashed drone beep and see its last known position on the map",
            "I can find it in tall grass or woods",
        ),
        criteria=(
            "The last position is stored on the phone every second while flying.",
            Gwt(
                "the drone has lost its link after a crash",
                "I tap Find my drone",
                "the map shows the last position and the drone beeps if it still has power",
            ),
        ),
        estimate=3,
        value_effort=(6, 2),
        rice=(10000, 1, 80, 0.5),
        moscow=SHOULD,
        labels=("safety", "app"),
        status=READY,
    ),
    Spec(
        "D-Log colour profile for grading",
        "camera",
        story=(
            "wedding videographer",
            "a flat 10-bit log colour profile",
            "I can grade drone footage to match my ground cameras",
        ),
        criteria=(
            "D-Log records 10-bit H.265 in all 4K and 2.7K frame rates.",
            "We publish a Rec.709 conversion LUT on the website on launch day.",
        ),
        estimate=3,
        value_effort=(6, 3),
        rice=(8000, 1, 80, 1),
        moscow=SHOULD,
        labels=("camera",),
        status=READY,
    ),
    Spec(
        "Battery pre-heating in cold weather",
        "flight",
        story=(
            "pilot in a Nordic winter",
            "batteries to warm themselves up to 15 °C before take-off",
            "the voltage does not sag and the drone does not land itself after five minutes",
        ),
        criteria=(
            Gwt(
                "the battery is below 10 °C",
                "I switch the drone on",
                "the battery heats itself, the app shows progress and take-off waits for 15 °C",
            ),
        ),
        estimate=5,
        value_effort=(6, 4),
        rice=(6000, 2, 80, 1),
        wsjf=(5, 8, 8, 5),
        moscow=SHOULD,
        labels=("battery", "firmware"),
        status=READY,
    ),
    Spec(
        "Landing protection on uneven ground",
        "avoid",
        story=(
            "pilot",
            "the drone to check the ground before it lands and warn me if it isn't flat",
            "it does not tip over and break propellers on rocks or slopes",
        ),
        criteria=(
            Gwt(
                "the ground below slopes more than 15°",
                "the drone descends to 50 cm",
                "it stops, hovers and the app asks me to choose another spot",
            ),
        ),
        estimate=5,
        value_effort=(6, 4),
        rice=(20000, 1, 80, 1.5),
        moscow=SHOULD,
        labels=("safety", "firmware"),
        status=READY,
    ),
    Spec(
        "Anti-collision strobe for twilight flights",
        "safety",
        story=(
            "commercial pilot",
            "a bright anti-collision strobe that is visible from 5 km",
            "I can fly at twilight as the rules require",
        ),
        criteria=("The strobe can be switched on and off in the app and on the controller.",),
        estimate=2,
        value_effort=(4, 2),
        rice=(3000, 1, 100, 0.5),
        wsjf=(3, 5, 8, 2),
        moscow=COULD,
        labels=("safety", "compliance"),
        status=READY,
    ),
    Spec(
        "Spoken warnings",
        "app",
        story=(
            "pilot",
            "critical warnings read out loud by the phone",
            "I can keep my eyes on the drone when something goes wrong",
        ),
        criteria=(
            "Low battery, strong wind, lost GPS and obstacle warnings are spoken in the "
            "language of the app.",
        ),
        estimate=2,
        value_effort=(5, 2),
        moscow=COULD,
        labels=("app", "ux", "safety"),
        status=READY,
    ),
    Spec(
        "Vision positioning indoors",
        "avoid",
        story=(
            "pilot",
            "the drone to hold its position indoors and under bridges without GPS",
            "it does not drift into walls when the satellites are out of sight",
        ),
        criteria=(
            Gwt(
                "there is no GPS and the floor has texture",
                "I release the sticks at 2 m height",
                "the drone drifts less than 10 cm in 30 seconds",
            ),
            "The app shows 'Vision positioning' instead of 'GPS' while it is in use.",
        ),
        estimate=8,
        value_effort=(6, 6),
        rice=(8000, 1, 80, 3),
        moscow=COULD,
        labels=("safety", "firmware"),
        status=READY,
    ),
    Spec(
        "Height and distance limits",
        "safety",
        story=(
            "pilot",
            "to set a maximum height and distance in the app",
            "I stay under the legal 120 m and within my line of sight",
        ),
        criteria=(
            Gwt(
                "the height limit is 120 m",
                "I push the throttle up at 118 m",
                "the drone stops at 120 m and the app says why",
            ),
            "The limits persist across flights and firmware updates.",
        ),
        estimate=2,
        value_effort=(7, 2),
        rice=(60000, 1, 100, 0.5),
        wsjf=(8, 8, 13, 2),
        moscow=MUST,
        labels=("safety", "compliance", "app"),
        status=READY,
    ),
    Spec(
        "Show which sensors see an obstacle in the live view",
        "avoid",
        story=(
            "pilot",
            "to see in the live view which side an obstacle is on and how close it is",
            "I trust the drone when I fly backwards or sideways",
        ),
        criteria=(
            "Obstacles closer than 10 m show as coloured arcs on that side of the live view.",
            Gwt(
                "an obstacle is closer than 3 m",
                "I keep flying towards it",
                "the arc turns red and the controller beeps faster as it gets closer",
            ),
        ),
        estimate=3,
        value_effort=(7, 3),
        rice=(35000, 1, 80, 1),
        moscow=MUST,
        labels=("safety", "app", "ux"),
        status=READY,
    ),
    Spec(
        "Exposure bracketing for HDR photos",
        "camera",
        story=(
            "real-estate photographer",
            "to shoot 3 or 5 bracketed exposures with one press",
            "I can merge interiors and bright windows into one HDR photo later",
        ),
        criteria=("Bracketing offers 3 or 5 shots at 0.7, 1, 2 or 3 EV steps, in RAW and JPEG.",),
        estimate=3,
        value_effort=(6, 2),
        rice=(8000, 1, 80, 0.5),
        moscow=SHOULD,
        labels=("camera",),
        status=READY,
    ),
    # --- refined, waiting for capacity ----------------------------------------------------
    Spec(
        "Spotlight mode",
        "camera",
        story=(
            "pilot",
            "to fly freely while the camera stays locked on a subject",
            "I control the path and the drone controls the framing",
        ),
        criteria=(
            Gwt(
                "I select a subject and Spotlight",
                "I fly a curve around it",
                "the gimbal and yaw keep the subject centred",
            ),
        ),
        estimate=5,
        value_effort=(6, 5),
        moscow=SHOULD,
        labels=("camera", "firmware"),
    ),
    Spec(
        "Waypoint missions",
        "app",
        story=(
            "surveyor",
            "to plan a waypoint mission on the map and have the drone fly it",
            "I can repeat exactly the same route every week and compare progress",
        ),
        criteria=(
            Gwt(
                "I placed 10 waypoints, each with a height and a camera action",
                "I start the mission",
                "the drone flies them in order and takes the photos",
            ),
            Gwt(
                "the link is lost during a mission",
                "the drone reaches the next waypoint",
                "it finishes the mission and then returns home",
            ),
            "Missions are saved and can be flown again.",
        ),
        estimate=13,
        value_effort=(7, 8),
        rice=(5000, 2, 80, 5),
        wsjf=(8, 3, 5, 13),
        moscow=SHOULD,
        labels=("app", "firmware"),
    ),
    Spec(
        "Steer around obstacles while tracking",
        "avoid",
        story=(
            "action-sports filmmaker",
            "the drone to fly around obstacles while it follows me, not just brake",
            "a tracking shot doesn't end every time a tree is in the way",
        ),
        criteria=(
            Gwt(
                "ActiveTrack is following me through a forest trail",
                "a tree stands between the drone and its next position",
                "the drone finds a path around it and keeps following",
            ),
        ),
        estimate=13,
        value_effort=(7, 9),
        rice=(10000, 2, 50, 6),
        moscow=SHOULD,
        labels=("safety", "firmware", "camera"),
    ),
    Spec(
        "1-inch sensor low-light performance",
        "camera",
        story=(
            "real-estate photographer",
            "clean images at dusk from the 1-inch sensor",
            "I can shoot the twilight exteriors that sell houses",
        ),
        description=(
            "Tuning of the noise reduction pipeline for the new sensor.\n\n"
            "- Photo: usable **ISO 3200** (Aero 1: ISO 1600)\n"
            "- Video: night mode at 4K/30 up to ISO 6400"
        ),
        criteria=(
            Gwt(
                "5 lux of light",
                "I take a 20 MP RAW photo at ISO 3200",
                "its noise is lower than the Aero 1 at ISO 1600 on the test chart",
            ),
            "Night-mode 4K/30 video at ISO 6400 reaches 30 dB luminance SNR on the test chart.",
        ),
        estimate=13,
        value_effort=(8, 8),
        rice=(15000, 2, 50, 5),
        wsjf=(13, 3, 5, 13),
        moscow=SHOULD,
        labels=("camera",),
    ),
    Spec(
        "Share clips to social media from the app",
        "app",
        story=(
            "casual pilot",
            "to trim a clip and share it to Instagram or TikTok straight from the app",
            "I can post while I'm still at the spot",
        ),
        criteria=(
            "Clips are exported at 1080p with the right aspect ratio for each network.",
            "Sharing works from the phone's copy, so the drone can be switched off.",
        ),
        estimate=5,
        value_effort=(6, 3),
        rice=(35000, 1, 80, 1.5),
        moscow=COULD,
        labels=("app", "ux"),
    ),
    Spec(
        "Request LAANC airspace authorization in the app",
        "safety",
        story=(
            "commercial pilot in the US",
            "to request LAANC authorization for controlled airspace inside the app",
            "I get approval in minutes instead of days",
        ),
        criteria=(
            Gwt(
                "I plan a flight in controlled airspace below the LAANC ceiling",
                "I submit a request",
                "I see the approval in the app within a minute and the zone unlocks",
            ),
        ),
        estimate=8,
        value_effort=(7, 7),
        rice=(4000, 2, 80, 3),
        wsjf=(8, 5, 5, 8),
        moscow=SHOULD,
        labels=("compliance", "app"),
    ),
    Spec(
        "Connect to the drone in under 10 seconds",
        "app",
        story=(
            "pilot",
            "the app to connect to the drone within 10 seconds of switching it on",
            "I'm in the air while the light is still right",
        ),
        criteria=("From power-on to live view takes under 10 seconds on a paired phone.",),
        estimate=5,
        value_effort=(5, 4),
        rice=(45000, 0.5, 50, 2),
        moscow=COULD,
        labels=("connectivity", "app"),
    ),
    Spec(
        "Stable video link up to 10 km",
        "app",
        story=(
            "pilot",
            "a stable video link up to 10 km in open country",
            "I can fly long coastal shots without the feed freezing",
        ),
        description="Needs the new 2T4R radio; hardware decision due at the next gate review.",
        criteria=(
            "Live view keeps 720p or better at 10 km with no interference (FCC power).",
            "At 6 km in the CE power setting the link holds 720p.",
        ),
        estimate=13,
        value_effort=(7, 9),
        rice=(20000, 1, 50, 8),
        moscow=COULD,
        labels=("connectivity",),
    ),
    Spec(
        "Precision landing on the take-off point",
        "safety",
        story=(
            "pilot",
            "the drone to land within 10 cm of where it took off after return-to-home",
            "it lands on the landing pad, not in the bushes next to it",
        ),
        criteria=(
            Gwt(
                "the drone took off from a textured surface",
                "it lands after return-to-home",
                "it touches down within 10 cm of the take-off point",
            ),
        ),
        estimate=5,
        value_effort=(5, 4),
        moscow=COULD,
        labels=("safety", "firmware"),
    ),
    Spec(
        "Panorama mode with in-drone stitching",
        "camera",
        story=(
            "real-estate photographer",
            "sphere, 180° and wide panoramas stitched on the drone",
            "I can show a property and its surroundings in one image",
        ),
        criteria=("A sphere panorama is stitched and saved within 30 seconds of the last shot.",),
        estimate=5,
        value_effort=(5, 5),
        rice=(9000, 0.5, 80, 2),
        moscow=COULD,
        labels=("camera",),
    ),
    Spec(
        "Shoot vertical 9:16 video by rotating the gimbal",
        "camera",
        story=(
            "content creator",
            "to shoot true vertical video by turning the camera 90°",
            "I don't lose resolution by cropping for Reels and TikTok",
        ),
        description="Needs a new gimbal roll motor: hardware change, tooling cost about $40k.",
        criteria=("Vertical mode records 2160x3840 at up to 30 fps.",),
        estimate=8,
        value_effort=(5, 8),
        rice=(12000, 0.5, 50, 4),
        moscow=COULD,
        labels=("camera",),
    ),
    Spec(
        "Interactive manual in the app",
        "onboard",
        story=(
            "first-time pilot",
            "the manual inside the app, with a short video for each function",
            "I learn a feature when I need it instead of reading a PDF",
        ),
        criteria=("Every settings screen links to the matching manual page.",),
        estimate=3,
        value_effort=(4, 3),
        moscow=COULD,
        labels=("ux", "app"),
    ),
    Spec(
        "Flight simulator with the real controller",
        "onboard",
        story=(
            "first-time pilot",
            "to practise in a simulator with my real controller before my first flight",
            "I crash in the simulator, not in my garden",
        ),
        criteria=(
            "The simulator uses the drone's real flight model and beginner-mode limits.",
            "The controller connects to the phone by cable; the drone is not needed.",
        ),
        estimate=21,
        value_effort=(6, 10),
        rice=(10000, 2, 50, 8),
        moscow=COULD,
        labels=("ux", "app"),
    ),
    Spec(
        "Slow motion at 2.7K/120",
        "camera",
        story=(
            "travel vlogger",
            "to film 2.7K at 120 frames per second",
            "I can slow down waves and waterfalls smoothly",
        ),
        criteria=("120 fps clips play back at 30 fps in the app without converting them.",),
        estimate=5,
        value_effort=(6, 4),
        rice=(15000, 0.5, 80, 1.5),
        moscow=COULD,
        labels=("camera",),
    ),
    Spec(
        "Welcome tour of the flight screen",
        "onboard",
        story=(
            "first-time pilot",
            "a short tour of the flight screen the first time I open it",
            "I know what every icon means before the drone is in the air",
        ),
        criteria=("The tour has at most 5 steps and can be skipped and replayed from Help.",),
        estimate=2,
        value_effort=(5, 1),
        moscow=SHOULD,
        labels=("ux", "app"),
    ),
    Spec(
        "Migrate map tiles to the new provider",
        "app",
        kind=Kind.TASK,
        description="The tile contract ends in March: switch SDKs and re-test offline maps.",
        estimate=3,
        labels=("app",),
    ),
    Spec(
        "Home point recorded before the GPS position settles",
        "safety",
        kind=Kind.BUG,
        description=(
            "When the drone takes off within 5 seconds of getting a GPS lock, the home "
            "point can be 10-15 m off and RTH lands next to the pilot instead of at the pad.\n\n"
            "Logs: flight 2024-05-12 and 2024-05-19 from the beta group."
        ),
        estimate=5,
        labels=("safety", "firmware"),
    ),
    # --- likely duplicates, waiting for refinement -----------------------------------------
    Spec(
        "Longer flight time",
        "flight",
        story=(
            "hobby pilot",
            "longer flight time",
            "I don't have to land to change batteries so often",
        ),
        description="From the spring customer survey: top request after price.",
        criteria=("Flights last longer than on the Aero 1.",),
        value_effort=(7, 9),
        moscow=SHOULD,
        labels=("battery",),
    ),
    Spec(
        "Download offline maps for remote areas",
        "app",
        story=(
            "landscape photographer",
            "to download maps before a trip to remote areas",
            "the map isn't blank when I fly far from mobile coverage",
        ),
        criteria=("Downloaded maps work in flight mode.",),
        estimate=3,
        value_effort=(6, 3),
        moscow=SHOULD,
        labels=("app",),
    ),
    # --- not ready yet: something missing --------------------------------------------------
    Spec(
        "Night mode for city lights",
        "camera",
        story=("travel vlogger", "a night video mode for cityscapes", ""),
        criteria=("Street lights do not bloom into white blobs.",),
        estimate=5,
        value_effort=(5, 5),
        labels=("camera",),
    ),
    Spec(
        "Follow me using the controller's GPS",
        "avoid",
        story=(
            "cyclist",
            "the drone to follow the controller's GPS position",
            "it keeps up with me even when the camera loses sight of me",
        ),
        estimate=5,
        value_effort=(4, 5),
        labels=("camera", "app"),
    ),
    Spec(
        "Detect damaged propellers before take-off",
        "safety",
        story=(
            "pilot",
            "the drone to notice a chipped or bent propeller during its motor check",
            "I replace it before it fails in the air",
        ),
        criteria=(
            Gwt(
                "a propeller is chipped",
                "the motors spin up before take-off",
                "the app names the damaged propeller and blocks take-off",
            ),
        ),
        value_effort=(7, 8),
        moscow=COULD,
        labels=("safety", "firmware"),
    ),
    Spec(
        "Dark mode for the flight app",
        "app",
        story=(
            "pilot",
            "a dark theme in the flight app",
            "the screen does not dazzle me during dusk flights",
        ),
        labels=("app", "ux"),
    ),
    Spec(
        "Make set-up less confusing",
        "onboard",
        description=(
            "From the retailer call: *people return drones because set-up is confusing.* "
            "Needs splitting into stories with the team."
        ),
        labels=("ux",),
    ),
    # --- old ideas nobody has touched for months --------------------------------------------
    Spec(
        "Longer flight times in cold weather",
        "flight",
        story=(
            "pilot in the mountains",
            "longer flight times when it is below freezing",
            "winter flights are not cut short after 15 minutes",
        ),
        criteria=("At -10 °C flight time is at least 75% of the flight time at 25 °C.",),
        estimate=8,
        value_effort=(5, 8),
        moscow=COULD,
        labels=("battery",),
        stale_days=110,
    ),
    Spec(
        "Hyperlapse mode",
        "camera",
        story=(
            "travel vlogger",
            "a hyperlapse mode that flies a path while shooting a stabilised timelapse",
            "I capture city lights and moving clouds without hours of editing",
        ),
        criteria=(
            "Hyperlapse offers Free, Circle, Course Lock and Waypoint paths.",
            "The drone renders a 4K video of the hyperlapse itself.",
        ),
        estimate=8,
        value_effort=(5, 7),
        rice=(12000, 0.5, 50, 3),
        moscow=COULD,
        labels=("camera", "app"),
        stale_days=95,
    ),
    Spec(
        "Charging hub status in the app",
        "flight",
        story=(
            "pilot",
            "to see the charge of every battery in the charging hub from the app",
            "I know when I'm ready to leave for the shoot",
        ),
        criteria=("The app lists each battery in the hub with its charge and time to full.",),
        estimate=5,
        value_effort=(3, 6),
        moscow=COULD,
        labels=("battery", "app"),
        stale_days=64,
    ),
    Spec(
        "Tablet layout for the flight app",
        "app",
        story=(
            "real-estate photographer",
            "the flight app to use the whole screen of my iPad",
            "I see more detail and bigger controls when I frame a shot",
        ),
        criteria=("On tablets the live view fills the screen and controls stay reachable.",),
        estimate=5,
        value_effort=(4, 4),
        rice=(6000, 0.5, 80, 1),
        moscow=COULD,
        labels=("app", "ux"),
        stale_days=88,
    ),
    Spec(
        "Palm launch and landing",
        "onboard",
        story=(
            "casual pilot",
            "to launch the drone from my hand and catch it when it lands",
            "I can fly from a boat or rocky ground",
        ),
        criteria=(
            Gwt(
                "I hold the drone flat on my palm",
                "I double-press the power button",
                "it spins up and rises to 1.5 m",
            ),
        ),
        estimate=5,
        value_effort=(3, 6),
        moscow=WONT,
        labels=("ux", "firmware"),
        stale_days=120,
    ),
    Spec(
        "Firmware beta channel",
        "app",
        story=(
            "enthusiast pilot",
            "to opt into a beta firmware channel",
            "I can try new features early and send feedback",
        ),
        criteria=("Beta builds can be rolled back to the last stable release from the app.",),
        estimate=3,
        value_effort=(3, 3),
        moscow=WONT,
        labels=("firmware",),
        stale_days=75,
    ),
)

THREADS: tuple[Thread, ...] = (
    Thread(
        "Record 4K/60 HDR video",
        "dev",
        "The ISP only does dual-gain HDR up to 4K/50 on this sensor. Is HDR at 60 fps "
        "a must for launch, or can HDR top out at 4K/50?",
        is_question=True,
        answer=(
            "po",
            "4K/60 is the headline on the box, HDR at 60 isn't. Ship HDR up to 4K/50 and show "
            "a hint when 60 fps turns it off; I'll write a follow-up for 4K/60 HDR.",
        ),
    ),
    Thread(
        "Return-to-home on low battery",
        "qa",
        "What should happen when no home point was recorded, e.g. take-off before GPS lock?",
        is_question=True,
        answer=(
            "po",
            "Then RTH can't be trusted: hover, warn every 10 seconds and land in place at 10%. "
            "Added as the fourth criterion.",
        ),
    ),
    Thread(
        "Remote ID broadcast",
        "sales",
        "Our two biggest EU distributors won't list drones without the C1 class marking "
        "after January, and Remote ID is part of it. This decides our Q3 shelf space.",
        answer=(
            "po",
            "Understood, it's a Must and ready for the next sprint. Maya is proposing to move "
            "it to the top of the backlog.",
        ),
    ),
    Thread(
        "Battery hot-swap without rebooting",
        "dev",
        "Keeping the flight controller alive during a swap needs the supercapacitor from "
        "hardware rev C. Do we support hot-swap on rev B units already sold?",
        is_question=True,
        answer=(
            "po",
            "No, rev C and later only. The app should explain why the option is missing on "
            "older units; I've added that to the criteria.",
        ),
    ),
    Thread(
        "ActiveTrack subject following",
        "sales",
        "In every deal we lost this quarter the buyer compared us with DJI's ActiveTrack. "
        "For prosumers this is our number one loss reason.",
    ),
    Thread(
        "Geofencing and no-fly zones",
        "qa",
        "Which no-fly zone data do we test against, and how old may it be when the phone "
        "has been offline for a while?",
        is_question=True,
        answer=(
            "po",
            "The aviation authorities' feeds through our zone service (sources are linked on "
            "the story). Offline, data up to 30 days old is fine; after that the app warns.",
        ),
    ),
    Thread(
        "Offline maps for remote areas",
        "dev",
        "Is there a cap on how much map data we keep? Plenty of phones only have 64 GB.",
        is_question=True,
        answer=("po", "2 GB by default, changeable in settings. It's in the criteria now."),
    ),
    Thread(
        "Firmware OTA updates",
        "qa",
        "Do we allow an update when the drone is full but the controller is at 30%?",
        is_question=True,
        answer=(
            "po",
            "No. Both need 50%: a controller that dies half-way through an update needs a "
            "service visit.",
        ),
    ),
    Thread(
        "First-flight tutorial",
        "sales",
        "Retailers say about 30% of returns are 'too hard to fly'. If the tutorial cuts "
        "that by a third it pays for itself.",
    ),
    Thread(
        "Live 1080p preview in the app",
        "qa",
        "Measured 170 ms glass-to-glass on a Pixel 7 and 150 ms on an iPhone 14 at 1 km. "
        "All criteria pass.",
    ),
    Thread(
        "QuickShot modes",
        "dev",
        "Should QuickShots respect the beginner-mode 50 m distance limit? Rocket climbs 60 m.",
        is_question=True,
        answer=("po", "Yes: in beginner mode Rocket stops at 30 m. Safety limits always win."),
    ),
)

LINKS: tuple[DemoLink, ...] = (
    DemoLink(
        "Battery health warnings",
        "Battery health screen",
        "https://example.com/skylens/design/battery-health",
        LinkKind.MOCKUP,
    ),
    DemoLink(
        "First-flight tutorial",
        "First-flight tutorial flow",
        "https://example.com/skylens/design/first-flight-tutorial",
        LinkKind.MOCKUP,
    ),
    DemoLink(
        "QuickShot modes",
        "QuickShot storyboards",
        "https://example.com/skylens/design/quickshot-storyboards",
        LinkKind.MOCKUP,
    ),
    DemoLink(
        "Remote ID broadcast",
        "Remote ID requirements: EU C1 class and FAA Part 89",
        "https://example.com/skylens/docs/remote-id-requirements",
    ),
    DemoLink(
        "Geofencing and no-fly zones",
        "No-fly zone data sources",
        "https://example.com/skylens/docs/no-fly-zone-sources",
    ),
    DemoLink(
        "ActiveTrack subject following",
        "Tracking algorithm notes",
        "https://example.com/skylens/docs/activetrack-notes",
    ),
)

# The PM proposes; the PO decides. These wait on the PO's home page.
PROPOSED_TO_TOP = "Remote ID broadcast"
PROPOSED_CHANGE = ("QuickShot modes", {"value": 8})
