"""The metrics pages as a browser sees them: what each role is offered, and at what cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.metrics import extensions
from tandem.metrics.models import Experiment, Measurement, Metric

from .helpers import experiment, metric, series

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _fill(team, metrics: int = 5, days: int = 30) -> list[Metric]:  # type: ignore[no-untyped-def]
    made = []
    for n in range(metrics):
        m = metric(team, name=f"Metric {n}")
        series(
            team,
            m,
            {(dt.date(2025, 1, 1) + dt.timedelta(days=d)).isoformat(): d + n for d in range(days)},
        )
        made.append(m)
    return made


def test_the_metric_list_shows_values_moves_and_targets_in_words(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team, name="Churn", kind="churn", unit="%", direction="down", target=2.0)
    series(team, m, {"2025-05-01": 3.1, "2025-06-01": 2.6})
    page = signed_in(team.viewer).get("/p/DRN/metrics/").content.decode()
    assert "Churn" in page
    assert "2.6%" in page
    assert "better" in page
    assert "0.6% to go" in page
    assert "New metric" not in page  # a viewer reads only


def test_the_metric_list_reads_in_a_fixed_number_of_queries(
    team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _fill(team, metrics=8)
    client = signed_in(team.pm)
    with django_assert_max_num_queries(8):
        response = client.get("/p/DRN/metrics/")
    assert response.status_code == 200


def test_the_metric_page_reads_in_a_fixed_number_of_queries(
    team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    (m,) = _fill(team, metrics=1, days=150)
    client = signed_in(team.po)
    with django_assert_max_num_queries(12):
        response = client.get(f"/p/DRN/metrics/{m.pk}/")
    assert response.status_code == 200
    assert 'data-metric-chart="metric-chart-data"' in response.content.decode()


def test_the_chart_partial_carries_registered_release_markers(team, signed_in, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        extensions, "_marker_sources", [lambda access: [(dt.date(2025, 1, 10), "2.0")]]
    )
    (m,) = _fill(team, metrics=1, days=20)
    response = signed_in(team.viewer).get(f"/p/DRN/metrics/{m.pk}/", headers=HTMX)
    html = response.content.decode()
    assert '<div id="metric-series">' in html
    assert '"markers": [{"x": "2025-01-10", "label": "2.0"}]' in html
    assert "release 2.0 on 2025-01-10" in html  # the chart's text alternative


def test_recording_a_value_by_htmx_swaps_the_series_and_says_what_happened(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = signed_in(team.po)
    url = f"/p/DRN/metrics/{m.pk}/measurements/"
    first = client.post(url, {"measured_on": "2025-06-01", "value": "3,2"}, headers=HTMX)
    again = client.post(url, {"measured_on": "2025-06-01", "value": "3.5"}, headers=HTMX)
    assert "Recorded 2025-06-01." in first.content.decode()
    assert "it is replaced" in again.content.decode()
    assert list(Measurement.objects.values_list("value", flat=True)) == [3.5]


def test_a_refused_value_comes_back_as_a_toast_naming_the_field(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = signed_in(team.po).post(
        f"/p/DRN/metrics/{m.pk}/measurements/",
        {"measured_on": "2025-06-01", "value": "high"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "high is not a number" in response.content.decode()
    assert response["HX-Retarget"] == "#toasts"


def test_a_stakeholder_is_offered_no_forms_and_is_refused_a_post(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = signed_in(team.stakeholder)
    page = client.get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert 'id="measurement-add"' not in page
    assert 'id="import-form"' not in page
    refused = client.post(
        f"/p/DRN/metrics/{m.pk}/measurements/", {"measured_on": "2025-06-01", "value": "1"}
    )
    assert refused.status_code == 403
    assert Measurement.objects.count() == 0


def test_a_product_owner_records_values_but_is_not_offered_the_target(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    page = signed_in(team.po).get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert 'id="measurement-add"' in page
    assert 'id="metric-edit"' not in page
    assert "the Product Manager's call" in page


def test_the_pm_changes_a_target_from_the_page(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = signed_in(team.pm).post(
        f"/p/DRN/metrics/{m.pk}/edit/",
        {"name": "Conversion", "target": "4.5", "version": "1"},
        headers=HTMX,
    )
    assert response["HX-Redirect"] == f"/p/DRN/metrics/{m.pk}/"
    assert Metric.objects.get().target == 4.5


def test_the_csv_import_previews_then_imports_on_confirm(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = signed_in(team.po)
    url = f"/p/DRN/metrics/{m.pk}/import/"
    preview = client.post(
        url,
        {
            "file": SimpleUploadedFile("rates.csv", b"Day,Rate\n2025-05-01,3.0\n2025-06-01,3.4\n"),
            "column_measured_on": "Day",
            "column_value": "Rate",
        },
    )
    page = preview.content.decode()
    assert "<strong>2</strong> new days" in page
    assert Measurement.objects.count() == 0
    done = client.post(
        url,
        {
            "csv_text": "Day,Rate\n2025-05-01,3.0\n2025-06-01,3.4\n",
            "filename": "rates.csv",
            "column_measured_on": "Day",
            "column_value": "Rate",
            "confirm": "1",
        },
    )
    assert done.status_code == 302
    assert Measurement.objects.count() == 2


def test_a_csv_with_bad_lines_shows_each_line_and_imports_nothing(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = signed_in(team.po).post(
        f"/p/DRN/metrics/{m.pk}/import/",
        {
            "csv_text": "date,value\n2025-05-01,3.0\n2025-13-01,3.4\n",
            "filename": "bad.csv",
            "confirm": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was imported" in page
    assert "line 3: measured_on" in page
    assert Measurement.objects.count() == 0


def test_the_experiment_page_states_the_verdict(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    page = signed_in(team.dev).get(f"/p/DRN/experiments/{e.pk}/").content.decode()
    assert "Win: Big button converts better than Control" in page
    assert "+30.0%" in page
    assert 'id="experiment-edit"' not in page


def test_the_pm_edits_variants_from_the_page(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    response = signed_in(team.pm).post(
        f"/p/DRN/experiments/{e.pk}/edit/",
        {
            "version": "1",
            "variant_name": ["Control", "Big button", "Green", ""],
            "variant_exposures": ["1000", "1000", "900", ""],
            "variant_conversions": ["100", "130", "95", ""],
        },
    )
    assert response.status_code == 302
    assert [v["name"] for v in Experiment.objects.get().variants] == [
        "Control",
        "Big button",
        "Green",
    ]


def test_the_experiment_list_reads_in_a_fixed_number_of_queries(
    team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    for n in range(6):
        experiment(team, m, name=f"Test {n}")
    client = signed_in(team.pm)
    with django_assert_max_num_queries(8):
        page = client.get("/p/DRN/experiments/").content.decode()
    assert page.count("Win") >= 6


def test_the_pm_home_shows_metric_movements_against_targets(
    team, signed_in, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    m = metric(team, name="Churn", kind="churn", unit="%", direction="down", target=2.0)
    series(team, m, {"2025-05-01": 3.1, "2025-06-01": 2.6})
    page = signed_in(team.pm).get("/p/DRN/").content.decode()
    assert 'id="metric-movements"' in page
    assert "0.6% to go" in page
    assert "better" in page


def test_the_po_home_has_no_metric_card(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    metric(team)
    page = signed_in(team.po).get("/p/DRN/").content.decode()
    assert 'id="metric-movements"' not in page


def test_an_outsider_gets_404_on_every_metrics_page(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    e = experiment(team, m)
    client = Client()
    client.force_login(team.outsider)
    for path in (
        "/p/DRN/metrics/",
        f"/p/DRN/metrics/{m.pk}/",
        "/p/DRN/experiments/",
        f"/p/DRN/experiments/{e.pk}/",
        f"/p/OUT/metrics/{m.pk}/",
        f"/p/OUT/experiments/{e.pk}/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_long_series_lists_the_newest_values_and_all_on_request(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    (m,) = _fill(team, metrics=1, days=100)
    client = signed_in(team.viewer)
    short = client.get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    full = client.get(f"/p/DRN/metrics/{m.pk}/?all=1").content.decode()
    assert "The newest 60 of 100 values" in short
    assert short.count('<tr id="measurement-') == 60
    assert full.count('<tr id="measurement-') == 100
    assert '"y": 0' in short  # the chart still carries the oldest value


def test_a_replaced_value_shows_in_the_metric_history_with_its_old_value(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.1})
    series(team, m, {"2025-06-01": 3.4})
    page = signed_in(team.viewer).get(f"/p/DRN/metrics/{m.pk}/").content.decode()
    assert "measurement.updated · Conversion on 2025-06-01 · was value 3.1 · now value 3.4" in page
