"""The sprint pages through the test client: who sees what, query ceilings, forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog.models import Status
from tandem.delivery import services
from tandem.delivery.models import SprintItem, SprintState
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .sprint_data import PO, TEAM, new_sprint, ready_story, set_status, started_sprint

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def test_the_sprint_list_shows_velocity_and_the_create_form_to_the_po(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        sprint = started_sprint(
            team,
            ready_story(team, f"S{n}", points=5),
            name=f"Old {n}",
            starts_on=dt.date(2026, 1, 5) + dt.timedelta(days=14 * n),
        )
        sprint.refresh_from_db()
        services.sprint_close(
            access=team.access(PO), sprint=sprint, expected_version=sprint.version
        )
    client.force_login(team.po)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("delivery:index", args=["DRN"])).content.decode()
    assert "Old 2" in html
    assert "Velocity" in html
    assert "New sprint" in html


def test_a_stakeholder_sees_sprints_without_the_create_form(team: Team, client: Client) -> None:
    new_sprint(team, name="Sprint 9")
    client.force_login(team.stakeholder)
    html = client.get(reverse("delivery:index", args=["DRN"])).content.decode()
    assert "Sprint 9" in html
    assert "New sprint" not in html


def test_an_outsider_gets_404(team: Team, client: Client) -> None:
    sprint = new_sprint(team)
    client.force_login(team.outsider)
    assert client.get(reverse("delivery:index", args=["DRN"])).status_code == 404
    assert client.get(reverse("delivery:sprint", args=["DRN", sprint.pk])).status_code == 404
    assert client.get(reverse("delivery:board", args=["DRN"])).status_code == 404


def test_creating_a_sprint_leads_to_planning(team: Team, client: Client) -> None:
    client.force_login(team.po)
    response = client.post(
        reverse("delivery:sprint-create", args=["DRN"]),
        {
            "name": "Sprint 1",
            "goal": "",
            "starts_on": "2026-02-02",
            "ends_on": "2026-02-13",
            "capacity": "20",
            "carry_over": "backlog",
        },
    )
    assert response.status_code == 302
    assert "/plan/" in response["Location"]


def test_the_planning_page_shows_the_proposal_and_accepting_it_fills_the_sprint(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    items = [ready_story(team, f"Story {n}", points=3, value=n + 1) for n in range(6)]
    sprint = new_sprint(team, capacity=9)
    client.force_login(team.po)
    url = reverse("delivery:planning", args=["DRN", sprint.pk])
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert "Accept proposal" in html
    assert "Greedy" in html
    chosen = [items[5].key, items[4].key, items[3].key]
    response = client.post(
        reverse("delivery:planning-add", args=["DRN", sprint.pk]), {"items": chosen}, headers=HX
    )
    assert response.status_code == 200
    assert "3 items added to the sprint" in response.content.decode()
    assert SprintItem.objects.filter(sprint=sprint, removed_at__isnull=True).count() == 3


def test_a_team_members_drag_into_the_sprint_becomes_a_suggestion(
    team: Team, client: Client
) -> None:
    item = ready_story(team, "Story")
    sprint = new_sprint(team)
    client.force_login(team.dev)
    response = client.post(
        reverse("delivery:planning-add", args=["DRN", sprint.pk]), {"items": item.key}, headers=HX
    )
    assert "Suggested to the Product Owner" in response.content.decode()
    assert Proposal.objects.filter(
        record_type="sprint", record_id=sprint.pk, operation="add", payload__item=item.key
    ).exists()


def test_starting_from_the_sprint_page_goes_to_the_board(team: Team, client: Client) -> None:
    sprint = new_sprint(team)
    services.sprint_items_add(access=team.access(PO), sprint=sprint, items=[ready_story(team, "A")])
    sprint.refresh_from_db()
    client.force_login(team.po)
    response = client.post(
        reverse("delivery:sprint-start", args=["DRN", sprint.pk]), {"version": sprint.version}
    )
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.state == SprintState.ACTIVE


def test_a_stale_start_shows_the_conflict(team: Team, client: Client) -> None:
    sprint = new_sprint(team)
    client.force_login(team.po)
    response = client.post(
        reverse("delivery:sprint-start", args=["DRN", sprint.pk]), {"version": 99}
    )
    assert response.status_code == 409


def test_the_sprint_page_has_its_charts_data(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    items = [ready_story(team, f"S{n}", points=3) for n in range(5)]
    sprint = started_sprint(team, *items)
    set_status(team, items[0], Status.DONE)
    client.force_login(team.viewer)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("delivery:sprint", args=["DRN", sprint.pk])).content.decode()
    assert 'id="burndown-data"' in html
    assert 'id="flow-data"' in html
    assert "Close sprint" not in html


def test_the_board_lists_cards_by_status_within_a_query_ceiling(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    items = [ready_story(team, f"S{n}") for n in range(12)]
    started_sprint(team, *items)
    set_status(team, items[0], Status.IN_PROGRESS)
    client.force_login(team.dev)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("delivery:board", args=["DRN"])).content.decode()
    assert items[0].key in html
    assert 'data-status="in_progress"' in html


def test_only_who_may_accept_is_offered_accepted_on_a_card(team: Team, client: Client) -> None:
    item = ready_story(team, "S1")
    started_sprint(team, item)
    menu = f'<select id="status-{item.key}"'
    for person, offered in ((team.dev, False), (team.po, True)):
        client.force_login(person)
        html = client.get(reverse("delivery:board", args=["DRN"])).content.decode()
        card_menu = html.split(menu, 1)[1].split("</select>", 1)[0]
        assert ('value="accepted"' in card_menu) is offered, person.email
        assert ('data-status="accepted" data-closed="1"' in html) is not offered, person.email


def test_a_board_column_loads_the_next_page(team: Team, client: Client) -> None:
    items = [ready_story(team, f"S{n}") for n in range(60)]
    sprint = started_sprint(team, *items, capacity=500)
    client.force_login(team.dev)
    html = client.get(reverse("delivery:board", args=["DRN"])).content.decode()
    assert "Show more" in html
    page = client.get(
        reverse("delivery:board-column", args=["DRN", "ready"]),
        {"sprint": sprint.pk, "offset": 50},
        headers=HX,
    ).content.decode()
    assert page.count('class="card board-card') == 10
    assert "Show more" not in page


def test_moving_a_card_answers_the_card_and_both_column_heads(team: Team, client: Client) -> None:
    item = ready_story(team, "Card")
    sprint = started_sprint(team, item)
    item.refresh_from_db()
    client.force_login(team.dev)
    response = client.post(
        reverse("delivery:board-move", args=["DRN"]),
        {"item": item.key, "status": "in_progress", "version": item.version, "sprint": sprint.pk},
        headers=HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="col-ready"' in html
    assert 'id="col-in_progress"' in html
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


def test_moving_a_blocked_card_to_done_is_refused_with_a_toast(team: Team, client: Client) -> None:
    item = ready_story(team, "Card")
    sprint = started_sprint(team, item)
    services.impediment_raise(
        access=team.access(TEAM),
        fields={"kind": "blocker", "description": "x", "items": [item.key]},
    )
    item.refresh_from_db()
    client.force_login(team.dev)
    response = client.post(
        reverse("delivery:board-move", args=["DRN"]),
        {"item": item.key, "status": "done", "version": item.version, "sprint": sprint.pk},
        headers=HX,
    )
    assert response.status_code == 422
    assert "blocked" in response.content.decode()
    assert response["HX-Retarget"] == "#toasts"


def test_impediment_pages_raise_resolve_and_escalate(team: Team, client: Client) -> None:
    item = ready_story(team, "Card")
    client.force_login(team.dev)
    response = client.post(
        reverse("delivery:impediment-raise", args=["DRN"]),
        {
            "kind": "blocker",
            "description": "Vendor SDK late",
            "items": item.key,
            "owner": "",
            "sprint": "",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Vendor SDK late" in detail
    assert "Escalate" in detail
    imp_url = response["Location"]
    listing = client.get(reverse("delivery:impediments", args=["DRN"])).content.decode()
    assert item.key in listing
    escalate = client.post(f"{imp_url}escalate", {"note": "Buy support?"})
    assert escalate.status_code == 302
    assert "To the Product Manager" in client.get(imp_url).content.decode()
    resolve = client.post(f"{imp_url}resolve", {"version": 2, "resolution": "Arrived"})
    assert resolve.status_code == 302
    assert "Reopen" in client.get(imp_url).content.decode()


def test_the_item_page_shows_the_delivery_panel(team: Team, client: Client) -> None:
    item = ready_story(team, "Card")
    started_sprint(team, item, name="Sprint 4")
    client.force_login(team.viewer)
    html = client.get(reverse("backlog:item", args=[item.key])).content.decode()
    assert "Delivery" in html
    assert "Sprint 4" in html


def test_the_retrospective_page_takes_notes_votes_and_actions(team: Team, client: Client) -> None:
    sprint = started_sprint(team, ready_story(team, "A"))
    client.force_login(team.dev)
    url = reverse("delivery:retro", args=["DRN", sprint.pk])
    assert "Open the retrospective" in client.get(url).content.decode()
    client.post(
        reverse("delivery:retro-post", args=["DRN", sprint.pk, "note"]),
        {"kind": "went_well", "text": "Demo went well"},
    )
    client.post(
        reverse("delivery:retro-post", args=["DRN", sprint.pk, "action"]),
        {"text": "Automate the release", "owner": team.dev.email},
    )
    html = client.get(url).content.decode()
    assert "Demo went well" in html
    assert "Automate the release" in html
    assert "DRN-2" in html


def test_the_item_panel_adds_and_removes_what_an_item_waits_on(team: Team, client: Client) -> None:
    first, second = ready_story(team, "Maps"), ready_story(team, "Geofencing")
    client.force_login(team.dev)
    url = reverse("delivery:dependency", args=["DRN", second.key, "add"])
    assert client.post(url, {"blocked_by": first.key}).status_code == 302
    html = client.get(reverse("backlog:item", args=[second.key])).content.decode()
    assert "Waits on:" in html
    remove = reverse("delivery:dependency", args=["DRN", second.key, "remove"])
    client.post(remove, {"blocked_by": first.key})
    assert (
        "Waits on:" not in client.get(reverse("backlog:item", args=[second.key])).content.decode()
    )


def test_the_home_page_shows_the_active_sprint_and_open_blockers(
    team: Team, client: Client
) -> None:
    item = ready_story(team, "Card", points=5)
    started_sprint(team, item, name="Sprint 8")
    services.impediment_raise(
        access=team.access(TEAM),
        fields={"kind": "blocker", "description": "No key", "items": [item.key]},
    )
    client.force_login(team.stakeholder)
    html = client.get(reverse("web:product-home", args=["DRN"])).content.decode()
    assert "Active sprint" in html
    assert "Sprint 8" in html
    assert "No key" in html


def test_the_impediments_and_retro_pages_stay_within_a_query_ceiling(
    team: Team, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    items = [ready_story(team, f"S{n}") for n in range(6)]
    sprint = started_sprint(team, *items)
    for item in items:
        services.impediment_raise(
            access=team.access(TEAM),
            fields={"description": f"About {item.key}", "items": [item.key]},
        )
    retro = services.retro_open(access=team.access(TEAM), sprint=sprint)
    for n in range(5):
        services.retro_note_add(
            access=team.access(TEAM), retro=retro, kind="idea", text=f"Idea {n}"
        )
        services.retro_action_add(access=team.access(TEAM), retro=retro, text=f"Action {n}")
    client.force_login(team.dev)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("delivery:impediments", args=["DRN"])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("delivery:retro", args=["DRN", sprint.pk])).status_code == 200


def test_the_po_takes_the_teams_availability_as_the_capacity(team: Team, client: Client) -> None:
    sprint = new_sprint(team, capacity=None, starts_on=dt.date(2026, 3, 2), days=12)
    client.force_login(team.po)
    response = client.post(
        reverse("delivery:planning-capacity", args=["DRN", sprint.pk]),
        {f"points-{team.dev.pk}": "18", f"off-{team.dev.pk}": "0", "apply": "1"},
        headers=HX,
    )
    assert "Capacity set to 18 points" in response.content.decode()
    sprint.refresh_from_db()
    assert sprint.capacity == 18


def test_swimlanes_head_each_epic_once_across_pages(team: Team, client: Client) -> None:
    from tandem.backlog import services as backlog_services

    epic = backlog_services.item_create(
        access=team.access(PO), fields={"kind": "epic", "title": "Safety"}
    )
    items = [ready_story(team, f"S{n}", parent=epic.key) for n in range(40)]
    sprint = started_sprint(team, *items, capacity=500)
    client.force_login(team.dev)
    first = client.get(reverse("delivery:board", args=["DRN"]), {"lane": "epic"}).content.decode()
    heading = 'board-lane" aria-hidden'
    assert first.count(heading) == 1
    assert f"lane_after={epic.key}" in first
    rest = client.get(
        reverse("delivery:board-column", args=["DRN", "ready"]),
        {"sprint": sprint.pk, "offset": 30, "lane": "epic", "lane_after": f"{epic.key} Safety"},
        headers=HX,
    ).content.decode()
    assert heading not in rest
