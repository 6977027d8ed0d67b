"""The metrics endpoints as a script sees them: JSON in, JSON and ETags out."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pydantic import BaseModel

from tandem.metrics import extensions
from tandem.metrics.models import Measurement, Metric
from tandem.workspace.models import Event

from .helpers import api, experiment, metric, series

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _post(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json", headers=headers)


def _patch(client: Client, path: str, body: Any, **headers: str):  # type: ignore[no-untyped-def]
    return client.patch(path, body, content_type="application/json", headers=headers)


def test_a_pm_creates_a_metric_and_gets_its_etag(team) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        api(team),
        "/api/v1/products/DRN/metrics",
        {"name": "Churn", "kind": "churn", "unit": "%", "direction": "down", "target": 2},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["direction"], body["target"], body["latest"]) == (
        "Churn",
        "down",
        2.0,
        None,
    )
    assert response["ETag"] == '"1"'


def test_the_list_shows_the_last_move_against_the_target(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team, name="Churn", kind="churn", direction="down", target=2.0)
    series(team, m, {"2025-05-01": 3.1, "2025-06-01": 2.6})
    body = api(team, "viewer").get("/api/v1/products/DRN/metrics").json()
    assert [(b["name"], b["trend"], b["target_met"]) for b in body] == [("Churn", "better", False)]
    assert body[0]["latest"] == {"measured_on": "2025-06-01", "value": 2.6}
    assert body[0]["change"] == pytest.approx(-0.5)
    assert body[0]["to_target"] == pytest.approx(0.6)


def test_a_product_owners_target_change_waits_for_the_product_manager(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    path = f"/api/v1/products/DRN/metrics/{m.pk}"
    response = _patch(api(team, "product_owner"), path, {"target": 9}, **{"If-Match": '"1"'})
    assert response.status_code == 202
    assert (response.json()["record_type"], response.json()["payload"]) == (
        "metric",
        {"target": 9.0},
    )
    assert Metric.objects.get().target == 4.0
    waiting = api(team).get("/api/v1/products/DRN/metric-proposals").json()
    assert [(p["id"], p["changes"]) for p in waiting] == [(response.json()["id"], {"target": 9.0})]


def test_a_viewer_changing_a_target_gets_a_403_problem(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = _patch(
        api(team, "viewer"),
        f"/api/v1/products/DRN/metrics/{m.pk}",
        {"target": 9},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Your role on DRN cannot change roadmap."
    assert Metric.objects.get().target == 4.0


def test_an_update_without_a_version_is_428_and_a_stale_one_is_409_with_the_current_state(
    team,
) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    path = f"/api/v1/products/DRN/metrics/{m.pk}"
    client = api(team)
    assert _patch(client, path, {"target": 5}).status_code == 428
    ok = _patch(client, path, {"target": 5}, **{"If-Match": '"1"'})
    assert ok.status_code == 200
    assert ok["ETag"] == '"2"'
    stale = _patch(client, path, {"target": 6}, **{"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json()["current"]["target"] == 5.0
    assert Metric.objects.get().target == 5.0


def test_archive_and_restore_a_metric(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    client = api(team)
    assert client.delete(f"/api/v1/products/DRN/metrics/{m.pk}").status_code == 204
    assert client.get("/api/v1/products/DRN/metrics").json() == []
    assert len(client.get("/api/v1/products/DRN/metrics?archived=true").json()) == 1
    restored = client.post(f"/api/v1/products/DRN/metrics/{m.pk}/restore")
    assert restored.status_code == 200
    assert restored.json()["archived"] is False


def test_recording_a_day_twice_creates_then_replaces(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    path = f"/api/v1/products/DRN/metrics/{m.pk}/measurements"
    client = api(team, "product_owner")
    today = timezone.localdate().isoformat()
    first = _post(client, path, {"measured_on": today, "value": 3.0})
    second = _post(client, path, {"measured_on": today, "value": 3.5, "note": "recount"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["value"] == 3.5
    assert second["ETag"] == '"2"'
    assert [(p["value"], p["note"]) for p in client.get(path).json()] == [(3.5, "recount")]


def test_a_batch_is_all_or_nothing_with_errors_named_by_position(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    path = f"/api/v1/products/DRN/metrics/{m.pk}/measurements/batch"
    client = api(team)
    bad = _post(
        client,
        path,
        {
            "measurements": [
                {"measured_on": "2025-01-01", "value": 1},
                {"measured_on": "2999-01-01", "value": 2},
            ]
        },
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"measurements[1].measured_on": "2999-01-01 is in the future"}
    assert Measurement.objects.count() == 0
    good = _post(
        client,
        path,
        {
            "measurements": [
                {"measured_on": "2025-01-01", "value": 1},
                {"measured_on": "2025-02-01", "value": 2},
            ]
        },
    )
    assert good.json() == {"created": 2, "updated": 0, "unchanged": 0}


def test_a_stakeholder_cannot_record_a_batch(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = _post(
        api(team, "stakeholder"),
        f"/api/v1/products/DRN/metrics/{m.pk}/measurements/batch",
        {"measurements": [{"measured_on": "2025-01-01", "value": 1}]},
    )
    assert response.status_code == 403


def test_a_measurement_is_corrected_with_if_match(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0})
    point = Measurement.objects.get()
    path = f"/api/v1/products/DRN/measurements/{point.pk}"
    client = api(team, "product_owner")
    etag = client.get(path)["ETag"]
    fixed = _patch(client, path, {"value": 3.3}, **{"If-Match": etag})
    assert fixed.status_code == 200
    assert fixed.json()["value"] == 3.3
    assert _patch(client, path, {"value": 3.4}, **{"If-Match": etag}).status_code == 409
    assert client.delete(path).status_code == 204
    assert client.post(f"{path}/restore").json()["archived"] is False


def test_csv_import_previews_then_writes(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    path = f"/api/v1/products/DRN/metrics/{m.pk}/measurements/import"
    client = api(team, "product_owner")
    data = b"when,rate\n2025-03-01,3.0\n2025-04-01,3.2\n"
    preview = client.post(
        path,
        {
            "file": SimpleUploadedFile("m.csv", data),
            "preview": "true",
            "measured_on_column": "when",
            "value_column": "rate",
        },
    )
    assert preview.status_code == 200
    assert preview.json()["new_days"] == 2
    assert Measurement.objects.count() == 0
    done = client.post(
        path,
        {
            "file": SimpleUploadedFile("m.csv", data),
            "measured_on_column": "when",
            "value_column": "rate",
        },
    )
    assert done.status_code == 201
    assert done.json() == {"created": 2, "updated": 0, "unchanged": 0}


def test_csv_import_with_a_bad_line_is_a_422_naming_it(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = api(team).post(
        f"/api/v1/products/DRN/metrics/{m.pk}/measurements/import",
        {"file": SimpleUploadedFile("m.csv", b"date,value\n2025-03-01,3.0\n2025-04-01,n/a\n")},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"line 3: value": "n/a is not a number"}
    assert Measurement.objects.count() == 0


def test_the_chart_includes_release_markers_inside_the_series(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    def releases(access):  # type: ignore[no-untyped-def]
        return [
            (dt.date(2025, 3, 15), "2.0"),
            (dt.date(2019, 1, 1), "0.1"),  # long before the series: left out
        ]

    monkeypatch.setattr(extensions, "_marker_sources", [releases])
    m = metric(team)
    series(team, m, {"2025-01-01": 3.0, "2025-06-01": 3.6})
    chart = api(team, "viewer").get(f"/api/v1/products/DRN/metrics/{m.pk}/chart").json()
    assert chart["markers"] == [{"x": "2025-03-15", "label": "2.0"}]
    assert chart["points"] == [{"x": "2025-01-01", "y": 3.0}, {"x": "2025-06-01", "y": 3.6}]
    assert chart["target"] == 4.0


def test_an_experiment_reports_lift_interval_p_value_and_verdict(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = _post(
        api(team),
        "/api/v1/products/DRN/experiments",
        {
            "name": "New checkout",
            "metric": m.pk,
            "started_on": "2025-01-01",
            "ended_on": "2025-01-31",
            "variants": [
                {"name": "Control", "exposures": 1000, "conversions": 200},
                {"name": "New", "exposures": 1000, "conversions": 250},
            ],
        },
    )
    assert response.status_code == 201
    body = response.json()
    (result,) = body["results"]
    assert body["stage"] == "finished"
    assert result["verdict"] == "win"
    assert result["lift"] == pytest.approx(0.25)
    assert result["p_value"] == pytest.approx(0.0074, abs=1e-4)
    assert result["diff_low"] == pytest.approx(0.0135, abs=1e-4)
    assert result["lift_low"] < 0.25 < result["lift_high"]
    assert result["summary"].startswith("Win: New converts better than Control")


def test_experiment_variants_are_checked_field_by_field(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = _post(
        api(team),
        "/api/v1/products/DRN/experiments",
        {
            "name": "Broken",
            "metric": m.pk,
            "variants": [
                {"name": "A", "exposures": 10, "conversions": 11},
                {"name": "a", "exposures": 10, "conversions": 1},
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "variants.0.conversions": "cannot exceed exposures (10): only people who saw it convert",
        "variants.1.name": "'a' is used by another variant",
    }


def test_experiment_updates_need_the_version_and_are_audited(team) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    path = f"/api/v1/products/DRN/experiments/{e.pk}"
    client = api(team)
    body = {
        "variants": [
            {"name": "Control", "exposures": 5, "conversions": 1},
            {"name": "B", "exposures": 5, "conversions": 2},
        ]
    }
    assert _patch(client, path, body).status_code == 428
    ok = _patch(client, path, body, **{"If-Match": client.get(path)["ETag"]})
    assert ok.status_code == 200
    assert [v["exposures"] for v in ok.json()["variants"]] == [5, 5]
    event = Event.objects.get(verb="experiment.updated")
    assert event.before["variants"][0]["exposures"] == 1000
    assert client.delete(path).status_code == 204
    assert client.get("/api/v1/products/DRN/experiments").json() == []
    assert client.post(f"{path}/restore").status_code == 200


def test_an_outsider_gets_404_for_every_metrics_path(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    e = experiment(team, m)
    outsider = Client()
    outsider.force_login(team.outsider)
    for path in (
        "/api/v1/products/DRN/metrics",
        f"/api/v1/products/DRN/metrics/{m.pk}",
        f"/api/v1/products/DRN/metrics/{m.pk}/chart",
        f"/api/v1/products/DRN/experiments/{e.pk}",
        f"/api/v1/products/OUT/metrics/{m.pk}",
        f"/api/v1/products/OUT/experiments/{e.pk}",
    ):
        assert outsider.get(path).status_code == 404, path


def _models(annotation: Any, seen: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            for info in annotation.model_fields.values():
                _models(info.annotation, seen)
        return
    for argument in get_args(annotation):
        _models(argument, seen)


def test_every_schema_the_metrics_api_names_is_the_only_one_of_its_name() -> None:
    from tandem.config.api import api as whole_api

    seen: set[type] = set()
    for _, router in whole_api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.models, *(operation.response_models or {}).values()]:
                    _models(model, seen)
    named = [m for m in seen if not m.__module__.startswith(("ninja", "abc"))]
    ours = {m.__name__ for m in named if m.__module__.startswith("tandem.metrics")}
    assert ours >= {"MetricOut", "MeasurementOut", "ExperimentOut", "MetricProposalOut"}
    assert {n: sum(m.__name__ == n for m in named) for n in ours} == dict.fromkeys(ours, 1)


def test_an_id_that_is_not_a_number_reaches_no_metrics_endpoint(team) -> None:  # type: ignore[no-untyped-def]
    client = api(team)
    for path in ("metrics/abc", "metrics/1e3/chart", "measurements/x", "experiments/-1"):
        response = client.get(f"/api/v1/products/DRN/{path}")
        assert (response.status_code, response["Content-Type"]) == (404, PROBLEM), path
