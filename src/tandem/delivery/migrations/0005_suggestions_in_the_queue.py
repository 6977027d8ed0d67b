"""The team's sprint suggestions move into the one proposal table every kind shares.

A suggestion becomes a proposal on its sprint: operation "add" or "remove", the
item's key and the direction as payload (what its audit event said), the sprint's
version as base. Suggestion ids change: the old ones stay only in the audit log.
"""

from django.db import migrations


def suggestions_to_queue(apps, schema_editor):
    old = apps.get_model("delivery", "SprintSuggestion")
    new = apps.get_model("workspace", "Proposal")
    rows = []
    for s in old.objects.select_related("sprint", "item__product").order_by("pk"):
        sprint, item = s.sprint, s.item
        rows.append(
            new(
                product_id=sprint.product_id,
                record_type="sprint",
                record_id=sprint.pk,
                record_label=sprint.name[:300],
                operation="add" if s.add else "remove",
                payload={"item": f"{item.product.key}-{item.number}", "add": s.add},
                base_version=sprint.version,
                action="sprint",
                proposed_by_id=s.proposed_by_id,
                created_at=s.created_at,
                status=s.status,
                decided_by_id=s.decided_by_id,
                decided_at=s.decided_at,
            )
        )
    new.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_release_slice"),
        ("workspace", "0007_notifications"),
    ]

    operations = [
        migrations.RunPython(suggestions_to_queue, migrations.RunPython.noop),
        migrations.DeleteModel(name="SprintSuggestion"),
    ]
