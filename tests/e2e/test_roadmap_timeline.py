"""The roadmap's timeline in a real browser: a drag changes the dates (the PM's lands, the
PO's is a proposal), the keyboard does the same, and a long plan's labels never overlap."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from tandem.strategy.models import Initiative
from tandem.workspace import writes
from tandem.workspace.models import Proposal
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERLAPS = """() => {
  const boxes = Array.from(document.querySelectorAll('.timeline-tick'))
    .map((t) => t.getBoundingClientRect());
  return boxes.filter((b, i) => i > 0 && b.left < boxes[i - 1].right).length;
}"""

WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8).map((e) => `${e.tagName}#${e.id}.${e.className}`)"""


def _initiative(team: Team, title: str, starts: str, ends: str) -> Initiative:
    record = writes.record_create(
        access=team.access("product_manager"),
        kind="initiative",
        fields={"title": title, "starts_on": starts, "ends_on": ends},
    ).record
    assert isinstance(record, Initiative)
    return record


def _drag_bar(page: Page, selector: str, dx: float, where: str = "middle") -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None
    x = {"middle": box["x"] + box["width"] / 2, "end": box["x"] + box["width"] - 2}[where]
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=5)
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()


def _bar(initiative: Initiative) -> str:
    return f'#timeline-editor .timeline-bar[data-id="{initiative.pk}"]'


def test_the_pm_drags_a_bar_to_new_dates_and_the_pos_drag_is_a_proposal(
    site: str, team: Team, page: Page, browser: Browser
) -> None:
    camera = _initiative(team, "Cinema camera", "2027-01-01", "2027-03-31")
    _initiative(team, "Rental fleets", "2027-01-01", "2027-12-31")
    sign_in(page, site, team.pm.email)
    page.goto(f"{site}/p/DRN/strategy/roadmap/?zoom=months")
    expect(page.locator(_bar(camera))).to_be_visible()
    day_px = page.evaluate(
        f"document.querySelector('{_bar(camera)}').parentElement.getBoundingClientRect().width"
        " / Number(document.getElementById('timeline-editor').dataset.days)"
    )

    with page.expect_response(lambda r: f"/strategy/initiatives/{camera.pk}" in r.url) as moved:
        _drag_bar(page, _bar(camera), 31 * day_px)
    assert moved.value.status == 200
    expect(page.locator("#toasts")).to_contain_text("Cinema camera: now")
    camera.refresh_from_db()
    assert camera.starts_on is not None
    assert camera.ends_on is not None
    assert abs((camera.starts_on - dt.date(2027, 2, 1)).days) <= 2
    assert (camera.ends_on - camera.starts_on).days == 89  # moved, not resized

    # The timeline is drawn again with the new version; then the end alone: a resize.
    expect(page.locator(_bar(camera))).to_have_attribute("data-version", str(camera.version))
    with page.expect_response(lambda r: f"/strategy/initiatives/{camera.pk}" in r.url) as grown:
        _drag_bar(page, _bar(camera), 30 * day_px, where="end")
    assert grown.value.status == 200
    starts = camera.starts_on
    camera.refresh_from_db()
    assert camera.starts_on == starts
    assert camera.ends_on is not None
    assert (camera.ends_on - starts).days > 100

    po = new_page(browser)
    sign_in(po, site, team.po.email)
    po.goto(f"{site}/p/DRN/strategy/roadmap/?zoom=months")
    before = (camera.starts_on, camera.ends_on)
    with po.expect_response(lambda r: f"/strategy/initiatives/{camera.pk}" in r.url) as asked:
        _drag_bar(po, _bar(camera), -31 * day_px)
    assert asked.value.status == 202
    expect(po.locator("#toasts")).to_contain_text("proposal")
    camera.refresh_from_db()
    assert (camera.starts_on, camera.ends_on) == before
    proposal = Proposal.objects.get(record_type="initiative", record_id=camera.pk)
    assert set(proposal.payload) == {"starts_on", "ends_on"}


def test_shift_arrows_move_a_focused_bar_and_enter_saves(site: str, team: Team, page: Page) -> None:
    camera = _initiative(team, "Cinema camera", "2027-01-04", "2027-03-28")
    sign_in(page, site, team.pm.email)
    page.goto(f"{site}/p/DRN/strategy/roadmap/?zoom=months")
    page.locator(_bar(camera)).focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#timeline-status")).to_contain_text("18 Jan 2027 to 11 Apr 2027")
    page.keyboard.press("Shift+Alt+ArrowRight")
    with page.expect_response(lambda r: f"/strategy/initiatives/{camera.pk}" in r.url) as saved:
        page.keyboard.press("Enter")
    assert saved.value.status == 200
    camera.refresh_from_db()
    assert (camera.starts_on, camera.ends_on) == (dt.date(2027, 1, 18), dt.date(2027, 4, 18))


def test_a_plan_to_2030_fits_a_laptop_with_labels_that_never_overlap(
    site: str, team: Team, page: Page
) -> None:
    _initiative(team, "Autonomy", "2026-03-01", "2030-12-31")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, team.pm.email)
    for zoom in ("", "months", "quarters", "years"):
        page.goto(f"{site}/p/DRN/strategy/roadmap/?zoom={zoom}")
        assert page.evaluate(OVERLAPS) == 0, zoom
        wide = page.evaluate(WIDEST)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280, (zoom, wide)
    page.goto(f"{site}/p/DRN/strategy/roadmap/")
    expect(page.get_by_role("link", name="Fit")).to_have_attribute("aria-current", "true")
    expect(page.locator(".timeline-tick").first).to_have_text("2026")
    scroll = page.evaluate(
        "(() => { const s = document.querySelector('.timeline-scroll');"
        " return s.scrollWidth - s.clientWidth; })()"
    )
    assert scroll <= 1  # the fitting zoom needs no sideways scrolling
