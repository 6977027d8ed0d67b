"""Suggestions in a real browser: similar items, a suggested estimate applied (on the item
page and in sprint planning), a warning."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tandem.backlog.models import Item
from tandem.backlog.services import items as item_services
from tests.conftest import Team
from tests.delivery.sprint_data import new_sprint

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_suggestion_is_shown_with_its_reasons_and_applied_by_hand(
    browser: Browser, site: str, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.knowledge import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    po = team.access("product_owner")
    item_services.item_create(
        access=po, fields={"title": "Export flight logs as CSV", "estimate": 3}
    )
    item_services.item_create(
        access=po, fields={"title": "Night mode for the camera", "estimate": 8}
    )
    new = item_services.item_create(access=po, fields={"title": "Export the flight logs to CSV"})

    page = new_page(browser)
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/items/{new.key}/")
    panel = page.locator("#item-suggestions")
    expect(panel.locator(".similar-items")).to_contain_text("Export flight logs as CSV")
    expect(panel.locator(".similar-items")).to_contain_text("likely duplicate")
    suggestion = panel.locator(".estimate-suggestion")
    expect(suggestion).to_contain_text("Suggested estimate: 3 points")
    expect(suggestion).to_contain_text("too few to learn from")
    assert Item.objects.get(pk=new.pk).estimate is None  # shown, never applied by itself
    suggestion.get_by_role("button", name="Apply 3 points").click()
    expect(page.locator("#d-estimate")).to_have_value("3")
    assert Item.objects.get(pk=new.pk).estimate == 3

    page.goto(f"{site}/p/{team.product.key}/backlog/")
    page.locator("#quick-add-text").fill("Export flight logs as CSV files")
    expect(page.locator("#quick-add-similar")).to_contain_text("This looks like")
    expect(page.locator("#quick-add-similar")).to_contain_text("DRN-1")


def test_planning_applies_a_suggested_estimate_in_one_click(
    browser: Browser, site: str, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tandem.knowledge import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    po = team.access("product_owner")
    item_services.item_create(
        access=po, fields={"title": "Export flight logs as CSV", "estimate": 3}
    )
    new = item_services.item_create(access=po, fields={"title": "Export the flight logs to CSV"})
    sprint = new_sprint(team)

    page = new_page(browser)
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/{team.product.key}/sprints/{sprint.pk}/plan/")
    row = page.locator(f'#plan-backlog li[data-key="{new.key}"]')
    expect(row.locator(".badge[title=Estimate]")).to_have_text("?")
    row.get_by_text("Suggested estimate:").click()
    expect(row).to_contain_text("too few to learn from")
    expect(row).to_contain_text("DRN-1")
    row.get_by_role("button", name=f"Apply 3 points to {new.key}").click()
    expect(row.locator(".badge[title=Estimate]")).to_have_text("3")  # the body reloaded
    expect(row.locator(".estimate-hint")).to_have_count(0)
    assert Item.objects.get(pk=new.pk).estimate == 3
