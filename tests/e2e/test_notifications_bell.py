"""The bell in a real browser: watch an item, hear of a comment, read it, the count goes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tandem.backlog import services
from tests.conftest import Team

from .conftest import sign_in, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BADGE = (
    "document.querySelector('#bell-count') ? document.querySelector('#bell-count').textContent : ''"
)


def test_the_bell_counts_a_comment_on_a_watched_item_until_it_is_read(
    site: str, team: Team, page: Page
) -> None:
    item = services.item_create(access=team.access("product_owner"), fields={"title": "Geofence"})
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.viewer.email)
    page.goto(f"{site}/items/{item.key}/")
    button = page.locator(".watch-form button")
    expect(button).to_have_text("Watch · 1")  # the PO who created it watches it
    button.click()
    expect(page.locator(".watch-form button")).to_have_text("Watching · 2")

    services.comment_add(access=team.access("team_member"), item=item, body="Radius is 50 m")
    page.reload()

    assert wait_until(page, BADGE) == "1"
    page.locator("#notification-bell").click()
    page.wait_for_url(f"{site}/notifications/")
    group = page.locator("#notification-groups li[data-record]").first
    expect(group).to_contain_text(f"{item.key} 'Geofence'")
    expect(group).to_contain_text(f"{team.dev.display_name} commented on it")

    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#notifications-unread")).to_have_text("0 unread")
    assert wait_until(page, f"!({BADGE})")
