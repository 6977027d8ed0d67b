"""Who and what the demo has made so far, handed to each app's part of the demo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tandem.backlog.models import Item
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product, User


@dataclass(frozen=True)
class Cast:
    product: Product
    people: Mapping[str, User]  # by handle: pm, po, dev, qa, sales
    access: Mapping[str, ProductAccess]  # by handle
    epics: Mapping[str, Item]  # by the epic's code in content.EPICS
    items: Mapping[str, Item]  # by title
