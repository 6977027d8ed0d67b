"""The story map in a real browser: a drag and a key move a story, and the backlog follows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.backlog.story_map.models import MapPlacement
from tandem.workspace.models import Proposal
from tests.backlog.story_map.helpers import ranked_titles, small_map
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _drag(page: Page, card_selector: str, target_selector: str) -> None:
    """Real mouse moves, as SortableJS's pointer fallback expects them."""
    card = page.locator(card_selector).bounding_box()
    target = page.locator(target_selector).bounding_box()
    assert card is not None
    assert target is not None
    page.mouse.move(card["x"] + card["width"] / 2, card["y"] + card["height"] / 2)
    page.mouse.down()
    page.mouse.move(card["x"] + 4, card["y"] - 10, steps=5)
    page.mouse.move(target["x"] + 20, target["y"] + 4, steps=15)
    page.mouse.up()


def _backlog_keys(page: Page) -> list[str]:
    return page.locator("#backlog-rows tr[data-key]").evaluate_all(
        "rows => rows.map(r => r.dataset.key)"
    )


def test_the_po_drags_a_story_to_another_step_and_slice_and_the_backlog_follows(
    site: str, team: Team, page: Page, browser: Browser
) -> None:
    small = small_map(team)
    search, _, pay, invoice = small.stories
    sign_in(page, site, team.po.email)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site}/p/DRN/story-map/")
    expect(page.locator(f'ul.map-cell[data-step="{small.book.pk}"]').first).to_contain_text(
        "Pay by card"
    )

    with page.expect_response(lambda r: r.url.endswith("/story-map/place/")) as moved:
        _drag(page, f"#map-{invoice.key}", f"#map-{search.key}")
    assert moved.value.status == 200
    expect(page.locator("#toasts")).to_contain_text("the backlog order follows")
    mvp_find = page.locator(
        f'ul.map-cell[data-step="{small.find.pk}"][data-slice="{small.mvp.pk}"]'
    )
    expect(mvp_find).to_contain_text("Email the invoice")
    placement = MapPlacement.objects.get(item=invoice)
    assert (placement.step_id, placement.slice_id) == (small.find.pk, small.mvp.pk)
    assert ranked_titles(team)[0] == "Email the invoice"

    page.goto(f"{site}/p/DRN/backlog/")
    assert _backlog_keys(page)[0] == invoice.key

    # The keyboard's way: focus a story, Shift+← moves it to the step on its left.
    page.goto(f"{site}/p/DRN/story-map/")
    page.locator(f"#map-{pay.key}").focus()
    with page.expect_response(lambda r: r.url.endswith("/story-map/place/")) as keyed:
        page.keyboard.press("Shift+ArrowLeft")
    assert keyed.value.status == 200
    expect(mvp_find).to_contain_text("Pay by card")
    assert MapPlacement.objects.get(item=pay).step_id == small.find.pk
    expect(page.locator(f"#map-{pay.key}")).to_be_focused()


def test_a_team_members_drag_becomes_a_proposal_and_the_map_stays(
    site: str, team: Team, browser: Browser
) -> None:
    small = small_map(team)
    search, _, _, invoice = small.stories
    dev = new_page(browser)
    sign_in(dev, site, team.dev.email)
    dev.goto(f"{site}/p/DRN/story-map/")
    with dev.expect_response(lambda r: r.url.endswith("/story-map/place/")) as asked:
        _drag(dev, f"#map-{invoice.key}", f"#map-{search.key}")
    assert asked.value.status == 200
    expect(dev.locator("#toasts")).to_contain_text("proposal")
    later_book = f'ul.map-cell[data-step="{small.book.pk}"][data-slice="{small.later.pk}"]'
    expect(dev.locator(later_book)).to_contain_text("Email the invoice")
    assert Proposal.objects.get().payload["step"] == small.find.pk
    assert MapPlacement.objects.get(item=invoice).step_id == small.book.pk


def test_the_po_drags_a_slice_line_across_a_story_and_moves_it_back_by_key(
    site: str, team: Team, page: Page
) -> None:
    small = small_map(team)
    search, filter_by_price, _, _ = small.stories
    sign_in(page, site, team.po.email)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site}/p/DRN/story-map/")
    line = page.locator(f"#line-{small.find.pk}-{small.later.pk}")
    expect(line).to_have_attribute("aria-valuenow", "1")
    mvp_find = page.locator(
        f'ul.map-cell[data-step="{small.find.pk}"][data-slice="{small.mvp.pk}"]'
    )

    # Down past "Filter by price", the first story of Later under Find a flight: it joins MVP.
    handle = line.bounding_box()
    crossed = page.locator(f"#map-{filter_by_price.key}").bounding_box()
    assert handle is not None
    assert crossed is not None
    with page.expect_response(lambda r: r.url.endswith("/story-map/slice-line/")) as moved:
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        page.mouse.move(handle["x"] + 30, crossed["y"] + crossed["height"] * 0.6, steps=6)
        page.mouse.move(handle["x"] + 30, crossed["y"] + crossed["height"] + 3, steps=4)
        page.mouse.up()
    assert moved.value.status == 200
    expect(mvp_find).to_contain_text("Filter by price")
    expect(page.locator("#toasts")).to_contain_text("now in MVP")
    assert MapPlacement.objects.get(item=filter_by_price).slice_id == small.mvp.pk
    assert MapPlacement.objects.get(item=search).slice_id == small.mvp.pk
    assert ranked_titles(team)[:2] == ["Search by city", "Filter by price"]

    # The keyboard's way: focus the line, ↑ moves it back above the story.
    line.focus()
    with page.expect_response(lambda r: r.url.endswith("/story-map/slice-line/")) as keyed:
        page.keyboard.press("ArrowUp")
    assert keyed.value.status == 200
    expect(mvp_find).not_to_contain_text("Filter by price")
    expect(line).to_be_focused()
    expect(line).to_have_attribute("aria-valuenow", "1")
    assert MapPlacement.objects.get(item=filter_by_price).slice_id == small.later.pk
