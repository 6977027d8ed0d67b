"""A sprint in a real browser: plan with the optimizer, start it, move a card to done on
the board, and accept it in the review."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.delivery import services
from tandem.delivery.models import Sprint, SprintState
from tests.conftest import Team

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _ready(team: Team, title: str, points: int, value: int) -> Item:
    return backlog_services.item_create(
        access=team.access("product_owner"),
        fields={"title": title, "estimate": points, "value": value, "effort": 3, "status": "ready"},
    )


def _drag(page: Page, source_selector: str, target_selector: str) -> None:
    """Drag with real mouse moves, as SortableJS's pointer fallback expects them."""
    source = page.locator(source_selector).bounding_box()
    target = page.locator(target_selector).bounding_box()
    assert source is not None
    assert target is not None
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + 12)
    page.mouse.down()
    page.mouse.move(source["x"] + source["width"] / 2 + 10, source["y"] + 20, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 30, steps=20)
    page.mouse.up()


def test_a_sprint_is_planned_by_the_optimizer_worked_on_the_board_and_accepted_in_review(
    site: str, team: Team, page: Page
) -> None:
    big = _ready(team, "Omnidirectional obstacle sensing", 8, 8)
    small_a = _ready(team, "Spoken warnings", 5, 5)
    small_b = _ready(team, "Wind speed warning", 5, 5)
    sprint = services.sprint_create(
        access=team.access("product_owner"),
        fields={
            "name": "Sprint 1",
            "goal": "Warn the pilot",
            "starts_on": dt.date.today(),
            "ends_on": dt.date.today() + dt.timedelta(days=13),
            "capacity": 10,
        },
    )
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/sprints/{sprint.pk}/plan/")

    # Greedy takes the densest item (8 points, value 8) and nothing else fits;
    # the optimizer sees that the two 5-point items are worth 10 together.
    expect(page.locator("#optimal-items")).to_contain_text(small_a.key)
    expect(page.locator("#optimal-items")).to_contain_text(small_b.key)
    expect(page.locator("#planning-body")).to_contain_text("The optimizer adds 2 value")
    page.get_by_role("button", name="Accept proposal").click()
    expect(page.locator("#plan-sprint")).to_contain_text(small_a.key)
    expect(page.locator("#plan-sprint")).to_contain_text(small_b.key)
    expect(page.locator("#plan-backlog")).to_contain_text(big.key)
    expect(page.locator("#toasts")).to_contain_text("2 items added to the sprint")

    page.goto(f"{site}/p/DRN/sprints/{sprint.pk}/")
    page.locator("#start-dialog summary").click()
    expect(page.locator("#start-numbers")).to_contain_text("10 points")
    page.get_by_role("button", name="Start sprint", exact=True).click()
    page.wait_for_url("**/board/")
    assert Sprint.objects.get(pk=sprint.pk).state == SprintState.ACTIVE
    ready = page.locator('ul.board-cards[data-status="ready"]')
    expect(ready.locator(f'[data-key="{small_a.key}"]')).to_be_visible()

    with page.expect_response(lambda r: r.url.endswith("/board/move")) as moved:
        _drag(page, f'[data-key="{small_a.key}"]', 'ul.board-cards[data-status="done"]')
    assert moved.value.status == 200
    done = page.locator('ul.board-cards[data-status="done"]')
    expect(done.locator(f'[data-key="{small_a.key}"]')).to_be_visible()
    expect(page.locator("#col-done")).to_contain_text("1")
    assert Item.objects.get(pk=small_a.pk).status == Status.DONE

    # The review: the PO accepts what the board calls done.
    page.goto(f"{site}/p/DRN/sprints/{sprint.pk}/review/")
    row = page.locator(f"#review-{small_a.key}")
    row.get_by_role("button", name=f"Accept {small_a.key}").click()
    expect(row).to_contain_text("Accepted by")
    assert Item.objects.get(pk=small_a.pk).status == Status.ACCEPTED


def test_a_blocked_card_comes_back_with_the_reason(site: str, team: Team, page: Page) -> None:
    item = _ready(team, "Sign OTA packages", 5, 5)
    sprint = services.sprint_create(
        access=team.access("product_owner"),
        fields={
            "name": "Sprint 1",
            "starts_on": dt.date.today(),
            "ends_on": dt.date.today() + dt.timedelta(days=13),
            "capacity": 8,
        },
    )
    services.sprint_items_add(access=team.access("product_owner"), sprint=sprint, items=[item])
    sprint.refresh_from_db()
    services.sprint_start(
        access=team.access("product_owner"),
        sprint=sprint,
        expected_version=sprint.version,
        confirmed=True,
    )
    services.impediment_raise(
        access=team.access("team_member"),
        fields={"kind": "blocker", "description": "No signing key", "items": [item.key]},
    )
    sign_in(page, site, team.dev.email)
    page.goto(f"{site}/p/DRN/board/")
    card = page.locator(f'[data-key="{item.key}"]')
    expect(card).to_contain_text("Blocked")

    # The keyboard's way: the card's status menu.
    with page.expect_response(lambda r: r.url.endswith("/board/move")) as moved:
        page.get_by_label(f"Status of {item.key}").select_option("done")
    assert moved.value.status == 422
    expect(page.locator("#toasts")).to_contain_text("resolve its blocker")
    expect(
        page.locator(f'ul.board-cards[data-status="ready"] [data-key="{item.key}"]')
    ).to_be_visible()
    assert Item.objects.get(pk=item.pk).status == Status.READY
