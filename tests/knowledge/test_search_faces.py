"""The search page, the reindex command, and meaning-based search with the real model."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.backlog.services import items as item_services
from tandem.knowledge import embeddings
from tandem.knowledge.index_models import SearchDocument
from tandem.knowledge.search import search
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def _items(team: Team, capture: Any, *titles: tuple[str, str]) -> None:
    with capture(execute=True):
        for title, description in titles:
            item_services.item_create(
                access=team.access("product_owner"),
                fields={"title": title, "description": description},
            )


def test_the_search_page_groups_results_and_answers_questions(
    team: Team,
    signed_in: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    _items(team, django_capture_on_commit_callbacks, ("Night mode", "Filming <b>after</b> dusk"))
    client = signed_in(team.viewer)
    page = client.get("/search/", {"q": "dusk"}).content.decode()
    assert "Night mode" in page
    assert "&lt;b&gt;after&lt;/b&gt; <mark>dusk</mark>" in page or "<mark>dusk</mark>" in page
    assert "<b>after</b>" not in page
    asked = client.get(
        "/search/", {"q": "Which stories are not ready?", "product": "DRN", "ask": "1"}
    ).content.decode()
    assert 'id="answer"' in asked
    assert "stories are not ready" in asked
    home = client.get("/p/DRN/").content.decode()
    assert 'name="ask"' in home
    assert 'id="search-box"' in home


def test_reindex_rebuilds_one_product_and_names_an_unknown_one(
    team: Team, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    _items(team, django_capture_on_commit_callbacks, ("Rotor noise", ""))
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", "--product", "drn", stdout=out, stderr=io.StringIO())
    assert "Indexed 1 documents without embeddings." in out.getvalue()
    assert [h.title for h in search(user=team.viewer, query="rotor")] == ["Rotor noise"]
    with pytest.raises(CommandError, match="NOPE"):
        call_command("reindex", "--product", "NOPE", stdout=io.StringIO())


@pytest.mark.embeddings
def test_meaning_finds_what_no_word_matches(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    _items(
        team,
        django_capture_on_commit_callbacks,
        ("Longer flight time", "The drone should stay in the air for forty minutes."),
        ("Invoice export", "Accountants download invoices as PDF."),
    )
    assert SearchDocument.objects.filter(vector__isnull=False).count() == 2
    hits = search(user=team.viewer, query="battery endurance", mode="semantic")
    assert hits[0].title == "Longer flight time"
    fused = search(user=team.viewer, query="how long can it hover")
    assert fused[0].title == "Longer flight time"
