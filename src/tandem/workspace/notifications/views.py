"""The notifications page, the bell, watch buttons, e-mail preferences and unsubscribing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..errors import ValidationFailed
from ..http import access_of, current_user, htmx_response, is_partial
from . import mail, selectors, services
from .models import EmailChoice

_PAGE_SIZE = 200
_READ_EVENT = "notifications-read"  # the bell listens for it and counts again


def _page_context(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    unread_only = request.GET.get("show") == "unread"
    rows = list(selectors.notifications_of(user=user, unread_only=unread_only)[:_PAGE_SIZE])
    return {
        "groups": selectors.grouped(rows),
        "unread": selectors.unread_count(user=user),
        "unread_only": unread_only,
    }


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    context = _page_context(request)
    if is_partial(request):
        return htmx_response(render_to_string("notifications/_list.html", context, request))
    return render(request, "notifications/page.html", context)


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    count = selectors.unread_count(user=current_user(request))
    return htmx_response(render_to_string("notifications/_bell.html", {"unread": count}, request))


def _record(raw: str) -> tuple[str, int] | None:
    object_type, _, object_id = raw.partition(":")
    return (object_type, int(object_id)) if object_id.isdigit() else None


@login_required
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Mark read: one record's notifications (``record=item:42``), some ``ids``, or ``all``."""
    user = current_user(request)
    if request.POST.get("all"):
        services.notifications_mark_all_read(user=user)
    elif record := _record(request.POST.get("record", "")):
        services.notifications_mark_read(user=user, record=record)
    else:
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        if not ids:
            raise ValidationFailed({"ids": "name the notifications to mark read"})
        services.notifications_mark_read(user=user, ids=ids)
    if is_partial(request):
        response = htmx_response(
            render_to_string("notifications/_list.html", _page_context(request), request)
        )
        response["HX-Trigger"] = _READ_EVENT
        return response
    return redirect(request.POST.get("next") or reverse("notifications:page"))


@login_required
@require_POST
def watch(request: HttpRequest, product_key: str, object_type: str, object_id: int) -> HttpResponse:
    """Start or stop watching a record (``watch=1`` / ``watch=0``)."""
    access = access_of(request, product_key)
    if request.POST.get("watch") == "0":
        services.watch_stop(access=access, object_type=object_type, object_id=object_id)
    else:
        services.watch_start(access=access, object_type=object_type, object_id=object_id)
    context = watch_context(access, object_type, object_id)
    if is_partial(request):
        return htmx_response(render_to_string("notifications/_watch.html", context, request))
    return redirect(request.POST.get("next") or "/")


def watch_context(access: Any, object_type: str, object_id: int) -> dict[str, Any]:
    """What the watch button needs; record pages and panels pass it to ``_watch.html``."""
    return {
        "watch_product": access.product.key,
        "watch_type": object_type,
        "watch_id": object_id,
        **selectors.watch_state(access=access, object_type=object_type, object_id=object_id),
    }


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        services.preference_set(user=user, email=request.POST.get("email", ""))
        messages.success(request, "Saved: how you hear of changes by e-mail.")
        return redirect("notifications:preferences")
    context = {"preference": services.preference_of(user), "choices": EmailChoice.choices}
    return render(request, "notifications/preferences.html", context)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in needed: the signed token names the person. A GET only asks, so a mail
    scanner following the link unsubscribes nobody."""
    user = mail.user_of_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        mail.unsubscribe(user)
        return render(
            request, "notifications/unsubscribe.html", {"done": True, "email": user.email}
        )
    return render(request, "notifications/unsubscribe.html", {"email": user.email})
