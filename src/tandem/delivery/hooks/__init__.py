"""What delivery plugs into the apps below it: sprint-side and release-side hooks."""

from . import releases, sprints  # noqa: F401
