"""What a stakeholder follows: the items and initiatives their digest reports on.

Adding, changing, archiving and restoring stakeholders, customers and their
people are the plain verbs, declared in :mod:`tandem.insights.records`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from tandem.backlog import selectors as backlog_selectors
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.registry import record_type
from tandem.workspace.rights import Action, Level

from ..models import Stakeholder


@transaction.atomic
def stakeholder_follow(
    *,
    access: ProductAccess,
    stakeholder_id: int,
    item_keys: Sequence[str] = (),
    initiative_ids: Sequence[int] = (),
) -> Stakeholder:
    """Set what a stakeholder follows; the items through the backlog, initiatives by id."""
    access.require(Action.FEEDBACK, Level.EDIT)
    spec = record_type("stakeholder")
    stakeholder: Stakeholder = writes.lock(spec, access, stakeholder_id)
    writes.require_live(spec, stakeholder)
    try:
        items = backlog_selectors.items_in_backlog(
            access=access, keys=list(dict.fromkeys(item_keys))
        )
    except NotFound as missing:
        raise ValidationFailed({"items": missing.detail}) from None
    live = record_type("initiative").scoped(access).filter(archived_at__isnull=True)
    initiatives = list(live.filter(pk__in=list(initiative_ids)))
    missing_ids = set(initiative_ids) - {i.pk for i in initiatives}
    if missing_ids:
        raise ValidationFailed({"initiatives": f"no initiative {sorted(missing_ids)[0]} here"})
    before = {
        "items": sorted(i.key for i in stakeholder.followed_items.select_related("product")),
        "initiatives": sorted(stakeholder.followed_initiatives.values_list("pk", flat=True)),
    }
    stakeholder.followed_items.set(items)
    stakeholder.followed_initiatives.set(initiatives)
    stakeholder.version += 1
    stakeholder.updated_at = timezone.now()
    stakeholder.save(update_fields=["version", "updated_at"])
    after = {
        "items": sorted(i.key for i in items),
        "initiatives": sorted(i.pk for i in initiatives),
    }
    writes.event(access, spec, stakeholder, "follows", before=before, after=after)
    return stakeholder
