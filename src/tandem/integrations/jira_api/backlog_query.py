"""JQL in Tandem's own backlog filter (the page's box and ``?jql=`` on the items API)."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.backlog import extensions
from tandem.backlog.models import Item
from tandem.core.jql import JqlError
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

from . import saved_filters
from .jql import compile_jql


def filter_backlog(access: ProductAccess, items: QuerySet[Item], jql: str) -> QuerySet[Item]:
    """The items the query matches; a wrong query names the place it goes wrong."""
    try:
        compiled = compile_jql(jql, user=access.user)
    except JqlError as error:
        raise ValidationFailed({"jql": str(error)}) from None
    return items.filter(compiled.condition)


def install() -> None:
    extensions.register_item_query(filter_backlog, saved_filters.saved_queries)
