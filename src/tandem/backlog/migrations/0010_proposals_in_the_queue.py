"""An item's proposals move into the one proposal table every kind shares.

A proposal keeps its item, operation (the old kind), payload, proposer and decision;
the item's version it was made from is its base. A waiting change made from the
item as it still is keeps the proposed fields' values, so a later edit of other
fields merges with it; otherwise any change since must be looked at again.
Proposal ids change: the old ones stay only in the audit log's history.
"""

from django.db import migrations

# The item's plain fields, held as they are (relations and labels are compared by version).
_PLAIN = (
    "title", "as_a", "i_want", "so_that", "description", "kind", "value", "effort", "reach",
    "impact", "confidence", "rice_effort", "business_value", "time_criticality",
    "risk_reduction", "job_size", "moscow", "status", "estimate",
)


def _base_values(proposal, item):
    changes = proposal.payload.get("changes") if proposal.kind == "update" else None
    if not changes or item.version != proposal.item_version:
        return {}
    if any(name not in _PLAIN for name in changes):
        return {}
    return {name: getattr(item, name) for name in changes}


def proposals_to_queue(apps, schema_editor):
    old = apps.get_model("backlog", "Proposal")
    new = apps.get_model("workspace", "Proposal")
    rows = []
    for p in old.objects.select_related("item__product").order_by("pk"):
        item = p.item
        rows.append(
            new(
                product_id=p.product_id,
                record_type="item",
                record_id=item.pk,
                record_label=f"{item.product.key}-{item.number} {item.title}"[:300],
                operation=p.kind,
                payload=p.payload,
                base_version=p.item_version,
                base_values=_base_values(p, item),
                action="backlog",
                proposed_by_id=p.proposed_by_id,
                created_at=p.created_at,
                status=p.status,
                decided_by_id=p.decided_by_id,
                decided_at=p.decided_at,
                reason=p.reason,
            )
        )
    new.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("backlog", "0009_subtasks_views_revisions"),
        ("workspace", "0007_notifications"),
    ]

    operations = [
        migrations.RunPython(proposals_to_queue, migrations.RunPython.noop),
        migrations.DeleteModel(name="Proposal"),
    ]
