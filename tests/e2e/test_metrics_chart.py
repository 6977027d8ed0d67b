"""A metric in a real browser: the chart draws the release marker and takes a new value."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tandem.metrics import extensions
from tests.conftest import Team
from tests.metrics.helpers import metric, series

from .conftest import sign_in, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHART = "canvas[data-metric-chart]"


def _chart(page: Page, expression: str) -> object:
    return page.locator(CHART).evaluate(f"canvas => canvas.tandemChart && {expression}")


def test_the_chart_shows_the_release_and_redraws_after_a_value_is_recorded(
    site: str, team: Team, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        extensions, "_marker_sources", [lambda access: [(dt.date(2025, 3, 1), "2.0")]]
    )
    m = metric(team, name="Trial conversion", unit="%", target=4.0)
    series(team, m, {"2025-01-01": 3.0, "2025-02-01": 3.1, "2025-04-01": 3.7})
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, site, team.po.email)
    page.goto(f"{site}/p/DRN/metrics/{m.pk}/")

    wait_until(
        page, "document.querySelector('canvas[data-metric-chart]').tandemChart !== undefined"
    )
    assert _chart(page, "canvas.tandemChart.data.datasets[0].data.length") == 3
    assert _chart(page, "canvas.tandemChart.options.plugins.tandemReleaseMarkers.markers") == [
        {"x": "2025-03-01", "label": "2.0"}
    ]
    legend = _chart(page, "canvas.tandemChart.data.datasets.map(d => d.label)")
    assert legend == ["Trial conversion (%)", "Target 4% (up is good)", "Release"]

    page.get_by_label("Day").first.fill("2025-05-01")
    page.get_by_label("Value (%)").fill("3.9")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#toasts")).to_contain_text("Recorded 2025-05-01.")
    wait_until(
        page,
        "document.querySelector('canvas[data-metric-chart]').tandemChart"
        "?.data.datasets[0].data.length === 4",
    )
    expect(page.locator("#metric-headline")).to_contain_text("3.9%")
    expect(page.locator("#metric-headline")).to_contain_text("better")
