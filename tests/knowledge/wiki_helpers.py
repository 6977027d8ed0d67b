"""Making wiki pages and the records they link to, through the services people use."""

from __future__ import annotations

from typing import Any

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.knowledge.models import WikiPage
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Role
from tests.conftest import Team


def page(access: ProductAccess, **fields: Any) -> WikiPage:
    outcome = writes.record_create(access=access, kind="wiki_page", fields=fields)
    assert outcome.record is not None
    return outcome.record


def edit(access: ProductAccess, page_id: int, **changes: Any) -> WikiPage:
    current = WikiPage.objects.get(pk=page_id)
    outcome = writes.record_update(
        access=access,
        kind="wiki_page",
        record_id=page_id,
        changes=changes,
        expected_version=current.version,
    )
    assert outcome.record is not None
    return outcome.record


def item(team: Team, title: str = "Return home on low battery") -> Item:
    return backlog_services.item_create(
        access=team.access(Role.PRODUCT_OWNER), fields={"title": title}
    )


def record(team: Team, kind: str, **fields: Any) -> Any:
    outcome = writes.record_create(
        access=team.access(Role.PRODUCT_MANAGER), kind=kind, fields=fields
    )
    assert outcome.record is not None
    return outcome.record
