"""What delivery plugs into the apps below it: sprint-side and release-side hooks."""

from tandem.workspace.notifications.targets import Target, register_target

from ..models import Release, Sprint
from ..records import page_url
from . import releases, sprints  # noqa: F401

# Notifications: sprints and releases can be watched, named and linked.
register_target(
    Target(
        name="sprint",
        model=Sprint,
        label=lambda sprint: f"sprint '{sprint.name}'",
        url=page_url("sprint"),
    )
)
register_target(
    Target(
        name="release",
        model=Release,
        label=lambda release: f"release {release.name}",
        url=page_url("release"),
    )
)
