"""The executive report's outcomes, forecasts, return and go-to-market: page, PDF and API,
each read by the role that calls it."""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tandem.delivery import services as delivery
from tandem.metrics import services as metrics
from tandem.workspace import writes
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PM, PO, TEAM, HOLDER, VIEWER = (
    "product_manager",
    "product_owner",
    "team_member",
    "stakeholder",
    "viewer",
)
PERIOD = "start=2026-01-15&end=2026-03-31"
PAGE = f"/p/DRN/reports/executive/?{PERIOD}"
API = "/api/v1/products/DRN/reports/executive"


@pytest.fixture
def product(team: Team) -> Team:
    """NPS on target after release 2.0, a custom gauge, an initiative with its return."""
    pm, po = team.access(PM), team.access(PO)

    def make(kind: str, fields: dict[str, object]) -> int:
        record = writes.record_create(access=pm, kind=kind, fields=fields).record
        assert record is not None
        return int(record.pk)

    nps = make("metric", {"name": "Pilot NPS", "kind": "nps", "direction": "up", "target": 40})
    gauge = make("metric", {"name": "Build minutes", "kind": "custom", "target": 10})
    for metric, values in ((nps, (30, 35, 42)), (gauge, (12, 11, 9))):
        rows = [
            {"measured_on": dt.date(2026, month, 1), "value": value}
            for month, value in zip((1, 2, 3), values, strict=True)
        ]
        metrics.measurements_record_batch(
            access=po, metric_id=metric, rows=rows, today=dt.date(2026, 4, 1)
        )
    shipped = delivery.release_create(
        access=po, fields={"name": "2.0", "target_date": dt.date(2026, 2, 10)}
    )
    delivery.release_ship(
        access=po,
        release_id=shipped.pk,
        released_on=dt.date(2026, 2, 15),
        expected_version=shipped.version,
    )
    delivery.release_create(access=po, fields={"name": "2.1", "target_date": dt.date(2026, 6, 1)})
    initiative = make(
        "initiative", {"title": "All-day flying", "budget": "1000", "benefit_estimate": "3000"}
    )
    make(
        "cost_line",
        {
            "initiative": initiative,
            "category": "parts",
            "period": "2026-02",
            "planned": "500",
            "actual": "800",
        },
    )
    segment = make("segment", {"name": "Event filmers", "size": 4800})
    make("pricing_plan", {"name": "Care+ Pro", "price": "19", "segment": segment})
    return team


def _client(team: Team, role: str) -> Client:
    client = Client()
    client.force_login(team.person(role))
    return client


