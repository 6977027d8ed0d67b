"""Strategy proposals move into the one proposal table every kind of record shares."""

from django.db import migrations

_ACTION = {
    "vision": "strategy",
    "objective": "strategy",
    "key_result": "strategy",
    "initiative": "roadmap",
    "market_note": "roadmap",
    "competitor": "roadmap",
    "capability": "roadmap",
    "cost_line": "roadmap",
}


def _action(apps, proposal):
    if proposal.kind != "decision":
        return _ACTION.get(proposal.kind, "strategy")
    level = proposal.payload.get("level")
    if proposal.record_id is not None:
        decision = apps.get_model("strategy", "Decision").objects.filter(pk=proposal.record_id)
        if decision.filter(level="strategic").exists():
            level = "strategic"
    return "strategy" if level == "strategic" else "backlog"


def forwards(apps, schema_editor):
    old = apps.get_model("strategy", "StrategyProposal")
    new = apps.get_model("workspace", "Proposal")
    new.objects.bulk_create(
        new(
            product_id=p.product_id,
            record_type=p.kind,
            record_id=p.record_id,
            record_label=p.record_label,
            operation=p.operation,
            payload=p.payload,
            base_version=p.record_version,
            action=_action(apps, p),
            proposed_by_id=p.proposed_by_id,
            created_at=p.created_at,
            status=p.status,
            decided_by_id=p.decided_by_id,
            decided_at=p.decided_at,
            reason=p.reason,
        )
        for p in old.objects.order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0001_initial"),
        ("workspace", "0004_proposals"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="StrategyProposal"),
    ]
