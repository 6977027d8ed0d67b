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
    current_key = (match.kwargs.get("product_key") if match else None) or ""
    return {
        "nav_products": list(products_for_user(user=user)),
        "nav_product_key": current_key.upper(),
    }
