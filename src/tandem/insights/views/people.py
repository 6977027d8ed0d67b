"""Stakeholders on their grid with their digest, and customers with their revenue.

A stakeholder's, customer's or person's own page is the generic record page
(:mod:`tandem.insights.views.records` adds to it).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.workspace.http import access_of

from .. import selectors
from ..models import CustomerStatus, StakeholderKind
from ._common import page_context
from .records import DIGEST_PERIODS


@login_required
def stakeholders(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    context = page_context(
        access,
        grid=selectors.stakeholder_grid(access=access),
        rows=selectors.stakeholders_of(access=access, archived=archived),
        archived=archived,
        kinds=StakeholderKind.choices,
        scale=range(1, 6),
    )
    return render(request, "insights/stakeholders.html", context)


def _digest(request: HttpRequest, product_key: str, pk: int) -> dict[str, Any]:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    raw = request.GET.get("days", "7")
    days = max(1, min(int(raw) if raw.isdigit() and len(raw) < 5 else 7, 366))
    until = timezone.now()
    digest = selectors.stakeholder_digest(
        access=access, stakeholder=s, since=until - datetime.timedelta(days=days), until=until
    )
    lines = [(entry, entry.lines) for entry in digest.entries]
    return page_context(
        access,
        s=s,
        digest=digest,
        lines=lines,
        days=days,
        periods=DIGEST_PERIODS,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )


@login_required
def stakeholder_digest(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    return render(request, "insights/digest.html", _digest(request, product_key, pk))


@login_required
def stakeholder_digest_email(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """The digest as a self-contained HTML e-mail (inline styles), as a download."""
    context = _digest(request, product_key, pk)
    html = render_to_string("insights/digest_email.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="digest-{pk}-{day}.html"'
    return response


@login_required
def customers(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    rows = list(selectors.customers_of(access=access, archived=archived))
    context = page_context(
        access,
        rows=rows,
        archived=archived,
        statuses=CustomerStatus.choices,
        total_mrr=sum(c.mrr for c in rows),
    )
    return render(request, "insights/customers.html", context)
