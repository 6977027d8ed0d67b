"""The words a seeded backlog is written with: a drone maker's personas, wishes and field sites."""

PERSONAS = (
    "pilot",
    "first-time flyer",
    "wedding videographer",
    "surveyor",
    "farmer",
    "search-and-rescue volunteer",
    "real-estate photographer",
    "fleet manager",
    "support agent",
    "store manager",
    "safety officer",
    "film student",
)
CAPABILITIES = (
    ("longer flight time", "I can film a whole event"),
    ("obstacle warnings on the map", "I do not crash in tight spaces"),
    ("a one-tap return to home", "I get the drone back when the signal drops"),
    ("4K HDR video at 60 fps", "my footage looks good on large screens"),
    ("a low-battery countdown", "I land before the battery runs out"),
    ("offline maps", "I can plan flights without mobile coverage"),
    ("a flight logbook export", "I can prove my flying hours"),
    ("automatic firmware updates", "my drone stays safe and legal"),
    ("subject tracking", "I can film myself while cycling"),
    ("geofence alerts", "I never enter a no-fly zone by mistake"),
    ("a live 1080p preview", "I can frame shots precisely"),
    ("battery health reports", "I retire worn batteries in time"),
    ("shared fleet dashboards", "I see where every drone is"),
    ("RAW photo capture", "I can grade colours later"),
    ("a guided first flight", "I feel confident on day one"),
)
EPIC_THEMES = (
    "Camera quality",
    "Flight time",
    "Obstacle avoidance",
    "Flight app",
    "Safety & compliance",
    "Fleet management",
    "Onboarding",
    "Connectivity",
    "Battery",
    "Accessories",
)
VARIANTS = ("", " in cold weather", " for the Pro model", " on Android", " at night")
# 200 field sites; a title names one about once in 20, so each site is a rare word
# (about one item in 4,000) for the backlog's text search.
SITES = tuple(
    f"{first}{second}"
    for first in (
        "Alder",
        "Birch",
        "Cedar",
        "Dune",
        "Elm",
        "Fern",
        "Glen",
        "Heath",
        "Iris",
        "Juniper",
        "Kestrel",
        "Larch",
        "Marsh",
        "Nettle",
        "Oak",
        "Pine",
        "Quarry",
        "Rowan",
        "Sorrel",
        "Thorn",
    )
    for second in (
        "brook",
        "field",
        "ford",
        "gate",
        "hill",
        "moor",
        "stead",
        "wick",
        "worth",
        "vale",
    )
)
SITE_SHARE = 0.05
LABELS = ("camera", "battery", "app", "safety", "firmware", "ux", "fleet", "maps")
