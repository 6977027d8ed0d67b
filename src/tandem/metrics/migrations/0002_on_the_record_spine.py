"""Metrics on the record spine.

Metric proposals move into the one proposal table every kind shares (a change
of definition or target is the plain "update"; the proposer's reason is the
note, the decider's answer the reason). An experiment's variants become a value
of the experiment, entered, versioned and audited with it as one list.
"""

from django.db import migrations, models

_FIELDS = ("name", "kind", "unit", "direction", "target", "description")


def variants_to_lists(apps, schema_editor):
    experiment_model = apps.get_model("metrics", "Experiment")
    variant_model = apps.get_model("metrics", "Variant")
    arms: dict[int, list[dict]] = {}
    for v in variant_model.objects.order_by("experiment_id", "position", "id"):
        arms.setdefault(v.experiment_id, []).append(
            {"name": v.name, "exposures": v.exposures, "conversions": v.conversions}
        )
    for experiment in experiment_model.objects.filter(pk__in=list(arms)):
        experiment.variants = arms[experiment.pk]
        experiment.save(update_fields=["variants"])


def lists_to_variants(apps, schema_editor):
    experiment_model = apps.get_model("metrics", "Experiment")
    variant_model = apps.get_model("metrics", "Variant")
    variant_model.objects.bulk_create(
        variant_model(
            experiment_id=experiment.pk,
            position=position,
            name=arm.get("name", ""),
            exposures=arm.get("exposures", 0),
            conversions=arm.get("conversions", 0),
        )
        for experiment in experiment_model.objects.order_by("pk")
        for position, arm in enumerate(experiment.variants or [])
    )


def proposals_to_queue(apps, schema_editor):
    old = apps.get_model("metrics", "MetricProposal")
    new = apps.get_model("workspace", "Proposal")
    rows = []
    for p in old.objects.select_related("metric").order_by("pk"):
        metric = p.metric
        # Made from the metric as it still is: its proposed fields' values are the base a
        # later edit is compared with. Made from an older version: any change since is one
        # to look at again before accepting.
        unchanged = metric.version == p.metric_version
        base_values = (
            {name: getattr(metric, name) for name in p.changes if name in _FIELDS}
            if unchanged
            else {}
        )
        rows.append(
            new(
                product_id=metric.product_id,
                record_type="metric",
                record_id=metric.pk,
                record_label=metric.name[:300],
                operation="update",
                payload=p.changes,
                base_version=p.metric_version,
                base_values=base_values,
                action="roadmap",
                note=p.reason,
                proposed_by_id=p.proposed_by_id,
                created_at=p.created_at,
                status=p.status,
                decided_by_id=p.decided_by_id,
                decided_at=p.decided_at,
                reason=p.answer,
            )
        )
    new.objects.bulk_create(rows)


def queue_to_proposals(apps, schema_editor):
    old = apps.get_model("metrics", "MetricProposal")
    new = apps.get_model("workspace", "Proposal")
    moved = new.objects.filter(record_type="metric", operation="update").order_by("pk")
    old.objects.bulk_create(
        old(
            metric_id=p.record_id,
            changes=p.payload,
            reason=p.note,
            metric_version=p.base_version or 1,
            proposed_by_id=p.proposed_by_id,
            created_at=p.created_at,
            status=p.status,
            decided_by_id=p.decided_by_id,
            decided_at=p.decided_at,
            answer=p.reason,
        )
        for p in moved
    )
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0001_initial"),
        ("workspace", "0004_proposals"),
    ]

    operations = [
        # The rows' old accessor name goes first, so the experiment's list can take it.
        migrations.AlterField(
            model_name="variant",
            name="experiment",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="arms",
                to="metrics.experiment",
            ),
        ),
        migrations.AddField(
            model_name="experiment",
            name="variants",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(variants_to_lists, lists_to_variants),
        migrations.RunPython(proposals_to_queue, queue_to_proposals),
        migrations.DeleteModel(name="Variant"),
        migrations.DeleteModel(name="MetricProposal"),
    ]
