"""The roadmap board in a real browser: the PM re-plans by drag; the PO's drag is a proposal."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.strategy.models import Initiative
from tandem.workspace import writes
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _roadmap(team: Team) -> tuple[Initiative, Initiative, Initiative]:
    pm = team.access("product_manager")
    made = [
        writes.record_create(access=pm, kind="initiative", fields={"title": t, "horizon": h}).record
        for t, h in (
            ("All-day flying", "now"),
            ("Cinema camera", "next"),
            ("Rental fleets", "next"),
        )
    ]
    first, second, third = made
    assert isinstance(first, Initiative)
    assert isinstance(second, Initiative)
    assert isinstance(third, Initiative)
    return first, second, third


def _drag(page: Page, handle_selector: str, target_selector: str) -> None:
    """Real mouse moves, as SortableJS's pointer fallback expects them."""
    handle = page.locator(handle_selector).bounding_box()
    target = page.locator(target_selector).bounding_box()
    assert handle is not None
    assert target is not None
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + 4, handle["y"] - 10, steps=5)
    page.mouse.move(target["x"] + 20, target["y"] + 5, steps=15)
    page.mouse.up()


def _titles(page: Page, horizon: str) -> list[str]:
    return page.locator(f"#horizon-{horizon} .roadmap-card .fw-semibold").all_inner_texts()


def test_the_pm_drags_next_to_now_and_the_pos_drag_becomes_a_proposal(
    site: str, team: Team, page: Page, browser: Browser
) -> None:
    now, camera, fleets = _roadmap(team)
    sign_in(page, site, team.pm.email)
    page.goto(f"{site}/p/DRN/strategy/roadmap/")
    assert _titles(page, "next") == ["Cinema camera", "Rental fleets"]

    with page.expect_response(lambda r: r.url.endswith(f"/initiatives/{camera.pk}/move/")) as moved:
        _drag(page, f"#initiative-{camera.pk} .drag-handle", f"#initiative-{now.pk}")
    assert moved.value.status == 200
    expect(page.locator("#toasts")).to_contain_text("Roadmap re-planned")
    expect(page.locator("#horizon-now")).to_contain_text("Cinema camera")
    camera.refresh_from_db()
    assert camera.horizon == "now"
    page.reload()
    assert "Cinema camera" in _titles(page, "now")

    po = new_page(browser)
    sign_in(po, site, team.po.email)
    po.goto(f"{site}/p/DRN/strategy/roadmap/")
    with po.expect_response(lambda r: r.url.endswith(f"/initiatives/{fleets.pk}/move/")) as asked:
        _drag(po, f"#initiative-{fleets.pk} .drag-handle", f"#initiative-{now.pk}")
    assert asked.value.status == 200
    expect(po.locator("#toasts")).to_contain_text("proposal")
    expect(po.locator("#horizon-next")).to_contain_text("Rental fleets")
    fleets.refresh_from_db()
    assert fleets.horizon == "next"
    proposal = Proposal.objects.get()
    assert proposal.operation == "move"
    assert proposal.payload["horizon"] == "now"

    page.goto(f"{site}/p/DRN/strategy/queue/")
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Rental fleets")
    page.locator(f"#proposal-{proposal.pk}").get_by_role("button", name="Accept").click()
    expect(page.locator("#toasts")).to_contain_text("Accepted and applied")
    expect(page.locator(f"#proposal-{proposal.pk}")).to_have_count(0)
    fleets.refresh_from_db()
    assert fleets.horizon == "now"
