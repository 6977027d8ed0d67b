"""The product's integrations page: webhooks, their delivery log, the GitHub secret."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.workspace.errors import ValidationFailed
from tandem.workspace.http import access_of
from tandem.workspace.rights import Action, Level

from .webhooks import events, selectors, services


@login_required
def webhooks(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    may_manage = access.can(Action.INTEGRATIONS, Level.DECIDE)
    shown = request.GET.get("deliveries", "")
    context = {
        "access": access,
        "product": access.product,
        "may_manage": may_manage,
        "known_events": events.known_events(),
        "hooks": list(selectors.webhooks_of(access=access)) if may_manage else [],
        "github_connected": may_manage and selectors.github_connected(access=access),
        "github_path": f"/api/v1/integrations/github/{access.product.key}",
        "github_secret": request.session.pop("github_secret", ""),
        "shown": int(shown) if shown.isdigit() else None,
        "errors": {},
    }
    if may_manage and context["shown"] is not None:
        context["deliveries"] = selectors.deliveries_of(access=access, webhook_id=context["shown"])
    return render(request, "integrations/webhooks.html", context)


@login_required
@require_POST
def webhook_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    try:
        services.webhook_create(
            access=access,
            url=request.POST.get("url", ""),
            events_=request.POST.getlist("events"),
            secret=request.POST.get("secret") or None,
        )
    except ValidationFailed as exc:
        for field, message in exc.errors.items():
            messages.error(request, f"{field.capitalize()}: {message}")
    else:
        messages.success(request, "Webhook added.")
    return redirect("integrations:webhooks", product_key=access.product.key)


@login_required
@require_POST
def webhook_archive(request: HttpRequest, product_key: str, webhook_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    services.webhook_archive(access=access, webhook_id=webhook_id)
    messages.success(request, "Webhook archived: nothing more is sent to it.")
    return redirect("integrations:webhooks", product_key=access.product.key)


@login_required
@require_POST
def delivery_redeliver(
    request: HttpRequest, product_key: str, webhook_id: int, delivery_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    selectors.webhook_of(access=access, webhook_id=webhook_id)
    services.delivery_redeliver(access=access, delivery_id=delivery_id)
    messages.success(request, "Queued to send again.")
    url = redirect("integrations:webhooks", product_key=access.product.key)
    url["Location"] += f"?deliveries={webhook_id}"
    return url


@login_required
@require_POST
def github_secret(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    request.session["github_secret"] = services.github_secret_rotate(access=access)
    return redirect("integrations:webhooks", product_key=access.product.key)
