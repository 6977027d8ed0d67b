"""Ask: exact answers from the database, cited extracts, and never an invented answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client

from tandem.backlog.services import items as item_services
from tandem.delivery.services import impediments as impediment_services
from tandem.delivery.services import releases as release_services
from tandem.knowledge import embeddings
from tandem.workspace import writes
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)


@pytest.fixture
def product(team: Team, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    po, pm = team.access("product_owner"), team.access("product_manager")
    with django_capture_on_commit_callbacks(execute=True):
        initiative = writes.record_create(
            access=pm,
            kind="initiative",
            fields={"title": "Longer flights", "horizon": "now", "problem": "Flights end early"},
        ).record
        epic = item_services.item_create(
            access=po, fields={"title": "Battery work", "kind": "epic", "initiative": initiative.pk}
        )
        story = item_services.item_create(
            access=po,
            fields={
                "title": "Hot-swap the battery",
                "parent": epic.key,
                "so_that": "I keep filming",
                "description": (
                    "Pilots swap the battery without landing. The swap takes ten seconds."
                ),
            },
        )
        release = release_services.release_create(
            access=po, fields={"name": "2.4", "items": [story.key]}
        )
        impediment_services.impediment_raise(
            access=po,
            fields={
                "kind": "blocker",
                "description": "Charger firmware is late",
                "items": [story.key],
            },
        )
        customer = writes.record_create(
            access=pm, kind="customer", fields={"name": "Skyline", "mrr": "4321.00"}
        ).record
        writes.record_create(
            access=pm,
            kind="feedback",
            fields={
                "text": "The battery dies after twelve minutes",
                "kind": "bug",
                "customer": customer.pk,
            },
        )
    return {"story": story, "epic": epic, "release": release}


def _ask(team: Team, role: str, question: str, product: str = "DRN") -> Any:
    client = Client(headers={"Authorization": f"Bearer {team.token(role)}"})
    return client.post(
        "/api/v1/ask", {"question": question, "product": product}, content_type="application/json"
    )


def test_status_and_owner_of_an_item_by_key(team: Team, product: dict[str, Any]) -> None:
    story = product["story"]
    answer = _ask(team, "viewer", f"What is the status of {story.key}?").json()
    assert answer["answer"].startswith(f"{story.key} “Hot-swap the battery” is New")
    assert answer["sources"][0]["key"] == story.key


def test_what_blocks_a_release_names_the_blocker(team: Team, product: dict[str, Any]) -> None:
    answer = _ask(team, "team_member", "What blocks release 2.4?").json()
    assert "Charger firmware is late" in answer["answer"]
    assert {s["kind"] for s in answer["sources"]} == {"release", "impediment"}


def test_why_traces_the_story_to_its_initiative(team: Team, product: dict[str, Any]) -> None:
    answer = _ask(team, "stakeholder", f"Why do we build {product['story'].key}?").json()
    assert "Battery work" in answer["answer"]
    assert "Longer flights" in answer["answer"]
    assert "I keep filming" in answer["answer"]
    assert {s["kind"] for s in answer["sources"]} >= {"item", "initiative"}


def test_when_a_release_is_done_says_why_there_is_no_forecast(
    team: Team, product: dict[str, Any]
) -> None:
    answer = _ask(team, "product_manager", "When will release 2.4 be done?").json()
    assert "Release 2.4" in answer["answer"]
    assert "closed sprint" in answer["answer"]


def test_customers_said_counts_and_revenue_only_for_figures(
    team: Team, product: dict[str, Any]
) -> None:
    question = "What did customers say about the battery?"
    po = _ask(team, "product_owner", question).json()["answer"]
    assert "1 pieces of feedback" in po
    assert "4,321" in po
    assert "4,321" not in _ask(team, "stakeholder", question).json()["answer"]


def test_stories_not_ready_are_listed(team: Team, product: dict[str, Any]) -> None:
    answer = _ask(team, "viewer", "Which stories are not ready?").json()
    assert product["story"].key in answer["answer"]


def test_what_changed_this_week_reads_the_audit_log(team: Team, product: dict[str, Any]) -> None:
    answer = _ask(team, "viewer", "What changed this week?").json()["answer"]
    assert "item created" in answer


def test_a_free_question_is_answered_with_cited_sentences(
    team: Team, product: dict[str, Any]
) -> None:
    answer = _ask(team, "viewer", "How long does the swap take?").json()
    assert answer["answer"] == "The swap takes ten seconds. [1]"
    assert answer["sources"][0]["key"] == product["story"].key


def test_nothing_relevant_is_said_plainly(team: Team, product: dict[str, Any]) -> None:
    answer = _ask(team, "viewer", "What is the submarine depth rating?").json()
    assert answer == {"answer": "I found nothing in DRN that answers this.", "sources": []}


def test_a_foreign_product_is_never_answered_from(team: Team, product: dict[str, Any]) -> None:
    assert _ask(team, "viewer", "How long does the swap take?", product="OUT").status_code == 404
    client = Client()
    client.force_login(team.outsider)
    answer = client.post(
        "/api/v1/ask",
        {"question": "How long does the swap take?", "product": "OUT"},
        content_type="application/json",
    )
    assert "ten seconds" not in answer.content.decode()
    assert answer.json()["sources"] == []


def test_an_empty_question_is_refused_naming_the_field(team: Team) -> None:
    refused = _ask(team, "viewer", "")
    assert refused.status_code == 422


class _FakeModel(BaseHTTPRequestHandler):
    reply = ""
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        _FakeModel.seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        body = json.dumps({"choices": [{"message": {"content": _FakeModel.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_model(settings: Any) -> Iterator[type[_FakeModel]]:
    server = HTTPServer(("127.0.0.1", 0), _FakeModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.ASK_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    yield _FakeModel
    server.shutdown()


def test_the_model_rewrites_an_extract_keeping_its_citations(
    team: Team, product: dict[str, Any], fake_model: type[_FakeModel]
) -> None:
    fake_model.reply = "A swap is done in ten seconds [1]."
    answer = _ask(team, "viewer", "How long does the swap take?").json()
    assert answer["answer"] == "A swap is done in ten seconds [1]."
    assert "The swap takes ten seconds. [1]" in fake_model.seen[-1]["messages"][1]["content"]


def test_a_rewrite_that_drops_a_citation_keeps_the_extract(
    team: Team, product: dict[str, Any], fake_model: type[_FakeModel]
) -> None:
    fake_model.reply = "It takes about a minute."
    answer = _ask(team, "viewer", "How long does the swap take?").json()
    assert answer["answer"] == "The swap takes ten seconds. [1]"


def test_an_unreachable_model_keeps_the_extract(
    team: Team, product: dict[str, Any], settings: Any
) -> None:
    settings.ASK_LLM_URL = "http://127.0.0.1:9/v1"
    answer = _ask(team, "viewer", "How long does the swap take?").json()
    assert answer["answer"] == "The swap takes ten seconds. [1]"
