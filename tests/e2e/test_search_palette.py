"""The command palette in a real browser: Ctrl+K, a search result, a jump by key, an answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tandem.backlog.services import items as item_services
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_palette_finds_jumps_and_answers(browser: Browser, site: str, team: Team) -> None:
    item = item_services.item_create(
        access=team.access("product_owner"),
        fields={"title": "Obstacle radar", "description": "The radar sees wires at 20 metres."},
    )
    page = new_page(browser)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/{team.product.key}/backlog/")

    page.keyboard.press("Control+k")
    palette = page.locator("#palette-input")
    expect(palette).to_be_focused()
    palette.fill("wires")
    expect(page.locator("#palette-list .palette-entry", has_text="Obstacle radar")).to_be_visible()
    expect(page.locator("#palette-list mark", has_text="wires")).to_be_visible()

    palette.fill("How far does the radar see wires?")
    expect(page.locator("#palette-list mark", has_text="radar")).to_be_visible()  # redrawn
    page.locator("#palette-list .palette-entry", has_text="Ask:").click()
    expect(page.locator("#palette-answer-text")).to_contain_text("20 metres")
    expect(page.locator("#palette-answer-text a", has_text=item.key)).to_be_visible()

    palette.fill(item.key.lower())
    expect(page.locator("#palette-list .palette-entry").first).to_contain_text(f"Open {item.key}")
    palette.press("Enter")
    page.wait_for_url(lambda url: f"/items/{item.key}/" in url)

    page.keyboard.press("Control+k")
    page.locator("#palette-input").fill("board")
    expect(page.locator("#palette-list .palette-entry", has_text="Go to Board")).to_be_visible()
