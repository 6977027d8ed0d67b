"""Stakeholders on their grid, their digest, and customers with their people."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.workspace.errors import ValidationFailed

from .. import selectors, services
from ..models import CustomerStatus, StakeholderKind
from ..services.people import CUSTOMER_FIELDS, PERSON_FIELDS, STAKEHOLDER_FIELDS
from ._common import Rights, access_of, back, form_fields, form_version, refused

DIGEST_PERIODS = (7, 14, 30, 90)


@login_required
def stakeholders(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "insights/stakeholders.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "grid": selectors.stakeholder_grid(access=access),
            "rows": selectors.stakeholders_of(access=access, archived=archived),
            "archived": archived,
            "kinds": StakeholderKind.choices,
            "scale": range(1, 6),
        },
    )


@login_required
@require_POST
def stakeholder_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    url = reverse("insights:stakeholders", args=[access.product.key])
    try:
        s = services.stakeholder_create(
            access=access, fields=form_fields(request.POST, STAKEHOLDER_FIELDS)
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, f"{s.name} added ({s.quadrant.label.lower()}).")


@login_required
def stakeholder(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    return render(
        request,
        "insights/stakeholder.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "s": s,
            "kinds": StakeholderKind.choices,
            "scale": range(1, 6),
            "followed_keys": " ".join(i.key for i in s.followed_items.all()),
            "initiatives": selectors.initiatives_of(access=access),
            "followed_initiatives": {i.pk for i in s.followed_initiatives.all()},
            "periods": DIGEST_PERIODS,
        },
    )


@login_required
@require_POST
def stakeholder_update(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    url = reverse("insights:stakeholder", args=[access.product.key, s.pk])
    try:
        services.stakeholder_update(
            access=access,
            stakeholder=s,
            changes=form_fields(request.POST, STAKEHOLDER_FIELDS),
            expected_version=form_version(request.POST),
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "Saved.")


@login_required
@require_POST
def stakeholder_follow(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    url = reverse("insights:stakeholder", args=[access.product.key, s.pk])
    keys = [k for k in request.POST.get("items", "").replace(",", " ").split() if k]
    initiatives = [int(i) for i in request.POST.getlist("initiatives") if i.isdigit()]
    try:
        services.stakeholder_follow(
            access=access, stakeholder=s, item_keys=keys, initiative_ids=initiatives
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "What they follow is saved.")


@login_required
@require_POST
def stakeholder_archive(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    if request.POST.get("restore"):
        services.stakeholder_restore(access=access, stakeholder=s)
        message = f"{s.name} restored."
    else:
        services.stakeholder_archive(access=access, stakeholder=s)
        message = f"{s.name} archived; restore from the archived list."
    return back(request, reverse("insights:stakeholders", args=[access.product.key]), message)


def _digest(request: HttpRequest, product_key: str, pk: int) -> tuple[object, dict[str, object]]:
    access = access_of(request, product_key)
    s = selectors.stakeholder_of(access=access, pk=pk)
    days = int(request.GET.get("days", "7")) if request.GET.get("days", "7").isdigit() else 7
    days = max(1, min(days, 366))
    until = timezone.now()
    digest = selectors.stakeholder_digest(
        access=access,
        stakeholder=s,
        since=until - datetime.timedelta(days=days),
        until=until,
    )
    lines = [
        (entry, [(event, selectors.describe(event)) for event in entry.events])
        for entry in digest.entries
    ]
    return access, {
        "access": access,
        "product": access.product,
        "s": s,
        "digest": digest,
        "lines": lines,
        "days": days,
        "periods": DIGEST_PERIODS,
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }


@login_required
def stakeholder_digest(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    _, context = _digest(request, product_key, pk)
    return render(request, "insights/digest.html", context)


@login_required
def stakeholder_digest_email(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    """The digest as a self-contained HTML e-mail (inline styles), as a download."""
    _, context = _digest(request, product_key, pk)
    html = render_to_string("insights/digest_email.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    s = context["s"]
    response["Content-Disposition"] = (
        f'attachment; filename="digest-{s.pk}-{timezone.localdate().isoformat()}.html"'  # type: ignore[attr-defined]
    )
    return response


# --- customers -----------------------------------------------------------------------------


@login_required
def customers(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    rows = list(selectors.customers_of(access=access, archived=archived))
    return render(
        request,
        "insights/customers.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "rows": rows,
            "archived": archived,
            "statuses": CustomerStatus.choices,
            "total_mrr": sum(c.mrr for c in rows),
        },
    )


@login_required
@require_POST
def customer_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    url = reverse("insights:customers", args=[access.product.key])
    try:
        c = services.customer_create(
            access=access, fields=form_fields(request.POST, CUSTOMER_FIELDS)
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, f"{c.name} added.")


@login_required
def customer(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    c = selectors.customer_of(access=access, pk=pk)
    return render(
        request,
        "insights/customer.html",
        {
            "access": access,
            "product": access.product,
            "rights": Rights.of(access),
            "c": c,
            "statuses": CustomerStatus.choices,
            "feedback": selectors.feedback_list(access=access, customer=c.pk, limit=50),
        },
    )


@login_required
@require_POST
def customer_update(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    c = selectors.customer_of(access=access, pk=pk)
    url = reverse("insights:customer", args=[access.product.key, c.pk])
    try:
        services.customer_update(
            access=access,
            customer=c,
            changes=form_fields(request.POST, CUSTOMER_FIELDS),
            expected_version=form_version(request.POST),
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "Saved.")


@login_required
@require_POST
def customer_archive(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    c = selectors.customer_of(access=access, pk=pk)
    if request.POST.get("restore"):
        services.customer_restore(access=access, customer=c)
        message = f"{c.name} restored."
    else:
        services.customer_archive(access=access, customer=c)
        message = f"{c.name} archived; restore from the archived list."
    return back(request, reverse("insights:customers", args=[access.product.key]), message)


@login_required
@require_POST
def person_add(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    c = selectors.customer_of(access=access, pk=pk)
    url = reverse("insights:customer", args=[access.product.key, c.pk])
    try:
        person = services.person_add(
            access=access, customer=c, fields=form_fields(request.POST, PERSON_FIELDS)
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, f"{person.name} added to {c.name}.")


@login_required
@require_POST
def person_update(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    person = selectors.person_of(access=access, pk=pk)
    url = reverse("insights:customer", args=[access.product.key, person.customer_id])
    try:
        services.person_update(
            access=access,
            person=person,
            changes=form_fields(request.POST, PERSON_FIELDS),
            expected_version=form_version(request.POST),
        )
    except ValidationFailed as error:
        return refused(request, url, error)
    return back(request, url, "Saved.")


@login_required
@require_POST
def person_archive(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    person = selectors.person_of(access=access, pk=pk)
    if request.POST.get("restore"):
        services.person_restore(access=access, person=person)
    else:
        services.person_archive(access=access, person=person)
    url = reverse("insights:customer", args=[access.product.key, person.customer_id])
    return back(
        request, url, f"{person.name} {'restored' if request.POST.get('restore') else 'archived'}."
    )
