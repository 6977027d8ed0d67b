"""The executive report and the go-to-market page in a real browser: a PM narrows the
report to two sections for a period, and the link they share opens the same report."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tandem.workspace import writes
from tests.conftest import Team
from tests.metrics.helpers import metric, series

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_pm_picks_the_period_and_sections_and_the_url_keeps_them(
    site: str, team: Team, page: Page
) -> None:
    nps = metric(team, name="Pilot NPS", kind="nps", unit="", target=40.0)
    series(team, nps, {"2025-01-01": 30, "2025-02-01": 35, "2025-03-01": 42})
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.pm.email)
    page.goto(f"{site}/p/DRN/reports/executive/")

    page.get_by_label("From", exact=True).fill("2025-01-15")
    page.get_by_label("To", exact=True).fill("2025-03-31")
    for label in ("Objectives and key results", "Releases and forecasts", "Roadmap changes"):
        page.get_by_label(label, exact=True).uncheck()
    for label in ("Costs, budget and return", "Decisions made", "Go-to-market"):
        page.get_by_label(label, exact=True).uncheck()
    page.get_by_role("button", name="Show").click()

    page.wait_for_url("**sections=outcomes**")
    assert "start=2025-01-15" in page.url
    assert "sections=risks" in page.url
    headings = page.locator("h2").all_inner_texts()
    assert headings == ["Outcome metrics", "Risks"]
    row = page.locator("#outcomes tbody tr").first
    expect(row).to_contain_text("Pilot NPS")
    expect(row).to_contain_text("On target")
    expect(row.locator("svg.spark")).to_be_visible()

    shared = page.url
    page.goto(f"{site}/p/DRN/")
    page.goto(shared)
    expect(page.get_by_label("Decisions made")).not_to_be_checked()
    expect(page.get_by_label("Outcome metrics")).to_be_checked()


def test_the_po_proposes_a_plan_from_the_go_to_market_page(
    site: str, team: Team, page: Page
) -> None:
    writes.record_create(
        access=team.access("product_manager"),
        kind="segment",
        fields={"name": "Event filmers", "size": 4800},
    )
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/strategy/go-to-market/")
    expect(page.get_by_text("Event filmers")).to_be_visible()
    page.get_by_role("link", name="Add a plan").click()
    page.locator("#f-name").fill("Care+ Pro")
    page.locator("#f-price").fill("19")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("body")).to_contain_text("as a proposal")
