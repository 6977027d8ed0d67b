"""The item shortcuts: loaded on every page, listed behind "?", fed by the pages' markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import tandem.web
from tandem.backlog.models import Status
from tandem.core.stories import STORY_POINT_SCALE
from tests.conftest import Team
from tests.delivery.sprint_data import ready_story, started_sprint

KEYS_JS = Path(tandem.web.__file__).parent / "static" / "tandem" / "keys.js"


def _js_constant(name: str) -> str:
    found = re.search(rf"const {name} = (\[.*?\]);", KEYS_JS.read_text(), re.S)
    assert found is not None
    return found.group(1)


def test_the_shortcuts_know_the_workflow_statuses_the_server_declares() -> None:
    listed = json.loads(re.sub(r",\s*\]", "]", _js_constant("STATUSES")))
    assert [tuple(pair) for pair in listed] == list(Status.choices)


def test_the_shortcuts_know_the_story_point_scale() -> None:
    assert json.loads(_js_constant("POINTS")) == list(STORY_POINT_SCALE)


@pytest.mark.django_db
def test_every_page_loads_the_shortcuts_and_lists_them_behind_the_question_mark(
    team: Team, client: Client
) -> None:
    client.force_login(team.dev)
    html = client.get(reverse("backlog:list", args=["DRN"])).content.decode()
    assert "tandem/keys.js" in html
    for shortcut in ("Set the selected item's status", "Assign the selected item to", "Estimate"):
        assert shortcut in html


@pytest.mark.django_db
def test_board_cards_carry_what_the_shortcuts_need(team: Team, client: Client) -> None:
    item = ready_story(team, "Sign OTA packages", points=5, assignee=team.dev.email)
    started_sprint(team, item)
    client.force_login(team.dev)
    html = client.get(reverse("delivery:board", args=["DRN"])).content.decode()
    card = re.search(r'<li class="card board-card[^>]*>', html)
    assert card is not None
    for attribute in (
        f'data-url="/items/{item.key}/"',
        f'data-update-url="/items/{item.key}/edit/"',
        'data-status="ready"',
        'data-estimate="5"',
        f'data-assignee="{team.dev.email}"',
        'tabindex="-1"',
    ):
        assert attribute in card.group(0)


@pytest.mark.django_db
def test_refinement_rows_carry_their_version_and_edit_url(team: Team, client: Client) -> None:
    item = ready_story(team, "No story yet", kind="story")
    client.force_login(team.dev)
    html = client.get(reverse("backlog:refinement", args=["DRN"])).content.decode()
    assert f'data-update-url="/items/{item.key}/edit/" data-version="{item.version}"' in html
