"""What production asks of every page, in a real browser: the CSP holds and breaks nothing,
the API docs work offline, and long strings never widen a page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tandem.backlog import services
from tests.conftest import Team

from .conftest import new_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Collects what the Content-Security-Policy refused; injected by the browser's own
# debugging channel, so the policy itself does not block it.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""
LONG_WORD = "W" * 5000


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")  # type: ignore[no-any-return]


def _offline(page: Page, site: str) -> list[str]:
    """Refuse every request that leaves the test server; return what was attempted."""
    attempted: list[str] = []

    def route(r: Route) -> None:
        if r.request.url.startswith(site):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return attempted


def test_htmx_pages_work_under_the_csp_without_a_single_violation(
    site: str, team: Team, browser: Browser
) -> None:
    services.item_create(access=team.access("product_owner"), fields={"title": "Obstacle sensing"})
    page = new_page(browser)
    page.add_init_script(WATCH_CSP)
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/backlog/")

    page.locator("#quick-add-text").fill("As a pilot I want spare batteries so that I fly longer")
    page.keyboard.press("Enter")

    expect(page.locator("#row-DRN-2")).to_contain_text("Spare batteries")
    expect(page.locator("#quick-add-text")).to_have_value("")  # data-reset-on-success
    expect(page.locator("#quick-add-text")).to_be_focused()
    for path in ["/p/DRN/", "/p/DRN/strategy/roadmap/", "/p/DRN/board/", "/items/DRN-1/"]:
        page.goto(f"{site}{path}")
        page.wait_for_load_state("networkidle")
    assert _violations(page) == []


def test_the_user_menu_reaches_the_password_change(site: str, team: Team, browser: Browser) -> None:
    page = new_page(browser)
    sign_in(page, site, team.po.email)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    expect(page.get_by_label("Old password")).to_be_visible()


def test_the_api_docs_render_offline_under_the_csp(site: str, team: Team, browser: Browser) -> None:
    page = new_page(browser)
    page.add_init_script(WATCH_CSP)
    sign_in(page, site, team.po.email)
    left_the_site = _offline(page, site)

    page.goto(f"{site}/api/v1/docs")

    # The first request for the OpenAPI schema builds it: seconds on a busy machine.
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Tandem API", timeout=60_000)
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    assert page.locator("#swagger-ui .opblock").count() > 20
    assert left_the_site == []
    assert _violations(page) == []


@pytest.mark.parametrize("path", ["/items/DRN-1/", "/p/DRN/backlog/"])
def test_a_5000_character_word_keeps_the_page_at_the_viewport_width(
    site: str, team: Team, browser: Browser, path: str
) -> None:
    po = team.access("product_owner")
    item = services.item_create(
        access=po,
        fields={"title": "T" * 200, "description": f"Before {LONG_WORD} after\n\n`{LONG_WORD}`"},
    )
    services.comment_add(access=po, item=item, body=LONG_WORD)
    page = new_page(browser)
    sign_in(page, site, team.po.email)
    page.goto(f"{site}{path}")
    expect(page.get_by_text("T" * 200).first).to_be_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} is {width[0]} px wide in a {width[1]} px window"
