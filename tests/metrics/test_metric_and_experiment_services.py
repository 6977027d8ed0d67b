"""Defining metrics and experiments: checked field by field, versioned, audited, restorable."""

from __future__ import annotations

import pytest

from tandem.metrics import services
from tandem.metrics.models import Experiment, Metric, Variant
from tandem.workspace.errors import Conflict, ValidationFailed
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access

from .helpers import experiment, metric

pytestmark = pytest.mark.django_db


def test_a_metric_is_checked_field_by_field(team) -> None:  # type: ignore[no-untyped-def]
    metric(team, name="Conversion")
    with pytest.raises(ValidationFailed) as failed:
        services.metric_create(
            access=team.access("product_manager"),
            fields={
                "name": "conversion",
                "kind": "vanity",
                "direction": "sideways",
                "target": "high",
                "colour": "red",
            },
        )
    assert failed.value.errors == {
        "name": "DRN already has a metric named 'conversion'",
        "kind": "must be one of: nps, conversion, revenue, churn, engagement, csat, custom",
        "direction": "must be up (up is good) or down (down is good)",
        "target": "must be a number",
        "colour": "is not a field of a metric",
    }


def test_a_target_change_bumps_the_version_and_logs_before_and_after(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    m = services.metric_update(
        access=team.access("product_manager"),
        metric=m,
        changes={"target": 4.5},
        expected_version=1,
    )
    assert m.version == 2
    event = Event.objects.get(verb="metric.updated")
    assert (event.before, event.after) == ({"target": 4.0}, {"target": 4.5})


def test_saving_an_unchanged_metric_writes_nothing(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    services.metric_update(
        access=team.access("product_manager"),
        metric=m,
        changes={"target": 4.0, "name": "Conversion"},
        expected_version=1,
    )
    assert Metric.objects.get().version == 1
    assert not Event.objects.filter(verb="metric.updated").exists()


def test_a_stale_metric_edit_is_a_conflict_with_the_current_state(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    pm = team.access("product_manager")
    services.metric_update(access=pm, metric=m, changes={"target": 5}, expected_version=1)
    with pytest.raises(Conflict) as stale:
        services.metric_update(access=pm, metric=m, changes={"target": 6}, expected_version=1)
    assert stale.value.current["target"] == 5.0
    assert stale.value.current["version"] == 2


def test_a_metric_cannot_be_restored_over_a_live_namesake(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    old = metric(team, name="NPS")
    services.metric_archive(access=pm, metric=old)
    metric(team, name="NPS")
    with pytest.raises(ValidationFailed) as failed:
        services.metric_restore(access=pm, metric=old)
    assert "rename it first" in failed.value.errors["name"]


def test_an_experiment_without_variants_starts_as_control_and_variant(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    e = services.experiment_create(
        access=team.access("product_manager"), fields={"name": "Price test", "metric": m.pk}
    )
    assert list(e.variants.values_list("name", "exposures")) == [("Control", 0), ("Variant", 0)]


def test_an_experiment_cannot_end_before_it_starts_or_use_another_products_metric(team) -> None:  # type: ignore[no-untyped-def]
    elsewhere = services.metric_create(
        access=product_access(user=team.outsider, product_key="OUT"),
        fields={"name": "Theirs"},
    )
    with pytest.raises(ValidationFailed) as failed:
        services.experiment_create(
            access=team.access("product_manager"),
            fields={
                "name": "Backwards",
                "metric": elsewhere.pk,
                "started_on": "2025-05-10",
                "ended_on": "2025-05-01",
            },
        )
    assert failed.value.errors == {
        "metric": f"{elsewhere.pk} is not a metric of DRN",
        "ended_on": "must be on or after the start (2025-05-10)",
    }
    assert Experiment.objects.count() == 0


def test_an_experiment_keeps_its_archived_metric_but_a_new_one_cannot_pick_it(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    m = metric(team)
    e = experiment(team, m)
    services.metric_archive(access=pm, metric=m)
    services.experiment_update(
        access=pm, experiment=e, changes={"metric": m.pk, "name": "Renamed"}, expected_version=1
    )
    with pytest.raises(ValidationFailed) as failed:
        services.experiment_create(access=pm, fields={"name": "New", "metric": m.pk})
    assert "is archived" in failed.value.errors["metric"]


def test_replacing_variants_is_one_audited_change(team) -> None:  # type: ignore[no-untyped-def]
    e = experiment(team, metric(team))
    services.experiment_update(
        access=team.access("product_manager"),
        experiment=e,
        changes={
            "variants": [
                {"name": "Control", "exposures": 2000, "conversions": 210},
                {"name": "Big button", "exposures": 2000, "conversions": 260},
            ]
        },
        expected_version=1,
    )
    assert Experiment.objects.get().version == 2
    assert list(Variant.objects.values_list("exposures", flat=True)) == [2000, 2000]
    event = Event.objects.get(verb="experiment.updated")
    assert event.before["variants"][0]["exposures"] == 1000
    assert event.after["variants"][0]["exposures"] == 2000


def test_an_archived_experiment_is_read_only_until_restored(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    e = experiment(team, metric(team))
    e = services.experiment_archive(access=pm, experiment=e)
    with pytest.raises(ValidationFailed):
        services.experiment_update(
            access=pm, experiment=e, changes={"name": "X"}, expected_version=e.version
        )
    e = services.experiment_restore(access=pm, experiment=e)
    assert e.archived_at is None
    verbs = Event.objects.filter(object_type="experiment").values_list("verb", flat=True)
    assert list(verbs.order_by("id"))[-2:] == ["experiment.archived", "experiment.restored"]
