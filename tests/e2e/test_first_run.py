"""A team's first hour on a fresh install, in a real browser: empty database to a first story."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.backlog.models import Item
from tandem.workspace.models import Organization, Product

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_empty_install_leads_from_setup_to_a_first_story(
    live_server: LiveServer, page: Page
) -> None:
    assert not Organization.objects.exists()
    site = live_server.url
    page.set_viewport_size({"width": 1400, "height": 900})

    page.goto(f"{site}/")
    page.wait_for_url(lambda url: "/setup/" in url)
    page.get_by_label("Organization").fill("Acme Drones")
    page.get_by_label("Your name").fill("Ana Lima")
    page.get_by_label("Your e-mail").fill("ana@acme.test")
    page.get_by_label("Password", exact=True).fill("a long and fresh passphrase")
    page.get_by_role("button", name="Create the organization").click()

    page.wait_for_url(lambda url: "/products/new/" in url)
    page.get_by_label("Key", exact=True).fill("ACM")
    page.get_by_label("Name", exact=True).fill("Acme Flight")
    page.get_by_role("button", name="Create the product").click()

    page.wait_for_url(lambda url: "/p/ACM/backlog/" in url)
    page.locator("#quick-add-text").fill(
        "As a pilot I want to see the battery left so that I land in time"
    )
    page.keyboard.press("Enter")
    # The first write also builds the search index, loading the embedding model once.
    expect(page.locator("#row-ACM-1")).to_contain_text("battery left", timeout=30_000)

    product = Product.objects.get(key="ACM")
    assert product.organization.name == "Acme Drones"
    assert Item.objects.get(product=product, number=1).as_a.lower().startswith("pilot")
