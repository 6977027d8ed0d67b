"""The Product Owner's backlog in a real browser: quick add, drag, keyboard, refusals."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.backlog import services
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORY = "As a pilot I want longer flight time so that I can film a whole event"


def _backlog(team: Team, *titles: str) -> None:
    po = team.access("product_owner")
    for title in titles:
        services.item_create(access=po, fields={"title": title})


def _row_keys(page: Page) -> list[str]:
    return page.locator("#backlog-rows tr[data-key]").evaluate_all(
        "rows => rows.map(row => row.dataset.key)"
    )


def _drag(page: Page, handle_selector: str, target_selector: str) -> None:
    """Drag with real mouse moves, as SortableJS's pointer fallback expects them."""
    handle = page.locator(handle_selector).bounding_box()
    target = page.locator(target_selector).bounding_box()
    assert handle is not None
    assert target is not None
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + 4, handle["y"] - 10, steps=5)
    page.mouse.move(target["x"] + 10, target["y"] + 3, steps=15)
    page.mouse.up()


def test_the_product_owner_quick_adds_a_story_and_drags_it_to_the_top(
    site: str, team: Team, page: Page, browser: Browser
) -> None:
    _backlog(team, "Obstacle sensing", "Spotlight mode", "Pilot logbook")
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/backlog/")

    page.keyboard.press("n")
    expect(page.locator("#quick-add-text")).to_be_focused()
    page.keyboard.type(STORY)
    page.keyboard.press("Enter")
    new_row = page.locator("#row-DRN-4")
    expect(new_row).to_contain_text("Longer flight time")
    expect(page.locator("#toasts")).to_contain_text("story with its three parts")
    assert _row_keys(page) == ["DRN-1", "DRN-2", "DRN-3", "DRN-4"]

    with page.expect_response(lambda r: r.url.endswith("/items/DRN-4/move/")) as moved:
        _drag(page, "#row-DRN-4 .drag-handle", "#row-DRN-1")
    assert moved.value.status == 200
    page.reload()
    assert _row_keys(page)[0] == "DRN-4"
    page.goto(f"{site}/items/DRN-4/")
    expect(page.locator("#item-story")).to_contain_text("I can film a whole event")

    reader = new_page(browser)
    sign_in(reader, site, team.stakeholder.email)
    reader.goto(f"{site}/p/DRN/backlog/")
    expect(reader.locator("#backlog-rows tr[data-key]")).to_have_count(4)
    expect(reader.locator(".drag-handle")).to_have_count(0)
    token = reader.locator("meta[name=csrf-token]").get_attribute("content")
    refused = reader.request.post(
        f"{site}/items/DRN-3/move/",
        form={"before": "DRN-4"},
        headers={"X-CSRFToken": token or "", "HX-Request": "true"},
    )
    assert refused.status == 403
    reader.reload()
    assert _row_keys(reader) == ["DRN-4", "DRN-1", "DRN-2", "DRN-3"]


def test_alt_arrow_up_moves_the_selected_row_up(site: str, team: Team, page: Page) -> None:
    _backlog(team, "Obstacle sensing", "Spotlight mode", "Pilot logbook")
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/backlog/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator("#row-DRN-2")).to_have_class("backlog-row is-selected")
    with page.expect_response(lambda r: r.url.endswith("/items/DRN-2/move/")) as moved:
        page.keyboard.press("Alt+ArrowUp")
    assert moved.value.status == 200
    assert _row_keys(page) == ["DRN-2", "DRN-1", "DRN-3"]
    page.reload()
    assert _row_keys(page) == ["DRN-2", "DRN-1", "DRN-3"]
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url("**/items/DRN-2/")


def test_g_then_a_letter_goes_to_that_part_of_the_product(
    site: str, team: Team, page: Page
) -> None:
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/")
    for letter, address in (("b", "/backlog/"), ("o", "/board/"), ("r", "/strategy/roadmap/")):
        page.keyboard.press("g")
        page.keyboard.press(letter)
        page.wait_for_url(f"**/p/DRN{address}")
