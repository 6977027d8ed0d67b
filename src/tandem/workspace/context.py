"""Template context every page needs: the product switcher, the navigation, the shortcuts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import navigation as nav
from .http import access_of
from .models import User
from .selectors import products_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_start": nav.start_url()}
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    # An item page names its product inside the item key (DRN-42 → DRN).
    current_key = str(
        kwargs.get("product_key") or str(kwargs.get("item_key", "")).rpartition("-")[0]
    ).upper()
    products = list(products_for_user(user=user))
    for product in products:
        product.home_url = nav.product_home_url(product.key)  # type: ignore[attr-defined]
    if current_key not in {p.key for p in products}:
        current_key = ""
    return {
        "nav_start": nav.start_url(),
        "nav_products": products,
        "nav_product_key": current_key,
        "nav_menu": _menu(request, current_key) if current_key else [],
        "nav_shortcuts": nav.shortcuts(),
        "nav_account": nav.account_menu(),
        "nav_sign_out": nav.sign_out_url(),
    }


def _menu(request: HttpRequest, product_key: str) -> list[nav.NavGroup]:
    """The product's menu, without the pages this person's roles may not open."""
    if not nav.needs_rights():
        return nav.menu(product_key, request.path)
    # The page's own view has most often resolved this access already.
    return nav.menu(product_key, request.path, access_of(request, product_key).can)
