"""The backlog ranked by evidence beside the PO's own order, and the weights behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.backlog import selectors as backlog_selectors
from tandem.core import evidence
from tandem.workspace.http import access_of, back_to, current_user, form_version

from .. import selectors, services
from ._common import page_context

WEIGHT_LABELS = {
    "value": "Value",
    "effort": "Effort (less is better)",
    "demand": "Demand (feedback × importance)",
    "revenue": "Revenue of asking customers",
    "business_value": "WSJF business value",
    "time_criticality": "WSJF time criticality",
    "risk_reduction": "WSJF risk reduction",
    "job_size": "WSJF job size (less is better)",
}


@login_required
def ranking(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    weights, version = selectors.weights_of(access=access)
    rows = selectors.evidence_ranking(access=access, weights=weights)
    context = page_context(
        access,
        rows=rows,
        weights=[(name, WEIGHT_LABELS[name], weights.as_dict()[name]) for name in evidence.INPUTS],
        version=version,
        max_weight=evidence.MAX_WEIGHT,
    )
    return render(request, "insights/evidence.html", context)


@login_required
@require_POST
def weights_update(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    url = reverse("insights:evidence", args=[access.product.key])
    weights = {name: request.POST.get(name, "") for name in evidence.INPUTS if name in request.POST}
    services.weights_update(
        access=access, weights=weights, expected_version=form_version(request.POST)
    )
    return back_to(request, url, "Weights saved; the ranking below uses them.")


@login_required
@require_POST
def reach_from_demand(request: HttpRequest, item_key: str) -> HttpResponse:
    access, item = backlog_selectors.item_by_key(user=current_user(request), key=item_key)
    url = reverse("backlog:item", args=[item.key])
    outcome = services.item_reach_from_demand(
        access=access, item=item, expected_version=form_version(request.POST)
    )
    if outcome.applied:
        return back_to(request, url, f"Reach set to {outcome.item.reach} from customer demand.")
    return back_to(request, url, "Reach from demand proposed to the Product Owner.")
