"""What delivery plugs into the apps below it: sprint-side and release-side hooks."""

from collections.abc import Callable
from typing import Any

from django.db import models

from tandem.workspace.notifications.targets import Target, register_target

from ..models import Release, Sprint
from ..records import page_url
from . import releases, sprints  # noqa: F401

# Notifications: sprints and releases can be watched, named and linked to their page.
# (model, the audit log's object type, how a notification names one)
_WATCHED: tuple[tuple[type[models.Model], str, Callable[[Any], str]], ...] = (
    (Sprint, "sprint", lambda sprint: f"sprint '{sprint.name}'"),
    (Release, "release", lambda release: f"release {release.name}"),
)
for model, name, label in _WATCHED:
    register_target(Target(name=name, model=model, label=label, url=page_url(name)))
