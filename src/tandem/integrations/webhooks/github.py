"""GitHub's webhook in: commits and pull requests that name an item (``DRN-42``) are linked to it.

GitHub signs each request with the product's secret (``X-Hub-Signature-256``); a
request without a valid signature changes nothing. Linking is idempotent: GitHub
redelivering a push makes no second link.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.backlog.models import Item
from tandem.workspace.audit import record_event
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import Product

from ..models import CodeLink, GitHubConnection

MAX_COMMITS = 2000


class SignatureRefused(DomainError):
    status = 401
    title = "Signature refused"


@dataclass(frozen=True)
class Mention:
    kind: str
    repository: str
    ref: str
    title: str
    url: str
    text: str
    state: str = ""


def verify(*, product_key: str, body: bytes, signature: str) -> Product:
    """The product whose secret signed ``body``; the same refusal for every failure."""
    connection = (
        GitHubConnection.objects.select_related("product")
        .filter(product__key=product_key.upper())
        .first()
    )
    expected = ""
    if connection is not None:
        digest = hmac.new(connection.secret.encode(), body, hashlib.sha256).hexdigest()
        expected = f"sha256={digest}"
    if connection is None or not hmac.compare_digest(expected, signature.strip()):
        raise SignatureRefused("X-Hub-Signature-256 does not match this product's secret.")
    return connection.product


def mentions(event: str, payload: dict[str, Any]) -> Iterator[Mention]:
    repository = str((payload.get("repository") or {}).get("full_name") or "")[:200]
    if event == "push":
        for commit in (payload.get("commits") or [])[:MAX_COMMITS]:
            message = str(commit.get("message") or "")
            yield Mention(
                kind=CodeLink.Kind.COMMIT,
                repository=repository,
                ref=str(commit.get("id") or "")[:64],
                title=message.splitlines()[0][:300] if message else "",
                url=str(commit.get("url") or "")[:2000],
                text=message,
            )
    elif event == "pull_request":
        pull = payload.get("pull_request") or {}
        state = "merged" if pull.get("merged") else str(pull.get("state") or "")
        yield Mention(
            kind=CodeLink.Kind.PULL_REQUEST,
            repository=repository,
            ref=str(pull.get("number") or "")[:64],
            title=str(pull.get("title") or "")[:300],
            url=str(pull.get("html_url") or "")[:2000],
            text="\n".join(str(pull.get(name) or "") for name in ("title", "body"))
            + "\n"
            + str((pull.get("head") or {}).get("ref") or ""),
            state=state[:20],
        )


def link(*, product: Product, event: str, payload: dict[str, Any]) -> int:
    """Link every mention of this product's items; the number of new links."""
    if not isinstance(payload, dict):
        raise ValidationFailed({"body": "must be a JSON object"})
    pattern = re.compile(rf"\b{re.escape(product.key)}-(\d{{1,9}})\b", re.IGNORECASE)
    found = [(m, {int(n) for n in pattern.findall(m.text)}) for m in mentions(event, payload)]
    numbers = {n for _, ns in found for n in ns}
    if not numbers:
        return 0
    items = {i.number: i for i in Item.objects.filter(product=product, number__in=numbers)}
    created = 0
    with transaction.atomic():
        for mention, named in found:
            for number in sorted(named & set(items)):
                created += _link_one(product, items[number], mention)
    return created


def _link_one(product: Product, item: Item, mention: Mention) -> int:
    if not mention.ref or not mention.url.startswith("https://"):
        return 0
    _, created = CodeLink.objects.update_or_create(
        item=item,
        kind=mention.kind,
        repository=mention.repository,
        ref=mention.ref,
        defaults={"title": mention.title, "url": mention.url, "state": mention.state},
    )
    if created:
        record_event(
            actor=None,
            product=product,
            verb="code_link.created",
            object_type="item",
            object_id=item.pk,
            object_label=f"{product.key}-{item.number}: {mention.title}",
            after={"kind": mention.kind, "repository": mention.repository, "ref": mention.ref},
        )
    return int(created)
