"""The demo product on a phone: every page each demo person reaches fits 390 px, the menu
folds behind a toggler that opens it, and tables stack into one labelled card per row; key
pages are photographed at 390 and 1280 px."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tandem.web.demo import content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
TOLERANCE = 2  # px: sub-pixel rounding of borders
SKIP = ("/signout/", "/admin/", "/static/", "/api/", "/media/")
DOWNLOADS = re.compile(r"(\.csv|\.json|\.pdf|\.md|\.html|/export|/download|/pdf|/feed)", re.I)
MAX_PAGES = 80  # per person: one page per address shape is enough
KEY_PAGES = {
    "home": "/p/DRN/",
    "backlog": "/p/DRN/backlog/",
    "board": "/p/DRN/board/",
    "item": "/items/DRN-1/",
    "roadmap": "/p/DRN/strategy/roadmap/",
    "report": "/p/DRN/reports/executive/",
}
# A page with a data table, and that table. (Feedback is a list of cards already: no table.)
TABLE_PAGES = {
    "backlog": ("/p/DRN/backlog/", ".backlog-table"),
    "sprints": ("/p/DRN/delivery/", "main table"),
    "releases": ("/p/DRN/releases/", "main table"),
    "costs": ("/p/DRN/strategy/costs/", "#cost-by-initiative"),
    "customers": ("/p/DRN/insights/customers/", "#customers"),
    "metrics": ("/p/DRN/metrics/", "#metric-list"),
}
# How a table is drawn: its display, how far it scrolls sideways, how tall its header row is,
# and where each labelled cell of its first row sits, with the label drawn before it.
TABLE_LAYOUT = """(table) => {
  const cells = [...table.tBodies[0].rows[0].cells].filter((cell) => cell.dataset.label);
  return {
    display: getComputedStyle(table).display,
    scrolls: table.scrollWidth - table.clientWidth,
    head: table.tHead.getBoundingClientRect().height,
    cells: cells.map((cell) => {
      const box = cell.getBoundingClientRect();
      const label = getComputedStyle(cell, "::before");
      return {
        name: cell.dataset.label, label: label.content, labelWidth: parseFloat(label.width) || 0,
        top: box.top, bottom: box.bottom, left: box.left,
      };
    }),
  };
}"""
WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 2)
  .slice(-4).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`)"""
# A table that reflows on a phone and still scrolls sideways (those that opt out scroll).
SCROLLING_TABLES = """() => Array.from(document.querySelectorAll(
    'main table:not(.table-scroll, .table-fixed)'))
  .filter((t) => t.offsetParent !== null && t.scrollWidth > t.clientWidth + 2)
  .map((t) => `table#${t.id}.${t.className}`)"""
LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .map((a) => a.getAttribute('href'))
  .filter((h) => h && h.startsWith('/'))"""


def _sign_in(page: Page, site: str, email: str) -> None:
    page.goto(f"{site}/signin/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(content.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin/" not in url)


def _shape(url: str) -> str:
    split = urlsplit(url)
    return re.sub(r"\d+", "#", split.path)


def _width(page: Page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


def _widest(page: Page) -> list[str]:
    """What sticks out past the right edge: named in a failure, to find it quickly."""
    return page.evaluate(WIDEST)  # type: ignore[no-any-return]


def _misfit(page: Page) -> str | None:
    """Why a page does not fit the phone, or None: it is wider than the screen, or one of its
    tables scrolls sideways instead of stacking its rows."""
    if _width(page) > PHONE["width"] + TOLERANCE:
        return f"{_width(page)} px: {', '.join(_widest(page))}"
    scrolling = page.evaluate(SCROLLING_TABLES)
    if scrolling:
        return f"a table scrolls sideways: {', '.join(scrolling)}"
    return None


def _menu_folds_and_opens(page: Page) -> bool:
    menu = page.locator("#main-menu")
    if menu.is_visible():
        return False
    toggler = page.get_by_role("button", name="Menu")
    toggler.click()
    expect(menu).to_be_visible()
    expect(menu).to_have_class(re.compile(r"\bcollapse show\b"))  # opened, not still moving
    expect(toggler).to_have_attribute("aria-expanded", "true")
    opened = menu.locator("a").first.is_visible()
    toggler.click()
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    return opened


def _crawl(page: Page, site: str) -> dict[str, str]:
    """Visit one page of each address shape reachable from the product's home; return the
    pages that do not fit the phone."""
    queue = ["/p/DRN/", "/"]
    shapes: Counter[str] = Counter(_shape(u) for u in queue)
    too_wide: dict[str, str] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        try:
            response = page.goto(f"{site}{path}")
        except PlaywrightError:  # a download (a digest, an export): no page to measure
            continue
        visited += 1
        if response is None or not response.ok:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        misfit = _misfit(page)
        if misfit:
            too_wide[path] = misfit
        for href in page.evaluate(LINKS):
            target = href.split("#")[0].split("?")[0]
            if not target or target.startswith(SKIP) or DOWNLOADS.search(target):
                continue
            if shapes[_shape(target)]:
                continue
            shapes[_shape(target)] += 1
            queue.append(target)
    return too_wide


def _menu_pages(page: Page) -> list[str]:
    hrefs = page.evaluate(
        "() => Array.from(document.querySelectorAll('#main-menu a[href^=\"/\"]'))"
        ".map((a) => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


def test_every_page_each_demo_person_reaches_fits_a_phone(demo_site: str, browser: Browser) -> None:
    """The Product Manager, who reaches the most, follows one link of every address shape;
    everyone else opens every page of their menu. Each checks the folded menu opens."""
    too_wide: dict[str, dict[str, str]] = {}
    for person in content.PEOPLE:
        page = browser.new_context(viewport=PHONE).new_page()
        _sign_in(page, demo_site, person.email)
        page.goto(f"{demo_site}/p/DRN/")
        assert _menu_folds_and_opens(page), person.email
        if person.handle == "pm":
            found = _crawl(page, demo_site)
        else:
            found: dict[str, str] = {}
            for path in _menu_pages(page):
                page.goto(f"{demo_site}{path}")
                misfit = _misfit(page)
                if misfit:
                    found[path] = misfit
        if found:
            too_wide[person.email] = found
        page.context.close()
    assert too_wide == {}, "\n".join(
        f"{who} {path}: {what}" for who, pages in too_wide.items() for path, what in pages.items()
    )


def test_key_pages_are_photographed_on_a_phone_and_a_laptop(
    demo_site: str, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    _sign_in(page, demo_site, "pm@demo.test")
    for name, path in KEY_PAGES.items():
        for label, size in (("390", PHONE), ("1280", LAPTOP)):
            page.set_viewport_size(size)
            page.goto(f"{demo_site}{path}")
            assert _width(page) <= size["width"] + TOLERANCE, (path, label, _widest(page))
            if name != "report":  # the report is a document to print: no menu
                assert page.locator("#main-menu").is_visible() is (size is LAPTOP), path
            page.screenshot(path=str(tmp_path / f"{name}-{label}.png"), full_page=True)
    assert len(list(tmp_path.glob("*.png"))) == 2 * len(KEY_PAGES)

    # The board swipes column by column: one column fills the phone, the next snaps in.
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site}/p/DRN/board/")
    snap = page.evaluate("getComputedStyle(document.querySelector('#board-body')).scrollSnapType")
    assert "x" in snap
    column = page.locator("#board-body .board-column").first.bounding_box()
    assert column is not None
    assert column["width"] <= PHONE["width"]


def _table_layout(table: Locator) -> dict[str, Any]:
    return table.evaluate(TABLE_LAYOUT)  # type: ignore[no-any-return]


def test_tables_stack_into_labelled_cards_on_a_phone_and_stay_tables_on_a_laptop(
    demo_site: str, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    _sign_in(page, demo_site, "po@demo.test")
    for name, (path, selector) in TABLE_PAGES.items():
        page.set_viewport_size(PHONE)
        page.goto(f"{demo_site}{path}")
        table = page.locator(selector).first
        phone = _table_layout(table)
        page.screenshot(path=str(tmp_path / f"{name}-390.png"))
        cells = phone["cells"]
        assert len(cells) >= 3, path
        assert phone["scrolls"] <= TOLERANCE, (path, phone["scrolls"])
        assert _width(page) <= PHONE["width"] + TOLERANCE, (path, _widest(page))
        # One card per row: the cells stand one under another, each behind its column's name.
        for above, below in pairwise(cells):
            assert below["top"] >= above["bottom"] - TOLERANCE, (path, above, below)
            assert abs(below["left"] - above["left"]) <= TOLERANCE, (path, above, below)
        assert [c["label"] for c in cells] == [f'"{c["name"]}"' for c in cells], path
        assert min(c["labelWidth"] for c in cells) > 0, path
        # The header row is hidden to the eye only: a screen reader still reads the columns.
        assert phone["head"] <= 1, path
        header = table.get_by_role("columnheader", name=cells[0]["name"], exact=True)
        expect(header).to_have_count(1)

        page.set_viewport_size(LAPTOP)
        page.goto(f"{demo_site}{path}")
        laptop = _table_layout(page.locator(selector).first)
        page.screenshot(path=str(tmp_path / f"{name}-1280.png"))
        wide = laptop["cells"]
        assert laptop["display"] == "table", path
        assert laptop["head"] > 1, path
        assert {c["label"] for c in wide} == {"none"}, path
        for left, right in pairwise(wide):
            assert right["left"] > left["left"], (path, left, right)
            assert abs(right["top"] - left["top"]) <= TOLERANCE, (path, left, right)
        # At a laptop's width the table fits its card: no column hides under the next card.
        edges = page.locator(selector).first.evaluate(
            "(t) => [t.getBoundingClientRect().right,"
            " (t.closest('.card') || t.parentElement).getBoundingClientRect().right]"
        )
        assert edges[0] <= edges[1] + TOLERANCE, (path, edges)


def test_a_row_swapped_in_on_a_phone_is_labelled_like_the_rest(
    demo_site: str, browser: Browser
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    _sign_in(page, demo_site, "po@demo.test")
    page.goto(f"{demo_site}/p/DRN/backlog/")
    row = page.locator("#backlog-rows > tr").first
    key = row.get_attribute("data-key")
    row.evaluate("(tr) => { tr.dataset.before = 'swap'; }")  # the row HTMX will replace
    status = row.locator("select.status-select")
    options = status.evaluate("(select) => [...select.options].map((option) => option.value)")
    status.select_option(next(value for value in options if value != status.input_value()))

    swapped = page.locator(f"#row-{key}:not([data-before])")
    expect(swapped).to_have_count(1)
    expect(swapped.locator("td.col-status")).to_have_attribute("data-label", "Status")
    expect(swapped.locator("td.col-title")).to_have_attribute("data-label", "Title")
    label = swapped.locator("td.col-status").evaluate(
        "(cell) => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Status"'
