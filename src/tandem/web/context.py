"""Template context every page needs: the products switcher and the current product."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.workspace.models import User
from tandem.workspace.selectors import products_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    # An item page names its product inside the item key (DRN-42 → DRN).
    current_key = kwargs.get("product_key") or str(kwargs.get("item_key", "")).rpartition("-")[0]
    return {
        "nav_products": list(products_for_user(user=user)),
        "nav_product_key": current_key.upper(),
    }
