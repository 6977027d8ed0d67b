"""JQL in the backlog page's filter box, and a shared saved filter picked from the menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.backlog import services
from tandem.integrations.jira_api import saved_filters
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _row_keys(page: Page) -> list[str]:
    return page.locator("#backlog-rows tr[data-key]").evaluate_all(
        "rows => rows.map(row => row.dataset.key)"
    )


def test_jql_box_and_saved_filter_narrow_the_backlog(
    site: str, team: Team, browser: Browser
) -> None:
    po = team.access("product_owner")
    for title, kind in [("Cache tiles", "story"), ("Crash on login", "bug"), ("Docs", "task")]:
        services.item_create(access=po, fields={"title": title, "kind": kind})
    saved_filters.saved_filter_create(
        access=po, values={"name": "Work", "jql": "type in (bug, task)", "shared": True}
    )
    page = new_page(browser)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/backlog/")

    page.get_by_label("JQL").fill('summary ~ "login"')
    page.get_by_label("JQL").press("Enter")
    expect(page.locator("#backlog-rows tr[data-key]")).to_have_count(1)
    assert _row_keys(page) == ["DRN-2"]

    page.get_by_label("JQL").fill("")
    page.get_by_label("Saved filter").select_option(label="Work")
    expect(page.locator("#backlog-rows tr[data-key]")).to_have_count(2)
    assert _row_keys(page) == ["DRN-2", "DRN-3"]
