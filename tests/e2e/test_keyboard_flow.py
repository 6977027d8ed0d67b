"""The keyboard in a real browser: j/k through the board and the backlog, then s, e and a
on the selected item; and the start-sprint dialog that asks to confirm."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintState
from tests.conftest import Team

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _ready(team: Team, title: str, points: int = 3) -> Item:
    return backlog_services.item_create(
        access=team.access("product_owner"),
        fields={"title": title, "estimate": points, "value": 5, "effort": 3, "status": "ready"},
    )


def _sprint(team: Team, *items: Item, capacity: int = 20, start: bool = True) -> Sprint:
    po = team.access("product_owner")
    sprint = services.sprint_create(
        access=po,
        fields={
            "name": "Sprint 1",
            "starts_on": dt.date.today(),
            "ends_on": dt.date.today() + dt.timedelta(days=13),
            "capacity": capacity,
        },
    )
    services.sprint_items_add(access=po, sprint=sprint, items=list(items))
    sprint.refresh_from_db()
    if not start:
        return sprint
    return services.sprint_start(
        access=po, sprint=sprint, expected_version=sprint.version, confirmed=True
    )


def test_j_then_s_moves_the_selected_card_to_another_status(
    site: str, team: Team, page: Page
) -> None:
    first = _ready(team, "Spoken warnings")
    second = _ready(team, "Wind speed warning")
    _sprint(team, first, second)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/board/")
    expect(page.locator(".board-card")).to_have_count(2)

    page.keyboard.press("j")
    page.keyboard.press("j")
    selected = page.locator(".board-card.is-selected")
    expect(selected).to_have_attribute("data-key", second.key)
    page.keyboard.press("k")
    expect(selected).to_have_attribute("data-key", first.key)
    page.keyboard.press("ArrowDown")
    expect(selected).to_have_attribute("data-key", second.key)

    page.keyboard.press("s")
    expect(page.locator(".kbd-picker")).to_be_visible()
    page.keyboard.type("progr")
    with page.expect_response(lambda r: r.url.endswith("/board/move")) as moved:
        page.keyboard.press("Enter")
    assert moved.value.status == 200
    in_progress = page.locator('ul.board-cards[data-status="in_progress"]')
    expect(in_progress.locator(f'[data-key="{second.key}"]')).to_be_visible()
    assert Item.objects.get(pk=second.pk).status == Status.IN_PROGRESS
    # The moved card stays selected, so the next key acts on it again.
    expect(selected).to_have_attribute("data-key", second.key)

    page.keyboard.press("e")
    page.keyboard.type("8")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{second.key}/edit/")) as saved:
        page.keyboard.press("Enter")
    assert saved.value.status == 200
    expect(page.locator(f'.board-card[data-key="{second.key}"]')).to_have_attribute(
        "data-estimate", "8"
    )
    assert Item.objects.get(pk=second.pk).estimate == 8

    expect(selected).to_have_attribute("data-key", second.key)
    page.keyboard.press("a")
    page.keyboard.type("dev@")
    expect(page.locator(".kbd-option.active")).to_contain_text(team.dev.email)
    page.keyboard.press("Enter")
    expect(page.locator(f'.board-card[data-key="{second.key}"]')).to_have_attribute(
        "data-assignee", team.dev.email
    )
    assert Item.objects.get(pk=second.pk).assignee == team.dev


def test_shortcuts_never_fire_while_typing_and_escape_closes_the_picker(
    site: str, team: Team, page: Page
) -> None:
    item = _ready(team, "Sign OTA packages")
    _sprint(team, item)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/board/")
    page.keyboard.press("j")
    page.keyboard.press("s")
    expect(page.locator(".kbd-picker")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".kbd-picker")).to_have_count(0)

    search = page.locator("#board-q")
    search.click()
    search.type("sea")
    expect(page.locator(".kbd-picker")).to_have_count(0)
    assert Item.objects.get(pk=item.pk).status == Status.READY


def test_question_mark_lists_the_item_shortcuts(site: str, team: Team, page: Page) -> None:
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/backlog/")
    page.keyboard.press("?")
    dialog = page.locator("#shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Set the selected item's status")
    expect(dialog).to_contain_text("Assign the selected item to")


def test_e_estimates_the_selected_backlog_row(site: str, team: Team, page: Page) -> None:
    item = _ready(team, "Return home on low battery", points=3)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/backlog/")
    page.keyboard.press("j")
    expect(page.locator("tr.is-selected")).to_have_attribute("data-key", item.key)
    page.keyboard.press("e")
    page.keyboard.type("13")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item.key}/edit/")) as saved:
        page.keyboard.press("Enter")
    assert saved.value.status == 200
    expect(page.get_by_label(f"Estimate of {item.key} in story points")).to_have_value("13")
    assert Item.objects.get(pk=item.pk).estimate == 13


def test_starting_over_capacity_asks_to_confirm_first(site: str, team: Team, page: Page) -> None:
    sprint = _sprint(
        team, _ready(team, "Omnidirectional obstacle sensing", 8), capacity=5, start=False
    )
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/sprints/{sprint.pk}/")
    page.locator("#start-dialog summary").click()
    numbers = page.locator("#start-numbers")
    expect(numbers).to_contain_text("8 points · 1 item")
    expect(numbers).to_contain_text("Over capacity")
    expect(page.locator("#start-warnings")).to_contain_text(
        "8 points planned, over the capacity of 5"
    )

    page.get_by_role("button", name="Start sprint", exact=True).click()
    # The browser keeps the form until the confirmation is ticked.
    expect(page.get_by_label("I have seen this: start anyway")).to_be_visible()
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.PLANNED

    page.get_by_label("I have seen this: start anyway").check()
    page.get_by_role("button", name="Start sprint", exact=True).click()
    page.wait_for_url("**/board/")
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.ACTIVE
