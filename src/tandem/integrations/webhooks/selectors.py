"""Reads of webhooks and their delivery log, scoped to the caller's product."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound
from tandem.workspace.rights import Action, Level

from ..models import CodeLink, GitHubConnection, Webhook, WebhookAttempt, WebhookDelivery

RECENT_DELIVERIES = 50


def webhooks_of(*, access: ProductAccess, archived: bool = False) -> QuerySet[Webhook]:
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    return Webhook.objects.filter(
        product=access.product, archived_at__isnull=not archived
    ).order_by("pk")


def webhook_of(*, access: ProductAccess, webhook_id: int) -> Webhook:
    hook = webhooks_of(access=access).filter(pk=webhook_id).first()
    if hook is None:
        raise NotFound(f"No webhook {webhook_id} in {access.product.key}.")
    return hook


def deliveries_of(
    *, access: ProductAccess, webhook_id: int, limit: int = RECENT_DELIVERIES
) -> list[WebhookDelivery]:
    hook = webhook_of(access=access, webhook_id=webhook_id)
    attempts = Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
    return list(hook.deliveries.order_by("-created_at", "-pk").prefetch_related(attempts)[:limit])


def github_connected(*, access: ProductAccess) -> bool:
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    return GitHubConnection.objects.filter(product=access.product).exists()


def code_links_of(*, access: ProductAccess, item_id: int) -> list[CodeLink]:
    """Commits and pull requests naming an item: as readable as the item itself."""
    return list(
        CodeLink.objects.filter(item_id=item_id, item__product=access.product).order_by(
            "-created_at", "-pk"
        )
    )