def _api(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _pdf_outline(pdf: bytes) -> str:
    """The text of the PDF's outline (its bookmarks), from its compressed object streams."""
    text = b""
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(stream.group(1))
        except zlib.error:
            continue
    titles = re.findall(rb"/Title \((.*?)\)/", text)
    return "\n".join(t.decode("latin-1").replace("\\(", "(").replace("\\)", ")") for t in titles)


def test_the_report_shows_each_outcome_metric_against_its_target_with_a_trend(
    product: Team,
) -> None:
    html = _client(product, PM).get(PAGE).content.decode()
    outcomes = html[html.index('<section id="outcomes">') : html.index("</section>")]
    assert "Pilot NPS" in outcomes
    assert "Build minutes" not in outcomes
    assert '<td class="num">42</td>' in outcomes
    assert '<td class="num">40</td>' in outcomes
    assert "✓ On target" in outcomes
    assert "▲ improving" in outcomes
    assert outcomes.count('class="spark"') == 1
    assert ">2.0</text>" in outcomes  # the release shipped in the period, on the trend


def test_the_pdf_renders_with_the_outcome_metrics_and_their_values(product: Team) -> None:
    response = _client(product, PM).get(f"{PAGE}&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    outline = _pdf_outline(response.content)
    assert "Outcome metrics" in outline
    assert "Pilot NPS: 42 (target 40)" in outline
    assert "Go-to-market" in outline


def test_the_sections_picked_are_kept_in_the_url(product: Team) -> None:
    html = _client(product, PM).get(f"{PAGE}&sections=outcomes&sections=risks").content.decode()
    assert "<h2>Outcome metrics</h2>" in html
    assert "<h2>Risks</h2>" in html
    assert "<h2>Decisions made</h2>" not in html
    assert 'value="outcomes" checked' in html
    assert 'value="decisions">' in html
    assert "sections=outcomes&amp;sections=risks&amp;format=pdf" in html


def test_the_pm_reads_cost_against_budget_and_the_estimated_return(product: Team) -> None:
    html = _client(product, PM).get(PAGE).content.decode()
    costs = html[html.index('<section id="costs">') :]
    assert "Over budget" not in costs
    assert "ROI (estimate)" in costs
    assert "275%" in costs  # (3,000 − 800) ÷ 800
    assert "The benefit is the Product Manager's estimate" in costs


@pytest.mark.parametrize("role", [HOLDER, VIEWER])
def test_stakeholders_and_viewers_read_the_report_without_figures(product: Team, role: str) -> None:
    html = _client(product, role).get(PAGE).content.decode()
    assert "Pilot NPS" in html
    assert "Budgets and costs are not shown to your role." in html
    assert "ROI (estimate)" not in html


def test_a_planned_release_without_a_pace_says_why_it_has_no_forecast(product: Team) -> None:
    html = _client(product, PO).get(PAGE).content.decode()
    assert "needs at least one closed sprint" in html


# --- the API -------------------------------------------------------------------------------


def test_the_api_answers_the_report_as_numbers(product: Team) -> None:
    body = _api(product, PM).get(f"{API}?{PERIOD}").json()
    assert (body["start"], body["end"], body["currency"]) == ("2026-01-15", "2026-03-31", "EUR")
    (nps,) = body["outcomes"]
    assert (nps["name"], nps["current"], nps["target"], nps["baseline"]) == (
        "Pilot NPS",
        42.0,
        40.0,
        30.0,
    )
    assert (nps["on_target"], nps["improving"], nps["change"]) == (True, True, 12.0)
    assert nps["release_markers"] == [{"date": "2026-02-15", "release": "2.0"}]
    (roi,) = body["costs"]["returns"]
    assert (roi["cost"], roi["benefit_estimate"], roi["roi_estimate"]) == (800.0, 3000.0, 2.75)
    assert [f["name"] for f in body["releases"]["forecasts"]] == ["2.1"]
    assert body["gtm"]["plans"][0]["price"] == 19.0


@pytest.mark.parametrize("role", [PO, TEAM, HOLDER, VIEWER])
def test_every_member_reads_the_report_over_the_api(product: Team, role: str) -> None:
    response = _api(product, role).get(f"{API}?{PERIOD}&sections=outcomes,costs")
    assert response.status_code == 200
    body = response.json()
    assert body["sections"] == ["outcomes", "costs"]
    assert body["decisions"] is None
    assert (body["costs"] is None) is (role in (HOLDER, VIEWER))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-13-01", "start"),
        ("end=yesterday", "end"),
        ("start=2026-05-01&end=2026-01-01", "start"),
        ("start=2020-01-01&end=2026-01-01", "end"),
        ("sections=outcomes,gossip", "sections"),
    ],
)
def test_a_bad_period_or_section_is_a_422_naming_the_field(
    product: Team, query: str, field: str
) -> None:
    response = _api(product, PM).get(f"{API}?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [field]


def test_someone_from_elsewhere_gets_no_report(product: Team) -> None:
    response = _api(product, PM).get("/api/v1/products/OUT/reports/executive")
    assert response.status_code == 404
    outsider = Client()
    outsider.force_login(product.outsider)
    assert outsider.get(PAGE).status_code == 404


# --- the command ---------------------------------------------------------------------------


def test_the_command_writes_the_report_as_json_read_as_the_member_named(
    product: Team, tmp_path: Path
) -> None:
    output = tmp_path / "report.json"
    call_command(
        "report",
        product="DRN",
        by=product.stakeholder.email,
        output=output,
        start="2026-01-15",
        end="2026-03-31",
        sections="outcomes,costs",
    )
    body = json.loads(output.read_text())
    assert [o["name"] for o in body["outcomes"]] == ["Pilot NPS"]
    assert body["costs"] is None


def test_the_command_names_the_bad_option(product: Team, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"--end: '2026-13-01' is not a date"):
        call_command(
            "report",
            product="DRN",
            by=product.pm.email,
            output=tmp_path / "r.pdf",
            end="2026-13-01",
        )
