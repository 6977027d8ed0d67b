"""What the backlog's API endpoints share: the item's ETag, the version a write names, the
item a key names, and a write answered with the state it made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from tandem.workspace import http
from tandem.workspace.access import ProductAccess
from tandem.workspace.api import current_user
from tandem.workspace.errors import NotFound
from tandem.workspace.models import Proposal
from tandem.workspace.transactions import retrying

from . import extensions, selectors, services
from .models import AcceptanceCriterion, Item
from .schemas import criterion_out, item_out, proposal_out


def item_etag(item: Item) -> str:
    return f'"{item.version}"'


def expected_version(request: HttpRequest, body_version: int | None = None) -> int:
    """The version a write names (``If-Match``, quoted or bare, or the body's); required."""
    return http.expected_version(request, body_version, bare=True)


def access_and_item(request: HttpRequest, item_key: str) -> tuple[ProductAccess, Item]:
    return selectors.item_by_key(user=current_user(request), key=item_key)


@retrying
def written_then_read(
    access: ProductAccess, item: Item, write: Callable[[], services.WriteOutcome]
) -> tuple[services.WriteOutcome, Item]:
    """The write and the state it answers with, in one transaction.

    Read after the commit, the answer could carry a later writer's version, and
    two clients would each believe they made it.
    """
    outcome = write()
    return outcome, selectors.item_of(access=access, number=item.number)


def criterion_of(item: Item, criterion_id: int) -> None:
    """A criterion is addressed under its own item: another item's is not found there."""
    if not AcceptanceCriterion.objects.filter(pk=criterion_id, item=item).exists():
        raise NotFound("No such criterion on this item.")


def item_written(
    access: ProductAccess,
    item: Item,
    response: HttpResponse,
    write: Callable[[], services.WriteOutcome],
) -> Status[dict[str, Any]]:
    """Run a write on the item and answer it: 202 with the proposal it became, else the
    item as the write left it, with its ETag."""
    outcome, fresh = written_then_read(access, item, write)
    if outcome.proposal is not None:
        return Status(202, proposal_out(outcome.proposal))
    http.etag(response, fresh)
    return Status(200, item_out(fresh))


def proposed_or_gone(proposal: Proposal | None) -> Status[dict[str, Any]] | Status[None]:
    """A removal's answer: 202 with the proposal it became, or 204 when it is done."""
    if proposal is not None:
        return Status(202, proposal_out(proposal))
    return Status(204, None)


def criterion_or_proposal(
    result: AcceptanceCriterion | Proposal, status: int
) -> Status[dict[str, Any]]:
    if isinstance(result, Proposal):
        return Status(202, proposal_out(result))
    return Status(status, criterion_out(result))


def answered_new(access: ProductAccess, response: HttpResponse, item: Item) -> Item:
    """A created item as read back, with its ETag and the headers other apps add to it
    (a "looks like DRN-17" warning)."""
    item = selectors.item_of(access=access, number=item.number)
    http.etag(response, item)
    for name, value in extensions.create_headers(access, item).items():
        response[name] = value
    return item
