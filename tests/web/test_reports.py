"""The executive report over the demo product: HTML, download and PDF."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.workspace.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(client: Client, demo: str) -> Client:
    client.force_login(User.objects.get(email="pm@demo.test"))
    return client


def test_the_executive_report_shows_every_part_with_charts(pm: Client) -> None:
    response = pm.get("/p/DRN/reports/executive/")
    assert response.status_code == 200
    html = response.content.decode()
    for part in (
        "Objectives and key results",
        "Roadmap changes",
        "Releases",
        "Costs vs budget",
        "Decisions made",
        "Risks",
        "Outcome metrics",
        "Go-to-market",
    ):
        assert part in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "Win the event filmers" in html
    assert "Cut the spotlight mode" in html
    assert "Over budget: Never hit a guest" in html
    assert "@media print" in html


def test_the_report_lists_open_blockers_among_the_risks(pm: Client) -> None:
    html = pm.get("/p/DRN/reports/executive/").content.decode()
    risks = html[html.index("<h2>Risks</h2>") :]
    assert "Open blocker since" in risks
    assert "production signing key" in risks
    assert "escalated to the PM" in risks


def test_the_report_downloads_as_a_file(pm: Client) -> None:
    response = pm.get("/p/DRN/reports/executive/?since=2025-01-01&until=2027-12-31&format=download")
    assert response["Content-Disposition"].startswith('attachment; filename="DRN-executive-report')
    assert "Download PDF" not in response.content.decode()


def test_the_report_renders_as_a_pdf(pm: Client) -> None:
    response = pm.get("/p/DRN/reports/executive/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5_000


def test_a_reversed_period_is_refused(pm: Client) -> None:
    response = pm.get("/p/DRN/reports/executive/?since=2026-05-01&until=2026-01-01")
    assert response.status_code == 422


def test_a_server_without_pango_answers_the_pdf_with_what_to_install(
    pm: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pango)
    response = pm.get("/p/DRN/reports/executive/?format=pdf")
    assert response.status_code == 503
    assert "libpango" in response.content.decode()
