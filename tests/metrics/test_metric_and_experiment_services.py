"""Defining metrics and experiments: checked field by field, versioned, audited, restorable.

Their plain verbs are the record spine's (``writes.record_*``); what is special to
metrics — one live name per product, a live metric to move, variants that add up,
dates in order — is checked by the hooks they declare.
"""

from __future__ import annotations

import pytest

from tandem.metrics.models import Experiment, Metric
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, ValidationFailed
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access

from .helpers import experiment, metric

pytestmark = pytest.mark.django_db


def test_a_metric_is_checked_field_by_field(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(
            access=team.access("product_manager"),
            kind="metric",
            fields={
                "name": "Conversion",
                "kind": "vanity",
                "direction": "sideways",
                "target": "high",
                "colour": "red",
            },
        )
    assert failed.value.errors == {
        "kind": "Input should be 'nps', 'conversion', 'revenue', 'churn', 'engagement', "
        "'csat' or 'custom'",
        "direction": "Input should be 'up' or 'down'",
        "target": "Input should be a valid number, unable to parse string as a number",
        "colour": "Extra inputs are not permitted",
    }
    assert not Metric.objects.exists()


def test_a_metric_name_is_taken_once_per_product_in_any_case(team) -> None:  # type: ignore[no-untyped-def]
    metric(team, name="Conversion")
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(
            access=team.access("product_manager"), kind="metric", fields={"name": "conversion"}
        )
    assert failed.value.errors == {"name": "DRN already has a metric named 'conversion'"}


@pytest.mark.parametrize("target", [1e13, -1e13])
def test_a_target_beyond_a_trillion_is_refused(team, target: float) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    with pytest.raises(ValidationFailed) as failed:
        writes.record_update(
            access=team.access("product_manager"),
            kind="metric",
            record_id=m.pk,
            changes={"target": target},
            expected_version=1,
        )
    assert set(failed.value.errors) == {"target"}
    assert Metric.objects.get().target == 4.0


def test_a_target_change_bumps_the_version_and_logs_before_and_after(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"target": 4.5},
        expected_version=1,
    )
    assert Metric.objects.get().version == 2
    event = Event.objects.get(verb="metric.updated")
    assert (event.before, event.after) == ({"target": 4.0}, {"target": 4.5})


def test_saving_an_unchanged_metric_writes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    writes.record_update(
        access=team.access("product_manager"),
        kind="metric",
        record_id=m.pk,
        changes={"target": 4.0, "name": "Conversion"},
        expected_version=1,
    )
    assert Metric.objects.get().version == 1
    assert not Event.objects.filter(verb="metric.updated").exists()


def test_a_stale_metric_edit_is_a_conflict_with_the_current_state(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    pm = team.access("product_manager")
    writes.record_update(
        access=pm, kind="metric", record_id=m.pk, changes={"target": 5}, expected_version=1
    )
    with pytest.raises(Conflict) as stale:
        writes.record_update(
            access=pm, kind="metric", record_id=m.pk, changes={"target": 6}, expected_version=1
        )
    assert stale.value.current["target"] == 5.0
    assert stale.value.current["version"] == 2


def test_a_metric_cannot_be_restored_over_a_live_namesake(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    old = metric(team, name="NPS")
    writes.record_archive(access=pm, kind="metric", record_id=old.pk)
    metric(team, name="NPS")
    with pytest.raises(ValidationFailed) as failed:
        writes.record_restore(access=pm, kind="metric", record_id=old.pk)
    assert "rename it first" in failed.value.errors["name"]
    assert Metric.objects.get(pk=old.pk).archived_at is not None


def test_an_experiment_without_variants_starts_as_control_and_variant(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    e = writes.record_create(
        access=team.access("product_manager"),
        kind="experiment",
        fields={"name": "Price test", "metric": m.pk},
    ).record
    assert [(v["name"], v["exposures"]) for v in e.variants] == [("Control", 0), ("Variant", 0)]


def test_an_experiment_cannot_use_another_products_metric(team) -> None:  # type: ignore[no-untyped-def]
    elsewhere = writes.record_create(
        access=product_access(user=team.outsider, product_key="OUT"),
        kind="metric",
        fields={"name": "Theirs"},
    ).record
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(
            access=team.access("product_manager"),
            kind="experiment",
            fields={"name": "Elsewhere", "metric": elsewhere.pk},
        )
    assert failed.value.errors == {"metric": "no such metric in DRN"}
    assert Experiment.objects.count() == 0


def test_an_experiment_cannot_end_before_it_starts(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    pm = team.access("product_manager")
    for dates, error in [
        (
            {"started_on": "2025-05-10", "ended_on": "2025-05-01"},
            "must be on or after the start (2025-05-10)",
        ),
        ({"ended_on": "2025-05-01"}, "set the start day before the end day"),
    ]:
        with pytest.raises(ValidationFailed) as failed:
            writes.record_create(
                access=pm, kind="experiment", fields={"name": "Backwards", "metric": m.pk, **dates}
            )
        assert failed.value.errors == {"ended_on": error}
    assert Experiment.objects.count() == 0


def test_an_experiment_keeps_its_archived_metric_but_a_new_one_cannot_pick_it(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    m = metric(team)
    e = experiment(team, m)
    writes.record_archive(access=pm, kind="metric", record_id=m.pk)
    writes.record_update(
        access=pm,
        kind="experiment",
        record_id=e.pk,
        changes={"metric": m.pk, "name": "Renamed"},
        expected_version=1,
    )
    assert Experiment.objects.get().name == "Renamed"
    with pytest.raises(ValidationFailed) as failed:
        writes.record_create(access=pm, kind="experiment", fields={"name": "New", "metric": m.pk})
    assert "is archived" in failed.value.errors["metric"]


def test_replacing_variants_is_one_audited_change(team) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    writes.record_update(
        access=team.access("product_manager"),
        kind="experiment",
        record_id=e.pk,
        changes={
            "variants": [
                {"name": "Control", "exposures": 2000, "conversions": 210},
                {"name": "Big button", "exposures": 2000, "conversions": 260},
            ]
        },
        expected_version=1,
    )
    fresh = Experiment.objects.get()
    assert fresh.version == 2
    assert [v["exposures"] for v in fresh.variants] == [2000, 2000]
    event = Event.objects.get(verb="experiment.updated")
    assert event.before["variants"][0]["exposures"] == 1000
    assert event.after["variants"][0]["exposures"] == 2000


def test_an_experiment_needs_a_control_and_a_variant(team) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    for variants in ([{"name": "Alone"}], None):
        with pytest.raises(ValidationFailed) as failed:
            writes.record_update(
                access=team.access("product_manager"),
                kind="experiment",
                record_id=e.pk,
                changes={"variants": variants},
                expected_version=1,
            )
        assert set(failed.value.errors) == {"variants"}
    assert len(Experiment.objects.get().variants) == 2


def test_an_archived_experiment_is_read_only_until_restored(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    e = experiment(team, metric(team))
    writes.record_archive(access=pm, kind="experiment", record_id=e.pk)
    e.refresh_from_db()
    with pytest.raises(ValidationFailed):
        writes.record_update(
            access=pm,
            kind="experiment",
            record_id=e.pk,
            changes={"name": "X"},
            expected_version=e.version,
        )
    writes.record_restore(access=pm, kind="experiment", record_id=e.pk)
    assert Experiment.objects.get().archived_at is None
    verbs = Event.objects.filter(object_type="experiment").values_list("verb", flat=True)
    assert list(verbs.order_by("id"))[-2:] == ["experiment.archived", "experiment.restored"]
