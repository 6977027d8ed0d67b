"""Recording measurements: one value per day, batches and files all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.metrics import selectors, services
from tandem.metrics.models import Measurement
from tandem.workspace import writes
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Event

from .helpers import TODAY, metric, series

pytestmark = pytest.mark.django_db


def _values(m) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return [
        (row.measured_on.isoformat(), row.value)
        for row in Measurement.objects.filter(metric_id=m.pk, archived_at__isnull=True).order_by(
            "measured_on"
        )
    ]


def test_a_second_value_for_a_day_replaces_the_first_and_the_log_keeps_the_old_one(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    po = team.access("product_owner")
    first = services.measurement_record(
        access=po, metric_id=m.pk, measured_on="2025-06-01", value=3.1, today=TODAY
    )
    second = services.measurement_record(
        access=po, metric_id=m.pk, measured_on="2025-06-01", value="3,4", today=TODAY
    )
    assert (first.created, second.created, second.changed) == (True, False, True)
    assert _values(m) == [("2025-06-01", 3.4)]
    assert second.measurement.version == 2
    event = Event.objects.get(verb="measurement.updated")
    assert (event.before, event.after) == ({"value": 3.1}, {"value": 3.4})


def test_recording_the_same_value_again_changes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    po = team.access("product_owner")
    services.measurement_record(
        access=po, metric_id=m.pk, measured_on="2025-06-01", value=3, today=TODAY
    )
    again = services.measurement_record(
        access=po, metric_id=m.pk, measured_on="2025-06-01", value=3.0, today=TODAY
    )
    assert (again.created, again.changed, again.measurement.version) == (False, False, 1)


def test_a_bad_value_and_a_future_day_are_named_by_field(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    with pytest.raises(ValidationFailed) as failed:
        services.measurement_record(
            access=team.access("product_manager"),
            metric_id=m.pk,
            measured_on="2025-07-02",
            value="lots",
            today=TODAY,
        )
    assert failed.value.errors == {
        "measured_on": "2025-07-02 is in the future",
        "value": "lots is not a number",
    }


def test_a_batch_with_one_bad_row_writes_nothing_and_names_the_row(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    with pytest.raises(ValidationFailed) as failed:
        services.measurements_record_batch(
            access=team.access("product_owner"),
            metric_id=m.pk,
            rows=[
                {"measured_on": "2025-06-01", "value": 3.0},
                {"measured_on": "2025-06-02", "value": float("nan")},
                {"measured_on": "2025-06-01", "value": 3.2},
            ],
            today=TODAY,
        )
    assert failed.value.errors == {
        "measurements[1].value": "nan is not a number",
        "measurements[2].measured_on": "2025-06-01 also appears at measurements[0]; "
        "keep one value per day",
    }
    assert Measurement.objects.count() == 0


def test_a_batch_creates_new_days_replaces_changed_ones_and_counts_the_rest(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0, "2025-06-02": 3.1})
    outcome = services.measurements_record_batch(
        access=team.access("product_owner"),
        metric_id=m.pk,
        rows=[
            {"measured_on": "2025-06-01", "value": 3.0},
            {"measured_on": "2025-06-02", "value": 3.3},
            {"measured_on": "2025-06-03", "value": 3.5},
        ],
        today=TODAY,
    )
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 1)
    assert _values(m) == [("2025-06-01", 3.0), ("2025-06-02", 3.3), ("2025-06-03", 3.5)]


CSV_GOOD = "Day;Conversion rate;Comment\n2025-06-01;3,1%;\n2025-06-02;3,3%;after the fix\n"


def test_a_csv_import_maps_columns_and_reads_percent_and_decimal_commas(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    mapping = {"measured_on": "Day", "value": "Conversion rate", "note": "Comment"}
    preview = services.measurements_import_preview(
        access=team.access("product_owner"),
        metric_id=m.pk,
        upload=services.CsvUpload(CSV_GOOD.encode(), mapping),
        today=TODAY,
    )
    assert (preview.rows, preview.new_days, preview.replaced_days) == (2, 2, 0)
    assert Measurement.objects.count() == 0
    outcome = services.measurements_import(
        access=team.access("product_owner"),
        metric_id=m.pk,
        upload=services.CsvUpload(CSV_GOOD.encode(), mapping),
        today=TODAY,
    )
    assert outcome.created == 2
    assert _values(m) == [("2025-06-01", 3.1), ("2025-06-02", 3.3)]
    assert Measurement.objects.get(measured_on="2025-06-02").note == "after the fix"


def test_a_csv_with_bad_lines_names_each_line_and_field_and_writes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-05-01": 2.0})
    data = (
        "date,value\n"
        "2025-06-01,3.1\n"
        "01/06/2025,3.2\n"  # line 3: not ISO
        "2025-06-03,\n"  # line 4: no value
        "2025-06-01,3.4\n"  # line 5: repeats line 2
        "2025-05-01,9.9\n"  # a valid replacement, not written either
    )
    with pytest.raises(ValidationFailed) as failed:
        services.measurements_import(
            access=team.access("product_owner"),
            metric_id=m.pk,
            upload=services.CsvUpload(data, filename="june.csv"),
            today=TODAY,
        )
    assert failed.value.errors == {
        "line 3: measured_on": "01/06/2025 is not a date like 2025-03-31",
        "line 4: value": "is required",
        "line 5: measured_on": "2025-06-01 also appears at line 2; keep one value per day",
    }
    assert "nothing was imported" in failed.value.detail
    assert "june.csv" in failed.value.detail
    assert _values(m) == [("2025-05-01", 2.0)]


def test_a_csv_mapping_to_a_missing_column_is_refused_before_any_line_is_read(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    with pytest.raises(ValidationFailed) as failed:
        services.measurements_import(
            access=team.access("product_owner"),
            metric_id=m.pk,
            upload=services.CsvUpload("when,v\n2025-06-01,1\n", {"value": "amount"}),
            today=TODAY,
        )
    assert failed.value.errors == {
        "mapping.value": "no column named 'amount' in the file",
        "mapping.measured_on": "is required: choose the column that holds it",
    }


def test_moving_a_value_onto_a_day_that_has_one_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0, "2025-06-02": 3.1})
    second = Measurement.objects.get(measured_on="2025-06-02")
    with pytest.raises(ValidationFailed) as failed:
        writes.record_update(
            access=team.access("product_owner"),
            kind="measurement",
            record_id=second.pk,
            changes={"measured_on": "2025-06-01"},
            expected_version=1,
        )
    assert "already has a value for 2025-06-01" in failed.value.errors["measured_on"]


def test_an_archived_value_leaves_the_series_and_comes_back_on_restore(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0, "2025-06-02": 3.1})
    po = team.access("product_owner")
    last = Measurement.objects.get(measured_on="2025-06-02")
    writes.record_archive(access=po, kind="measurement", record_id=last.pk)
    assert selectors.latest_measurements(metric_ids=[m.pk])[m.pk].value == 3.0
    writes.record_restore(access=po, kind="measurement", record_id=last.pk)
    assert selectors.latest_measurements(metric_ids=[m.pk])[m.pk].value == 3.1
    verbs = list(Event.objects.filter(object_type="measurement").values_list("verb", flat=True))
    assert sorted(verbs) == ["measurement.archived", "measurement.restored"]


def test_a_restored_value_may_not_land_on_a_day_recorded_since(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0})
    po = team.access("product_owner")
    old = Measurement.objects.get()
    writes.record_archive(access=po, kind="measurement", record_id=old.pk)
    services.measurement_record(
        access=po, metric_id=m.pk, measured_on="2025-06-01", value=4, today=TODAY
    )
    with pytest.raises(ValidationFailed):
        writes.record_restore(access=po, kind="measurement", record_id=old.pk)


def test_an_archived_metric_takes_no_new_measurements(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    writes.record_archive(access=team.access("product_manager"), kind="metric", record_id=m.pk)
    with pytest.raises(ValidationFailed):
        services.measurement_record(
            access=team.access("product_owner"),
            metric_id=m.pk,
            measured_on=dt.date(2025, 6, 1),
            value=1,
            today=TODAY,
        )


def test_a_team_member_cannot_record_a_measurement(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    with pytest.raises(PermissionDenied, match="can read measurements but not record them"):
        services.measurement_record(
            access=team.access("team_member"),
            metric_id=m.pk,
            measured_on="2025-06-01",
            value=1,
            today=TODAY,
        )
