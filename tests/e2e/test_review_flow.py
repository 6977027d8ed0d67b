"""The sprint review in a real browser: the PO accepts a done item in place."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Status
from tandem.delivery import services
from tests.conftest import Team
from tests.delivery.factories import SprintFactory, make_increment

from .conftest import sign_in, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_po_accepts_a_done_item_on_the_sprint_review_page(
    site: str, team: Team, page: Page
) -> None:
    increment = make_increment(team)
    key = increment.item.key
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/reviews/")
    page.get_by_role("link", name=increment.sprint.name).click()
    row = page.locator(f"#review-{key}")
    expect(row).to_contain_text("Given battery at 15%, when flying 0, then it returns")
    row.get_by_role("button", name=f"Accept {key}").click()
    expect(row).to_contain_text("Accepted by")
    expect(page.locator("#toasts")).to_contain_text(f"{key} accepted.")
    increment.item.refresh_from_db()
    assert increment.item.status == Status.ACCEPTED


def test_the_release_page_draws_the_fan_chart(site: str, team: Team, page: Page) -> None:
    today = dt.date.today()
    for back, points in enumerate((8, 11, 9)):
        starts = today - dt.timedelta(days=14 * (3 - back))
        SprintFactory(product=team.product, completed_points=points, starts_on=starts)
    increment = make_increment(team)
    po = team.access("product_owner")
    stories = [
        backlog_services.item_create(access=po, fields={"title": f"Open {n}", "estimate": 8})
        for n in range(4)
    ]
    release = services.release_create(
        access=po,
        fields={"name": "2.4", "items": [increment.item.key, *(s.key for s in stories)]},
    )
    sign_in(page, site, team.stakeholder.email)
    page.goto(f"{site}/p/DRN/releases/{release.pk}/")
    expect(page.locator("#forecast-dates")).to_contain_text("85% sure")
    drawn = wait_until(
        page,
        "!!(window.Chart && Chart.getChart(document.getElementById('fan-chart'))"
        " && Chart.getChart(document.getElementById('burnup-chart')))",
    )
    assert drawn
