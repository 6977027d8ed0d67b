"""What search finds in delivery: sprint goals, retrospective notes, impediments, releases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from tandem.workspace.registry import SearchSource, SearchText, register_search
from tandem.workspace.rights import Action

from .models import Impediment, Release, RetroNote, Sprint


def _sprint_text(sprint: Sprint) -> SearchText:
    return SearchText(title=sprint.name, body=sprint.goal, status=sprint.state)


def _note_text(note: RetroNote) -> SearchText:
    sprint = note.retro.sprint
    return SearchText(
        title=f"Retrospective of {sprint.name}: {note.get_kind_display()}", body=note.text
    )


def _impediment_text(impediment: Impediment) -> SearchText:
    state = "resolved" if impediment.resolved_at else "open"
    return SearchText(
        title=impediment.description.splitlines()[0][:200]
        if impediment.description
        else "Impediment",
        body="\n".join([impediment.description, impediment.resolution]),
        status=state,
    )


def _release_text(release: Release) -> SearchText:
    return SearchText(title=f"Release {release.name}", body=release.notes, status=release.state)


def page_url(name: str) -> Callable[[Any], str]:
    """The address of a product's record on its delivery page ``name`` (sprint, release...)."""

    def url(record: Any) -> str:
        return reverse(f"delivery:{name}", args=[record.product.key, record.pk])

    return url


def register_search_sources() -> None:
    register_search(
        SearchSource(
            name="sprint",
            model=Sprint,
            label="Sprint",
            search=_sprint_text,
            action=Action.SPRINT,
            refresh_on={"sprint": "pk"},
            url=page_url("sprint"),
        )
    )
    register_search(
        SearchSource(
            name="retro_note",
            model=RetroNote,
            label="Retrospective note",
            search=_note_text,
            action=Action.SPRINT,
            refresh_on={"retrospective": "retro_id"},
            url=lambda n: reverse(
                "delivery:retro", args=[n.retro.sprint.product.key, n.retro.sprint_id]
            ),
            product_path="retro__sprint__product",
        )
    )
    register_search(
        SearchSource(
            name="impediment",
            model=Impediment,
            label="Impediment",
            search=_impediment_text,
            action=Action.WORK,
            refresh_on={"impediment": "pk"},
            url=page_url("impediment"),
        )
    )
    register_search(
        SearchSource(
            name="release",
            model=Release,
            label="Release",
            search=_release_text,
            action=Action.SPRINT,
            refresh_on={"release": "pk"},
            url=page_url("release"),
        )
    )
