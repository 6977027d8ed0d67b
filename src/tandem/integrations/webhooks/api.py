"""The webhooks API: a product's outgoing webhooks and their delivery log (Product
Manager and Product Owner), and GitHub's incoming webhook (signed, no session)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from tandem.backlog.selectors.items import item_of, split_item_key
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.http import access_of, version_from_etag
from tandem.workspace.schemas import BodyIn

from ..models import CodeLink, Webhook, WebhookDelivery
from . import events, github, selectors, services

router = Router(tags=["webhooks"])
github_router = Router(tags=["webhooks"], auth=None)

HOOKS = "/products/{product_key}/webhooks"
HOOK = HOOKS + "/{int:webhook_id}"


class WebhookIn(BodyIn):
    url: str = Field(max_length=4000)
    events: list[str] = Field(max_length=1000)
    secret: str | None = Field(default=None, max_length=200)


class WebhookPatch(Schema):
    url: str | None = Field(default=None, max_length=4000)
    events: list[str] | None = Field(default=None, max_length=1000)
    secret: str | None = Field(default=None, max_length=200)


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    secret: str
    version: int
    created_at: dt.datetime
    archived_at: dt.datetime | None


class AttemptOut(Schema):
    number: int
    response_code: int | None
    duration_ms: int
    error: str
    at: dt.datetime


class DeliveryOut(Schema):
    id: int
    message_id: str
    event: str
    status: str
    attempts: int
    response_code: int | None
    duration_ms: int | None
    error: str
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    attempt_log: list[AttemptOut]

    @staticmethod
    def resolve_event(delivery: WebhookDelivery) -> str:
        return delivery.verb


class GitHubSecretOut(Schema):
    secret: str
    payload_url_path: str


class CodeLinkOut(Schema):
    kind: str
    repository: str
    ref: str
    title: str
    url: str
    state: str
    created_at: dt.datetime


@router.get(f"{HOOKS}/events", response=list[str], summary="The events a webhook may choose")
def webhook_events(request: HttpRequest, product_key: str) -> list[str]:
    access_of(request, product_key)
    return ["*", *events.known_events()]


@router.get(HOOKS, response=list[WebhookOut], summary="The product's webhooks")
def webhook_list(request: HttpRequest, product_key: str, archived: bool = False) -> list[Any]:
    access = access_of(request, product_key)
    return list(selectors.webhooks_of(access=access, archived=archived))


@router.post(HOOKS, response={201: WebhookOut}, summary="Add a webhook (a secret is made if none)")
def webhook_create(request: HttpRequest, product_key: str, payload: WebhookIn) -> Status[Any]:
    access = access_of(request, product_key)
    hook = services.webhook_create(
        access=access, url=payload.url, events_=payload.events, secret=payload.secret
    )
    return Status(201, hook)


@router.get(HOOK, response=WebhookOut, summary="One webhook")
def webhook_get(request: HttpRequest, product_key: str, webhook_id: int) -> Webhook:
    access = access_of(request, product_key)
    return selectors.webhook_of(access=access, webhook_id=webhook_id)


@router.patch(HOOK, response=WebhookOut, summary="Change a webhook (If-Match: its version)")
def webhook_update(
    request: HttpRequest, product_key: str, webhook_id: int, payload: WebhookPatch
) -> Webhook:
    access = access_of(request, product_key)
    header = request.headers.get("If-Match")
    return services.webhook_update(
        access=access,
        webhook_id=webhook_id,
        version=version_from_etag(header) if header else None,
        url=payload.url,
        events_=payload.events,
        secret=payload.secret,
    )


@router.delete(HOOK, response={204: None}, summary="Archive a webhook: nothing more is sent")
def webhook_archive(request: HttpRequest, product_key: str, webhook_id: int) -> Status[None]:
    access = access_of(request, product_key)
    services.webhook_archive(access=access, webhook_id=webhook_id)
    return Status(204, None)


@router.get(f"{HOOK}/deliveries", response=list[DeliveryOut], summary="The delivery log")
def delivery_list(request: HttpRequest, product_key: str, webhook_id: int) -> list[Any]:
    access = access_of(request, product_key)
    return selectors.deliveries_of(access=access, webhook_id=webhook_id)


@router.post(
    f"{HOOK}/deliveries/{{int:delivery_id}}/redeliver",
    response={202: DeliveryOut},
    summary="Send a delivery again",
)
def delivery_redeliver(
    request: HttpRequest, product_key: str, webhook_id: int, delivery_id: int
) -> Status[Any]:
    access = access_of(request, product_key)
    selectors.webhook_of(access=access, webhook_id=webhook_id)
    delivery = services.delivery_redeliver(access=access, delivery_id=delivery_id)
    if delivery.webhook_id != webhook_id:
        raise NotFound(f"No delivery {delivery_id} for webhook {webhook_id}.")
    delivery.refresh_from_db()
    return Status(202, delivery)


@router.post(
    "/products/{product_key}/integrations/github/secret",
    response={201: GitHubSecretOut},
    summary="A new secret for the product's GitHub webhook (the old one stops working)",
)
def github_secret(request: HttpRequest, product_key: str) -> Status[Any]:
    access = access_of(request, product_key)
    secret = services.github_secret_rotate(access=access)
    path = f"/api/v1/integrations/github/{access.product.key}"
    return Status(201, {"secret": secret, "payload_url_path": path})


@router.get(
    "/items/{item_key}/code-links",
    response=list[CodeLinkOut],
    summary="Commits and pull requests that name an item",
)
def code_links(request: HttpRequest, item_key: str) -> list[CodeLink]:
    product_key, number = split_item_key(item_key)
    access = access_of(request, product_key)
    item = item_of(access=access, number=number)
    return selectors.code_links_of(access=access, item_id=item.pk)


@github_router.post(
    "/integrations/github/{product_key}",
    response={200: dict[str, Any], 202: dict[str, Any]},
    summary="GitHub's webhook: push and pull_request link commits and PRs to the items they name",
)
def github_webhook(request: HttpRequest, product_key: str) -> HttpResponse | Status[Any]:
    product = github.verify(
        product_key=product_key,
        body=request.body,
        signature=request.headers.get("X-Hub-Signature-256", ""),
    )
    event = request.headers.get("X-GitHub-Event", "")
    if event == "ping":
        return Status(200, {"ok": True})
    try:
        payload = json.loads(request.body)
    except ValueError as exc:
        raise ValidationFailed({"body": "is not JSON"}) from exc
    linked = github.link(product=product, event=event, payload=payload)
    return Status(202, {"event": event, "linked": linked})
