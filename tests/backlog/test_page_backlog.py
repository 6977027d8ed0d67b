"""The backlog page's actions: moves, quick add, inline edits, pages and proposals."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tandem.backlog import services
from tandem.backlog.models import Item
from tandem.workspace.models import Proposal, ProposalStatus
from tests.conftest import Team

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
STORY = "As a pilot I want longer flight time so that I can film a whole event"


def _backlog(team: Team, titles: list[str]) -> list[Item]:
    po = team.access("product_owner")
    return [services.item_create(access=po, fields={"title": t}) for t in titles]


def _ranked_titles(team: Team) -> list[str]:
    return list(
        Item.objects.filter(product=team.product, archived_at__isnull=True)
        .order_by("rank", "id")
        .values_list("title", flat=True)
    )


def _move(client: Client, item: Item, **where: str) -> HttpResponse:
    return client.post(reverse("backlog:move", args=[item.key]), where, headers=HX)


# --- moves --------------------------------------------------------------------------------


def test_product_owners_drag_persists_the_new_order(team: Team, client: Client) -> None:
    a, _, c = _backlog(team, ["A", "B", "C"])
    client.force_login(team.po)
    response = _move(client, c, before=a.key)
    assert response.status_code == 200
    assert _ranked_titles(team) == ["C", "A", "B"]
    html = client.get(reverse("backlog:list", args=[team.product.key])).content.decode()
    assert html.index('id="row-DRN-3"') < html.index('id="row-DRN-1"')


def test_moving_below_the_last_row_uses_after(team: Team, client: Client) -> None:
    a, _, c = _backlog(team, ["A", "B", "C"])
    client.force_login(team.po)
    assert _move(client, a, after=c.key).status_code == 200
    assert _ranked_titles(team) == ["B", "C", "A"]


@pytest.mark.parametrize("role", ["product_manager", "team_member"])
def test_a_proposers_drag_becomes_a_proposal_and_the_order_stays(
    team: Team, client: Client, role: str
) -> None:
    a, _, c = _backlog(team, ["A", "B", "C"])
    client.force_login(team.person(role))
    response = _move(client, c, before=a.key)
    assert response.status_code == 202
    assert "Proposed to the Product Owner" in response.content.decode()
    assert _ranked_titles(team) == ["A", "B", "C"]
    proposal = Proposal.objects.get(record_type="item", record_id=c.pk)
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.payload == {"before": a.key}


@pytest.mark.parametrize("role", ["stakeholder", "viewer"])
def test_readers_cannot_reorder_through_the_move_view(
    team: Team, client: Client, role: str
) -> None:
    a, _, c = _backlog(team, ["A", "B", "C"])
    client.force_login(team.person(role))
    assert _move(client, c, before=a.key).status_code == 403
    assert client.post(reverse("backlog:move", args=[c.key]), {"before": a.key}).status_code == 403
    assert _ranked_titles(team) == ["A", "B", "C"]
    assert not Proposal.objects.filter(record_type="item").exists()


def test_a_refused_htmx_move_answers_with_a_toast_for_the_toast_stack(
    team: Team, client: Client
) -> None:
    a, b = _backlog(team, ["A", "B"])
    client.force_login(team.stakeholder)
    response = _move(client, b, before=a.key)
    assert response["HX-Retarget"] == "#toasts"
    assert "cannot" in response.content.decode()


def test_a_plain_form_move_redirects_back_to_the_backlog(team: Team, client: Client) -> None:
    _, b = _backlog(team, ["A", "B"])
    client.force_login(team.po)
    response = client.post(reverse("backlog:move", args=[b.key]), {"position": "top"})
    assert response.status_code == 302
    assert response["Location"] == reverse("backlog:list", args=[team.product.key])
    assert _ranked_titles(team) == ["B", "A"]


def test_moving_next_to_an_item_of_another_product_is_not_found(team: Team, client: Client) -> None:
    (a,) = _backlog(team, ["A"])
    client.force_login(team.po)
    assert _move(client, a, before="OUT-1").status_code == 404


# --- quick add -----------------------------------------------------------------------------


def test_quick_add_creates_a_story_with_its_three_parts(team: Team, client: Client) -> None:
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:quick-add", args=[team.product.key]), {"text": STORY}, headers=HX
    )
    assert response.status_code == 200
    item = Item.objects.get(product=team.product)
    assert (item.kind, item.as_a, item.i_want, item.so_that) == (
        "story",
        "pilot",
        "longer flight time",
        "I can film a whole event",
    )
    html = response.content.decode()
    assert f'id="row-{item.key}"' in html
    assert "Added DRN-1" in html
    assert 'id="backlog-empty" hx-swap-oob="delete"' in html


def test_quick_add_says_when_it_cut_the_title_and_keeps_the_whole_text(
    team: Team, client: Client
) -> None:
    client.force_login(team.po)
    text = "Crash report " + "word " * 80
    response = client.post(
        reverse("backlog:quick-add", args=[team.product.key]), {"text": text}, headers=HX
    )
    item = Item.objects.get(product=team.product)
    assert len(item.title) <= 200
    assert item.description == text.strip()
    assert "The title was cut to 200 characters" in response.content.decode()
    short = client.post(
        reverse("backlog:quick-add", args=[team.product.key]), {"text": "Spotlight"}, headers=HX
    )
    assert "was cut" not in short.content.decode()


def test_quick_add_at_the_top_swaps_the_row_in_first(team: Team, client: Client) -> None:
    _backlog(team, ["A"])
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:quick-add", args=[team.product.key]),
        {"text": "Spotlight mode", "position": "top"},
        headers=HX,
    )
    assert response["HX-Reswap"] == "afterbegin"
    assert _ranked_titles(team) == ["Spotlight mode", "A"]


def test_a_product_managers_quick_add_lands_at_the_bottom(team: Team, client: Client) -> None:
    _backlog(team, ["A"])
    client.force_login(team.pm)
    client.post(
        reverse("backlog:quick-add", args=[team.product.key]),
        {"text": "Spotlight mode", "position": "top"},
        headers=HX,
    )
    assert _ranked_titles(team) == ["A", "Spotlight mode"]


def test_quick_add_without_text_is_refused_with_a_reason(team: Team, client: Client) -> None:
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:quick-add", args=[team.product.key]), {"text": "  "}, headers=HX
    )
    assert response.status_code == 422
    assert not Item.objects.exists()


def test_a_stakeholder_cannot_quick_add(team: Team, client: Client) -> None:
    client.force_login(team.stakeholder)
    response = client.post(
        reverse("backlog:quick-add", args=[team.product.key]), {"text": STORY}, headers=HX
    )
    assert response.status_code == 403
    assert not Item.objects.exists()


# --- inline edits --------------------------------------------------------------------------


def test_inline_status_edit_saves_and_returns_the_row_with_the_new_version(
    team: Team, client: Client
) -> None:
    (item,) = _backlog(team, ["A"])
    client.force_login(team.dev)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"status": "in_progress", "version": item.version, "section": "row"},
        headers=HX,
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "in_progress"
    html = response.content.decode()
    assert html.lstrip().startswith("<tr")
    assert f'name="version" value="{item.version}"' in html


def test_a_stale_edit_returns_409_and_leaves_the_item_unchanged(team: Team, client: Client) -> None:
    (item,) = _backlog(team, ["A"])
    read_version = item.version
    services.item_update(
        access=team.access("team_member"),
        item=item,
        changes={"estimate": 5},
        expected_version=read_version,
    )
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"estimate": "8", "version": read_version, "section": "row"},
        headers=HX,
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert response["HX-Retarget"] == "#toasts"
    item.refresh_from_db()
    assert item.estimate == 5


def test_an_edit_without_a_version_is_refused(team: Team, client: Client) -> None:
    (item,) = _backlog(team, ["A"])
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]), {"estimate": "8"}, headers=HX
    )
    assert response.status_code == 428
    item.refresh_from_db()
    assert item.estimate is None


def test_an_estimate_off_the_scale_is_refused(team: Team, client: Client) -> None:
    (item,) = _backlog(team, ["A"])
    client.force_login(team.po)
    response = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"estimate": "4", "version": item.version, "section": "row"},
        headers=HX,
    )
    assert response.status_code == 422
    assert "story-point scale" in response.content.decode()


# --- the list: filters, pages and queries ----------------------------------------------------


def test_filters_narrow_the_list(team: Team, client: Client) -> None:
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Gimbal drift", "kind": "bug"})
    services.item_create(access=po, fields={"title": "Spotlight mode", "labels": ["camera"]})
    services.item_create(access=po, fields={"title": "Pilot logbook", "assignee": team.dev.email})
    client.force_login(team.dev)
    url = reverse("backlog:list", args=[team.product.key])

    def titles(query: str) -> list[str]:
        html = client.get(f"{url}?{query}", headers=HX).content.decode()
        return [t for t in ("Gimbal drift", "Spotlight mode", "Pilot logbook") if t in html]

    assert titles("kind=bug") == ["Gimbal drift"]
    assert titles("label=camera") == ["Spotlight mode"]
    assert titles("assignee=me") == ["Pilot logbook"]
    assert titles("assignee=none") == ["Gimbal drift", "Spotlight mode"]
    assert titles("text=logbook") == ["Pilot logbook"]
    assert titles("text=DRN-2") == ["Spotlight mode"]


def _epics_with_stories(team: Team) -> None:
    """Three epics of one story each, each story with its own assignee; one story alone."""
    po = team.access("product_owner")
    for epic_title, story, person in [
        ("Battery", "Longer flights", team.po),
        ("Camera", "Night shots", team.dev),
        ("Maps", "Offline tiles", team.pm),
    ]:
        epic = services.item_create(access=po, fields={"title": epic_title, "kind": "epic"})
        services.item_create(
            access=po, fields={"title": story, "parent": epic.key, "assignee": person.email}
        )
    services.item_create(access=po, fields={"title": "Loose end"})


STORIES = ("Longer flights", "Night shots", "Offline tiles", "Loose end")


def _stories_listed(client: Client, team: Team, query: str, **headers: str) -> list[str]:
    url = reverse("backlog:list", args=[team.product.key])
    html = client.get(f"{url}?{query}", headers=headers).content.decode()
    return [title for title in STORIES if title in html]


def test_the_list_shows_the_work_of_two_assignees(team: Team, client: Client) -> None:
    _epics_with_stories(team)
    client.force_login(team.po)
    query = f"assignee={team.po.email}&assignee={team.dev.email}"
    assert _stories_listed(client, team, query, **HX) == ["Longer flights", "Night shots"]


def test_the_list_shows_the_stories_of_two_epics(team: Team, client: Client) -> None:
    _epics_with_stories(team)
    client.force_login(team.dev)
    assert _stories_listed(client, team, "epic=DRN-1&epic=DRN-5", **HX) == [
        "Longer flights",
        "Offline tiles",
    ]


def test_the_list_leaves_out_a_negated_epic(team: Team, client: Client) -> None:
    _epics_with_stories(team)
    client.force_login(team.dev)
    assert _stories_listed(client, team, "not_epic=DRN-3", **HX) == [
        "Longer flights",
        "Offline tiles",
        "Loose end",
    ]


def test_the_is_not_switch_sends_the_ticked_epics_as_left_out(team: Team, client: Client) -> None:
    _epics_with_stories(team)
    client.force_login(team.dev)
    url = reverse("backlog:list", args=[team.product.key])
    response = client.get(f"{url}?epic=DRN-3&epic=DRN-5&negate=epic", headers=HX)
    assert response["HX-Push-Url"] == f"{url}?not_epic=DRN-3&not_epic=DRN-5"
    html = response.content.decode()
    assert [t for t in STORIES if t in html] == ["Longer flights", "Loose end"]


def test_a_shared_link_restores_the_menus_it_filters_by(team: Team, client: Client) -> None:
    _epics_with_stories(team)
    client.force_login(team.dev)
    query = f"assignee={team.po.email}&assignee={team.dev.email}&not_epic=DRN-3"
    page = client.get(f"{reverse('backlog:list', args=[team.product.key])}?{query}")
    html = page.content.decode()
    assert [t for t in STORIES if t in html] == ["Longer flights"]
    for person in (team.po, team.dev):
        assert f'name="assignee" value="{person.email}" checked' in html
    assert f'name="assignee" value="{team.pm.email}">' in html
    assert 'name="negate" value="epic" checked' in html
    assert 'name="negate" value="assignee" data-filter-negate>' in html
    assert 'name="epic" value="DRN-3" checked' in html


def test_load_more_appends_the_next_page_by_cursor(team: Team, client: Client) -> None:
    _backlog(team, [f"Item {n:02}" for n in range(1, 56)])
    client.force_login(team.po)
    url = reverse("backlog:list", args=[team.product.key])
    first = client.get(url).content.decode()
    assert "Item 50" in first
    assert "Item 51" not in first
    cursor = first.split("cursor=")[1].split('"')[0]
    more = client.get(f"{url}?cursor={cursor}", headers=HX).content.decode()
    assert "Item 51" in more
    assert "Item 55" in more
    assert "Item 50" not in more
    assert 'id="load-more" class="py-2" hx-swap-oob="true"' in more


def test_the_backlog_page_needs_a_fixed_number_of_queries(
    team: Team, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    po = team.access("product_owner")
    epic = services.item_create(access=po, fields={"title": "Battery", "kind": "epic"})
    people = [team.po.email, team.dev.email, team.pm.email]
    for n in range(60):
        services.item_create(
            access=po,
            fields={
                "title": f"Story {n}",
                "labels": ["camera", f"label-{n % 7}"],
                "assignee": people[n % 3],
                "parent": epic.key,
            },
        )
    client.force_login(team.po)
    url = reverse("backlog:list", args=[team.product.key])
    # Two more than the rows need: the children's progress (one grouped query) and the views.
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('class="backlog-row') == 50
    with django_assert_max_num_queries(9):
        client.get(url + "?label=camera&sort=newest", headers=HX)


# --- proposals -----------------------------------------------------------------------------


def test_the_product_owner_accepts_a_proposed_move(team: Team, client: Client) -> None:
    a, _, c = _backlog(team, ["A", "B", "C"])
    proposal = services.item_move(access=team.access("product_manager"), item=c, before=a).proposal
    assert proposal is not None
    client.force_login(team.po)
    html = client.get(reverse("backlog:proposals", args=[team.product.key])).content.decode()
    assert f"above {a.key}" in html
    response = client.post(
        reverse("backlog:proposal-accept", args=[team.product.key, proposal.pk]), headers=HX
    )
    assert response.status_code == 200
    assert "No proposals waiting" in response.content.decode()
    assert _ranked_titles(team) == ["C", "A", "B"]


def test_the_product_owner_declines_a_proposed_change_with_a_reason(
    team: Team, client: Client
) -> None:
    (a,) = _backlog(team, ["A"])
    outcome = services.item_update(
        access=team.access("product_manager"),
        item=a,
        changes={"title": "Longer flight time"},
        expected_version=a.version,
    )
    assert outcome.proposal is not None
    client.force_login(team.po)
    html = client.get(reverse("backlog:proposals", args=[team.product.key])).content.decode()
    assert "Longer flight time" in html
    response = client.post(
        reverse("backlog:proposal-decline", args=[team.product.key, outcome.proposal.pk]),
        {"reason": "Title says the outcome, keep it"},
    )
    assert response.status_code == 302
    outcome.proposal.refresh_from_db()
    assert outcome.proposal.status == ProposalStatus.DECLINED
    assert outcome.proposal.reason == "Title says the outcome, keep it"
    a.refresh_from_db()
    assert a.title == "A"


def test_a_product_manager_cannot_accept_proposals(team: Team, client: Client) -> None:
    a, b = _backlog(team, ["A", "B"])
    proposal = services.item_move(access=team.access("team_member"), item=b, before=a).proposal
    assert proposal is not None
    client.force_login(team.pm)
    url = reverse("backlog:proposal-accept", args=[team.product.key, proposal.pk])
    assert client.post(url, headers=HX).status_code == 403
    assert _ranked_titles(team) == ["A", "B"]


def test_rows_swapped_into_a_list_sorted_by_score_carry_no_drag_handle(
    team: Team, client: Client
) -> None:
    (item,) = _backlog(team, ["A"])
    client.force_login(team.po)
    edited = client.post(
        reverse("backlog:item-update", args=[item.key]),
        {"status": "ready", "version": item.version, "section": "row", "sortable": "0"},
        headers=HX,
    )
    added = client.post(
        reverse("backlog:quick-add", args=[team.product.key]),
        {"text": "Spotlight mode", "sort": "rice"},
        headers=HX,
    )
    assert "drag-handle" not in edited.content.decode()
    assert "drag-handle" not in added.content.decode()


def test_the_backlog_page_filters_by_quadrant(team, client) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Quick thing", "value": 9, "effort": 2})
    services.item_create(access=po, fields={"title": "Slow thing", "value": 2, "effort": 9})
    client.force_login(team.po)
    page = client.get("/p/DRN/backlog/?quadrant=quick_win").content.decode()
    assert "Quick thing" in page
    assert "Slow thing" not in page


def test_the_proposals_page_explains_criteria_and_archive_proposals(team, client) -> None:  # type: ignore[no-untyped-def]
    po, dev = team.access("product_owner"), team.access("team_member")
    item = services.item_create(access=po, fields={"title": "Night mode"})
    services.criterion_add(access=dev, item=item, fields={"text": "Works after dusk"})
    services.item_archive(access=dev, item=item)
    client.force_login(team.po)
    page = client.get(f"/p/{team.product.key}/proposals/").content.decode()
    assert "add a criterion to" in page
    assert "Works after dusk" in page
    assert "proposes to archive" in page


def test_the_proposals_page_flags_a_proposal_whose_item_changed_since(team, client) -> None:  # type: ignore[no-untyped-def]
    po, pm = team.access("product_owner"), team.access("product_manager")
    item = services.item_create(access=po, fields={"title": "Night mode"})
    services.item_update(
        access=pm, item=item, changes={"title": "Night flight"}, expected_version=1
    )
    services.item_update(access=po, item=item, changes={"title": "Dark mode"}, expected_version=1)
    client.force_login(team.po)
    page = client.get(f"/p/{team.product.key}/proposals/").content.decode()
    assert "Changed since proposed" in page
    assert 'name="confirmed_version" value="2"' in page
