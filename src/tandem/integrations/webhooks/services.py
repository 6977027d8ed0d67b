"""Every write to webhooks: the Product Manager and Product Owner manage them (rights
table: integrations), each write audited, a secret never written to the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace import jobs
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_write
from tandem.workspace.errors import Conflict, NotFound, ValidationFailed
from tandem.workspace.rights import Action, Level

from ..models import GitHubConnection, Webhook, WebhookDelivery
from . import addresses, dispatch, events, signing

MAX_EVENTS = 200


def _checked(
    *, url: str | None, events_: Sequence[str] | None, secret: str | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if url is not None:
        url = url.strip()
        problem = (
            addresses.url_problem(url) if len(url) <= 2000 else "is longer than 2000 characters"
        )
        if problem:
            errors["url"] = problem
        values["url"] = url
    if events_ is not None:
        chosen = sorted(set(events_))
        unknown = events.unknown_events(chosen)
        if not chosen:
            errors["events"] = 'choose at least one event, or "*" for all'
        elif unknown:
            errors["events"] = f"unknown event {', '.join(repr(e) for e in unknown[:5])}"
        elif len(chosen) > MAX_EVENTS:
            errors["events"] = f"at most {MAX_EVENTS} events"
        values["events"] = chosen
    if secret is not None:
        problem = signing.secret_problem(secret)
        if problem:
            errors["secret"] = problem
        values["secret"] = secret
    if errors:
        raise ValidationFailed(errors)
    return values


def _audit(
    access: ProductAccess, hook: Webhook, verb: str, before: dict[str, Any] | None = None
) -> None:
    after = {"url": hook.url, "events": hook.events, "archived": hook.archived_at is not None}
    record_write(access, hook, "webhook", verb, label=hook.url, before=before, after=after)


def webhook_create(
    *, access: ProductAccess, url: str, events_: Sequence[str], secret: str | None = None
) -> Webhook:
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    values = _checked(url=url, events_=events_, secret=secret)
    with transaction.atomic():
        hook = Webhook.objects.create(
            product=access.product,
            url=values["url"],
            events=values["events"],
            secret=secret or signing.new_secret(),
            created_by=access.user,
        )
        _audit(access, hook, "created")
    return hook


def _locked(access: ProductAccess, webhook_id: int) -> Webhook:
    hook = (
        Webhook.objects.select_for_update()
        .filter(product=access.product, pk=webhook_id, archived_at__isnull=True)
        .first()
    )
    if hook is None:
        raise NotFound(f"No webhook {webhook_id} in {access.product.key}.")
    return hook


def webhook_update(
    *,
    access: ProductAccess,
    webhook_id: int,
    version: int | None = None,
    url: str | None = None,
    events_: Sequence[str] | None = None,
    secret: str | None = None,
) -> Webhook:
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    values = _checked(url=url, events_=events_, secret=secret)
    with transaction.atomic():
        hook = _locked(access, webhook_id)
        if version is not None and version != hook.version:
            raise Conflict(
                f"The webhook changed since version {version}; it is at {hook.version}.",
                current={"url": hook.url, "events": hook.events, "version": hook.version},
            )
        before = {"url": hook.url, "events": hook.events, "archived": False}
        for name, value in values.items():
            setattr(hook, name, value)
        hook.version += 1
        hook.save()
        _audit(access, hook, "updated", before)
    return hook


def webhook_archive(*, access: ProductAccess, webhook_id: int) -> Webhook:
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    with transaction.atomic():
        hook = _locked(access, webhook_id)
        hook.archived_at = timezone.now()
        hook.version += 1
        hook.save(update_fields=["archived_at", "version"])
        _audit(access, hook, "archived", {"archived": False})
    return hook


def delivery_redeliver(*, access: ProductAccess, delivery_id: int) -> WebhookDelivery:
    """Send a delivery once more, with the same message id (receivers drop a repeat)."""
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .filter(webhook__product=access.product, pk=delivery_id)
            .first()
        )
        if delivery is None:
            raise NotFound(f"No delivery {delivery_id} in {access.product.key}.")
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        jobs.enqueue(dispatch.deliver, delivery_id=delivery.pk, attempt=delivery.attempts + 1)
    return delivery


def github_secret_rotate(*, access: ProductAccess) -> str:
    """A new secret for the product's GitHub webhook; the old one stops working."""
    access.require(Action.INTEGRATIONS, Level.DECIDE)
    secret = signing.new_secret().removeprefix(signing.PREFIX)
    with transaction.atomic():
        connection, _ = GitHubConnection.objects.update_or_create(
            product=access.product, defaults={"secret": secret}
        )
        record_write(access, connection, "github", "secret_rotated", label="GitHub webhook secret")
    return secret
