"""The workspace's own kinds of record, declared like every app's (see the registry)."""

from __future__ import annotations

from typing import Annotated

from . import fields as f
from .models import Team
from .registry import Hooks, RecordType, SearchText, register
from .rights import Action


class TeamIn(f.Input):
    name: Annotated[str, f.chars(100), f.REQUIRED]


def register_all() -> None:
    from .services import check_team

    register(
        RecordType(
            name="team",
            model=Team,
            label="Team",
            plural="teams",
            action=Action.MEMBERS,
            schema=TeamIn,
            fields=("name",),
            readonly=("members",),
            title_field="name",
            hooks=Hooks(prepare=check_team),
            search=lambda team: SearchText(title=team.name),
            app="workspace",
        )
    )
