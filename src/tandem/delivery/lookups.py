"""The sprint or impediment a page's or an endpoint's path names, found for the caller.

A caller who is not a member of the product, or names a record of another product,
gets a 404 before anything else is read from the request.
"""

from __future__ import annotations

from django.http import HttpRequest

from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of

from . import selectors
from .models import Impediment, Sprint


def sprint_of(
    request: HttpRequest, product_key: str, sprint_id: int
) -> tuple[ProductAccess, Sprint]:
    access = access_of(request, product_key)
    return access, selectors.sprint_of(access=access, sprint_id=sprint_id)


def impediment_of(
    request: HttpRequest, product_key: str, impediment_id: int
) -> tuple[ProductAccess, Impediment]:
    access = access_of(request, product_key)
    return access, selectors.impediment_of(access=access, impediment_id=impediment_id)
