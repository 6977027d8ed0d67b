"""Leaving a status out, showing done work, saving a view, two assignees at once, and
ticking off a sub-task."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.backlog import services
from tandem.backlog.models import Item, SavedView
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _rows(page: Page) -> list[str]:
    return page.locator("#backlog-rows tr[data-key]").evaluate_all(
        "rows => rows.map(row => row.dataset.key)"
    )


def test_filters_views_and_subtasks_in_the_browser(site: str, team: Team, browser: Browser) -> None:
    po = team.access("product_owner")
    for title, status, person in [
        ("Cache tiles", "new", team.po),
        ("Crash on login", "in_progress", team.dev),
        ("Docs", "done", team.pm),
        ("Battery test", "new", team.pm),
    ]:
        services.item_create(
            access=po, fields={"title": title, "status": status, "assignee": person.email}
        )
    page = new_page(browser)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/backlog/")
    assert _rows(page) == ["DRN-1", "DRN-2", "DRN-4"]  # done work hidden

    page.get_by_role("switch", name="Show done").check()
    expect(page.locator("#backlog-rows tr[data-key]")).to_have_count(4)

    page.locator("#f-status-menu summary").click()
    page.get_by_role("switch", name="Status is not").check()
    page.get_by_label("Status: In progress").check()
    expect(page.locator("#backlog-rows tr[data-key]")).to_have_count(3)
    assert _rows(page) == ["DRN-1", "DRN-3", "DRN-4"]
    expect(page.locator("#f-status-menu summary")).to_contain_text("not In progress")

    page.get_by_text("Save as view…").click()
    page.get_by_label("Name").fill("Not started")
    page.get_by_role("button", name="Save view").click()
    page.wait_for_url("**/backlog/?view=*")
    view = SavedView.objects.get()
    assert view.query == "not_status=in_progress&show_done=1"
    assert _rows(page) == ["DRN-1", "DRN-3", "DRN-4"]

    page.goto(f"{site}/p/DRN/backlog/")
    menu = page.locator("#f-assignee-menu")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    page.get_by_label(f"Assignee: {team.po.display_name}").check()
    page.get_by_label(f"Assignee: {team.dev.display_name}").check()
    expect(page.locator("#backlog-rows tr[data-key]")).to_have_count(2)
    assert _rows(page) == ["DRN-1", "DRN-2"]
    expect(menu.locator("summary")).to_contain_text("+1")  # one name, and one more
    page.keyboard.press("Escape")
    expect(menu.get_by_label(f"Assignee: {team.po.display_name}")).to_be_hidden()
    page.wait_for_url("**/backlog/?assignee=*")
    page.reload()  # the link keeps the two people
    assert _rows(page) == ["DRN-1", "DRN-2"]
    expect(menu.get_by_label(f"Assignee: {team.dev.display_name}")).to_be_checked()

    page.goto(f"{site}/items/DRN-1/")
    page.get_by_label("New sub-task").fill("Measure tile size")
    page.get_by_role("button", name="Add sub-task").click()
    expect(page.get_by_text("0 of 1 sub-tasks done")).to_be_visible()
    page.get_by_label("DRN-5 done").check()
    expect(page.get_by_text("1 of 1 sub-tasks done")).to_be_visible()
    assert Item.objects.get(number=5).status == "done"
