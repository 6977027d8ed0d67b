"""What an insights record's page adds to the generic one: a stakeholder's follows and
digest, a customer's people and feedback, and the way back to each list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.workspace.access import ProductAccess
from tandem.workspace.http import access_of, back_to
from tandem.workspace.registry import Record, RecordType

from .. import selectors, services
from ._common import Rights

DIGEST_PERIODS = (7, 14, 30, 90)
_LISTS = {
    "stakeholder": ("insights:stakeholders", "Stakeholders"),
    "customer": ("insights:customers", "Customers"),
    "feedback": ("insights:feedback", "Feedback"),
    "idea": ("insights:ideas", "Ideas"),
    "survey": ("insights:surveys", "Surveys"),
}


def record_page_context(
    access: ProductAccess, spec: RecordType, record: Record | None
) -> dict[str, Any]:
    key = access.product.key
    if spec.name == "customer_person":
        customer = record.customer if record is not None else None
        up = (
            (reverse("insights:customer", args=[key, customer.pk]), customer.name)
            if customer is not None
            else (reverse("insights:customers", args=[key]), "Customers")
        )
    else:
        name, label = _LISTS[spec.name]
        up = (reverse(name, args=[key]), label)
    context: dict[str, Any] = {"rights": Rights.of(access), "up": up}
    if record is None:
        return context
    if spec.name == "stakeholder":
        followed = selectors.stakeholder_of(access=access, pk=record.pk)
        context |= {
            "followed": followed,
            "followed_keys": " ".join(i.key for i in followed.followed_items.all()),
            "followed_initiatives": {i.pk for i in followed.followed_initiatives.all()},
            "initiatives": selectors.initiatives_of(access=access),
        }
    if spec.name == "customer":
        context |= {
            "people": selectors.customer_of(access=access, pk=record.pk).people.all(),
            "feedback": selectors.feedback_list(access=access, customer=record.pk, limit=50),
        }
    if spec.name == "survey":
        context["results_url"] = reverse("insights:survey", args=[key, record.pk])
    return context


@login_required
@require_POST
def stakeholder_follow(request: HttpRequest, product_key: str, pk: int) -> HttpResponse:
    access = access_of(request, product_key)
    keys = [k for k in request.POST.get("items", "").replace(",", " ").split() if k]
    initiatives = [int(i) for i in request.POST.getlist("initiatives") if i.isdigit()]
    services.stakeholder_follow(
        access=access, stakeholder_id=pk, item_keys=keys, initiative_ids=initiatives
    )
    url = reverse("insights:stakeholder", args=[access.product.key, pk])
    return back_to(request, url, "What they follow is saved.")
