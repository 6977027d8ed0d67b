"""The strategy pages over the demo product: they render, within a query budget, per role."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tandem.strategy.models import (
    Decision,
    DecisionStatus,
    Initiative,
    KeyResult,
    RoadmapShare,
)
from tandem.workspace import writes
from tandem.workspace.models import Proposal, ProposalStatus, User

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "roadmap/",
    "market/",
    "decisions/",
    "costs/",
    "go-to-market/",
    "queue/",
    "archive/",
    "vision/",
]


def _as(client: Client, email: str) -> Client:
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("page", PAGES)
def test_every_strategy_page_renders_for_the_pm_within_a_query_budget(
    client: Client, demo: str, page: str, django_assert_max_num_queries
) -> None:
    _as(client, "pm@demo.test")
    # The archive reads one bounded list per strategy kind (thirteen kinds).
    with django_assert_max_num_queries(20):
        response = client.get(f"/p/DRN/strategy/{page}")
    assert response.status_code == 200


def test_the_strategy_page_shows_the_vision_objectives_and_alignment(
    client: Client, demo: str
) -> None:
    html = _as(client, "stakeholder@demo.test").get("/p/DRN/strategy/").content.decode()
    assert "capture a whole day from the air" in html
    assert "Win the event filmers" in html
    assert 'id="traced-share"' in html
    assert "New objective" not in html  # a stakeholder reads


def test_each_record_page_renders_with_its_history(client: Client, demo: str) -> None:
    _as(client, "pm@demo.test")
    for kind, model in (
        ("initiative", Initiative),
        ("key-result", KeyResult),
        ("decision", Decision),
    ):
        record = model.objects.first()
        assert record is not None
        response = client.get(f"/p/DRN/strategy/{kind}/{record.pk}/")
        assert response.status_code == 200
        assert 'id="history"' in response.content.decode()


def test_the_roadmap_board_has_drag_handles_for_the_po_but_not_a_viewer(
    client: Client, demo: str
) -> None:
    html = _as(client, "po@demo.test").get("/p/DRN/strategy/roadmap/").content.decode()
    assert 'class="drag-handle' in html
    assert "Rental fleets" in html
    viewer = Client()
    viewer.force_login(User.objects.get(email="stakeholder@demo.test"))
    assert 'class="drag-handle' not in viewer.get("/p/DRN/strategy/roadmap/").content.decode()


def test_the_pm_accepts_the_pos_roadmap_proposal_from_the_queue(client: Client, demo: str) -> None:
    proposal = Proposal.objects.get(record_type="initiative", operation="move")
    _as(client, "pm@demo.test")
    queue = client.get("/p/DRN/strategy/queue/").content.decode()
    assert "Rental fleets" in queue
    assert '<dt class="col-3">Horizon</dt><dd class="col-9">Next</dd>' in queue
    response = client.post(f"/p/DRN/strategy/queue/{proposal.pk}/", {"answer": "accept"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert Initiative.objects.get(title="Rental fleets").horizon == "next"


def test_the_pm_decides_the_escalated_question(client: Client, demo: str) -> None:
    question = Decision.objects.get(
        status=DecisionStatus.OPEN, title__startswith="Use the cheaper lidar supplier"
    )
    _as(client, "pm@demo.test").post(
        f"/p/DRN/strategy/decisions/{question.pk}/decide/",
        {"outcome": "Dual-source", "level": "strategic", "version": question.version},
    )
    question.refresh_from_db()
    assert question.status == DecisionStatus.DECIDED
    assert question.level == "strategic"


def test_an_edit_form_saves_only_what_changed(client: Client, demo: str) -> None:
    initiative = Initiative.objects.get(title="Rental fleets")
    _as(client, "pm@demo.test")
    page = client.get(f"/p/DRN/strategy/initiative/{initiative.pk}/")
    assert page.status_code == 200
    client.post(
        f"/p/DRN/strategy/initiative/{initiative.pk}/edit/",
        {"title": "Rental fleets and leasing", "version": initiative.version},
    )
    initiative.refresh_from_db()
    assert initiative.title == "Rental fleets and leasing"
    assert initiative.horizon == "later"


def test_a_share_link_shows_the_roadmap_without_login_until_revoked(
    client: Client, demo: str
) -> None:
    _as(client, "pm@demo.test").post("/p/DRN/strategy/roadmap/share/", {"label": "Directors-link"})
    share = RoadmapShare.objects.get()
    shown = client.get("/p/DRN/strategy/roadmap/").content.decode()
    url = re.search(r'id="new-share-url"[^>]*value="http://testserver(/roadmap/[^"]+/)"', shown)
    assert url is not None, "the new link is shown to the PM who made it"
    assert url.group(1) not in client.get("/p/DRN/strategy/roadmap/").content.decode()
    po_page = _as(Client(), "po@demo.test").get("/p/DRN/strategy/roadmap/").content.decode()
    assert "Directors-link" not in po_page.split('id="sharing"')[1]
    anonymous = Client()
    public = anonymous.get(url.group(1))
    assert public.status_code == 200
    assert "All-day flying" in public.content.decode()
    assert 'class="drag-handle' not in public.content.decode()
    client.post(f"/p/DRN/strategy/roadmap/share/{share.pk}/revoke/")
    assert anonymous.get(url.group(1)).status_code == 404
    assert anonymous.get(f"/roadmap/{share.digest}/").status_code == 404
    assert anonymous.get("/roadmap/not-a-token/").status_code == 404


def test_a_stranger_gets_not_found(client: Client, demo: str) -> None:
    from tests.factories import UserFactory

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get("/p/DRN/strategy/").status_code == 404
    initiative = Initiative.objects.first()
    assert initiative is not None
    assert client.get(f"/p/DRN/strategy/initiative/{initiative.pk}/").status_code == 404


def test_the_item_page_shows_the_trace_up_to_the_vision(client: Client, demo: str) -> None:
    from tandem.backlog.models import Item

    story = Item.objects.filter(parent__initiative__title="All-day flying").first()
    assert story is not None
    html = _as(client, "dev@demo.test").get(f"/items/{story.key}/").content.decode()
    assert 'id="item-trace"' in html
    assert "All-day flying" in html
    assert "Win the event filmers" in html
    assert "Vision: Every event filmer" in html


def test_the_pm_home_shows_risks_waiting_decisions_changes_and_overspend(
    client: Client, demo: str, django_assert_max_num_queries
) -> None:
    _as(client, "pm@demo.test")
    # The PM's home composes every app's cards, one read per card, plus the worded recent
    # activity (one read per kind of record it names) and the menu's rights; the strategy
    # queue is counted in one query, not described proposal by proposal: 39 with the demo,
    # whatever the backlog's size or the number of proposals waiting.
    with django_assert_max_num_queries(39):
        html = client.get("/p/DRN/").content.decode()
    assert 'id="pm-cards"' in html
    assert "Use the cheaper lidar supplier" in html
    assert "2 proposals in your queue" in html  # an initiative move and a price
    assert "Never hit a guest</a> — 124,500 of 90,000" in html
    assert "All-day flying" in html  # created this week


def test_the_po_home_has_no_pm_cards(client: Client, demo: str) -> None:
    assert 'id="pm-cards"' not in _as(client, "po@demo.test").get("/p/DRN/").content.decode()


def test_an_item_page_lists_the_decisions_that_name_it(client: Client, demo: str) -> None:
    decision = Decision.objects.get(title__startswith="Cut the spotlight")
    key = decision.item_keys.split()[0]
    html = _as(client, "dev@demo.test").get(f"/items/{key}/")
    assert 'id="item-decisions"' in html.content.decode()
    assert "Cut the spotlight" in html.content.decode()


@pytest.mark.parametrize("page", ["", "roadmap/", "market/", "decisions/", "costs/"])
def test_a_page_reads_the_same_number_of_queries_with_more_records(
    client: Client, demo: str, page: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.workspace.selectors import product_access

    pm = User.objects.get(email="pm@demo.test")
    _as(client, pm.email)
    client.get(f"/p/DRN/strategy/{page}")  # once first: what a first visit sets up is not counted
    with CaptureQueriesContext(connection) as before:
        client.get(f"/p/DRN/strategy/{page}")
    access = product_access(user=pm, product_key="DRN")
    objective = writes.record_create(access=access, kind="objective", fields={"title": "More"})
    assert objective.record is not None
    for n in range(6):
        initiative = writes.record_create(
            access=access,
            kind="initiative",
            fields={"title": f"Extra {n}", "objectives": [objective.record.pk], "budget": 10},
        ).record
        assert initiative is not None
        for kind, fields in (
            ("decision", {"title": f"D{n}", "level": "strategic", "initiative": initiative.pk}),
            ("competitor", {"name": f"C{n}"}),
            ("capability", {"name": f"Cap{n}", "initiative": initiative.pk}),
            ("cost_line", {"initiative": initiative.pk, "category": "parts", "period": "2026-01"}),
            ("key_result", {"objective": objective.record.pk, "title": f"K{n}", "target": 5}),
        ):
            writes.record_create(access=access, kind=kind, fields=fields)
    with CaptureQueriesContext(connection) as after:
        client.get(f"/p/DRN/strategy/{page}")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_refused_form_comes_back_with_the_typed_values_and_the_wrong_fields(
    client: Client, demo: str
) -> None:
    _as(client, "pm@demo.test")
    response = client.post(
        "/p/DRN/strategy/initiative/new/",
        {"title": "Night flights", "confidence": "250", "horizon": "now"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Night flights"' in html
    assert 'id="f-confidence-error"' in html
    assert not Initiative.objects.filter(title="Night flights").exists()


def test_the_pos_new_initiative_goes_to_the_queue(client: Client, demo: str) -> None:
    _as(client, "po@demo.test")
    response = client.post("/p/DRN/strategy/initiative/new/", {"title": "Night flights"})
    assert response.status_code == 302
    assert not Initiative.objects.filter(title="Night flights").exists()
    assert Proposal.objects.filter(operation="create", record_label="Night flights").exists()


def test_declining_from_the_queue_over_htmx_answers_a_toast(client: Client, demo: str) -> None:
    proposal = Proposal.objects.get(record_type="initiative", operation="move")
    _as(client, "pm@demo.test")
    response = client.post(
        f"/p/DRN/strategy/queue/{proposal.pk}/",
        {"answer": "decline", "reason": "Not this year"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Declined." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (ProposalStatus.DECLINED, "Not this year")


def test_the_operators_console_lists_strategy_records_read_only(client: Client, demo: str) -> None:
    from tests.factories import UserFactory

    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    for name in ("initiative", "decision", "roadmapshare", "vision"):
        assert client.get(f"/admin/strategy/{name}/").status_code == 200
    assert client.get("/admin/workspace/proposal/").status_code == 200
    assert client.get("/admin/strategy/initiative/add/").status_code == 403


def test_the_po_escalates_a_question_and_checks_in_a_key_result_from_the_pages(
    client: Client, demo: str
) -> None:
    _as(client, "po@demo.test")
    client.post("/p/DRN/strategy/decisions/escalate/", {"title": "Ship without the case?"})
    assert Decision.objects.filter(title="Ship without the case?", status="open").exists()
    kr = KeyResult.objects.get(title="Flight time per battery")
    response = client.post(
        f"/p/DRN/strategy/key-result/{kr.pk}/check-in/", {"value": "31,5", "note": "B3"}
    )
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.current == 31.5
    assert "B3" in client.get(f"/p/DRN/strategy/key-result/{kr.pk}/").content.decode()
