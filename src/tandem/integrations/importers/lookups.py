"""An imported item stays findable by the key it had in the other tool (``DRN-42``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.integrations.import_models import ExternalRef
from tandem.workspace.access import ProductAccess


def items_by_old_key(access: ProductAccess, text: str) -> QuerySet[Any]:
    return ExternalRef.objects.filter(
        product=access.product, object_type="item", external_key=text.strip().upper()[:100]
    ).values("object_id")
