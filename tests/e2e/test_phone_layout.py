"""A phone: at 390 px every signed-in page fits the screen and the menu folds away."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tandem.backlog import services
from tests.conftest import Team

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGES = [
    "/p/DRN/",
    "/p/DRN/backlog/",
    "/p/DRN/matrix/",
    "/p/DRN/refinement/",
    "/p/DRN/strategy/",
    "/p/DRN/strategy/roadmap/",
    "/p/DRN/delivery/",
    "/p/DRN/board/",
    "/p/DRN/releases/",
    "/p/DRN/insights/",
    "/p/DRN/metrics/",
    "/p/DRN/members/",
    "/p/DRN/queue/",
]


def _page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_every_page_fits_a_phone_screen(site: str, team: Team, page: Page) -> None:
    po = team.access("product_owner")
    services.item_create(access=po, fields={"title": "Obstacle sensing with a long title " * 3})
    page.set_viewport_size(PHONE)
    sign_in(page, site, team.po.email)
    too_wide = {}
    for path in PAGES:
        page.goto(f"{site}{path}")
        width = _page_width(page)
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}
    assert page.locator("h1").count() >= 1


def test_the_menu_folds_behind_its_toggler_on_a_phone(site: str, team: Team, page: Page) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/backlog/")
    menu = page.locator("#main-menu")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Members")).to_be_visible()
