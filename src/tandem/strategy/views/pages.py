"""The strategy pages: strategy overview, roadmap, market, decisions, costs, the PM's queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.workspace.errors import NotFound
from tandem.workspace.rights import Level

from .. import extensions, selectors, services
from ..kinds import KINDS
from ._common import (
    access_for,
    back,
    base_context,
    current_user,
    htmx_response,
    toast,
)


@login_required
@require_GET
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    work = extensions.work(access)
    context = base_context(access, "strategy") | {
        "vision": selectors.vision_of(access.product),
        "objectives": selectors.objectives_overview(access=access),
        "alignment": selectors.alignment(access=access, work=work),
        "progress": work.by_initiative,
    }
    return render(request, "strategy/index.html", context)


def _roadmap_context(request: HttpRequest, product_key: str) -> dict[str, object]:
    access = access_for(request, product_key)
    work = extensions.work(access)
    return base_context(access, "roadmap") | {
        "columns": selectors.roadmap_columns(access=access, work=work),
        "timeline": selectors.timeline(access=access, work=work),
        "shares": selectors.shares_of(access=access),
        "public": False,
    }


@login_required
@require_GET
def roadmap(request: HttpRequest, product_key: str) -> HttpResponse:
    return render(request, "strategy/roadmap.html", _roadmap_context(request, product_key))


@login_required
@require_POST
def initiative_move(request: HttpRequest, product_key: str, record_id: int) -> HttpResponse:
    """A drag on the board: the PM's lands, the PO's becomes a proposal."""
    access = access_for(request, product_key)

    def _id(name: str) -> int | None:
        raw = request.POST.get(name, "")
        return int(raw) if raw.isdigit() else None

    outcome = services.initiative_move(
        access=access,
        initiative_id=record_id,
        horizon=request.POST.get("horizon", ""),
        before_id=_id("before"),
        after_id=_id("after"),
        expected_version=_id("version"),
    )
    if outcome.proposal is not None:
        message, tone = "Sent to the Product Manager as a proposal; the board is unchanged.", "info"
    else:
        message, tone = "Roadmap re-planned.", "success"
    if not request.headers.get("HX-Request"):
        return back(request, reverse("strategy:roadmap", args=[product_key]))
    context = _roadmap_context(request, product_key)
    html = render(request, "strategy/_board.html", context).content.decode()
    return htmx_response(html + toast(request, message, tone))


@require_GET
def shared_roadmap(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only roadmap behind a share link: no login, nothing to click that writes."""
    try:
        access = selectors.shared_access(token=token)
    except NotFound:
        raise Http404("This link is not valid (it may have been revoked).") from None
    work = extensions.work(access)
    context = {
        "product": access.product,
        "columns": selectors.roadmap_columns(access=access, work=work),
        "timeline": selectors.timeline(access=access, work=work),
        "vision": selectors.vision_of(access.product),
        "public": True,
    }
    response = render(request, "strategy/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def share_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    services.share_create(access=access, label=request.POST.get("label", ""))
    return back(request, reverse("strategy:roadmap", args=[product_key]) + "#sharing")


@login_required
@require_POST
def share_revoke(request: HttpRequest, product_key: str, share_id: int) -> HttpResponse:
    access = access_for(request, product_key)
    services.share_revoke(access=access, share_id=share_id)
    return back(request, reverse("strategy:roadmap", args=[product_key]) + "#sharing")


@login_required
@require_GET
def market(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    competitors, rows = selectors.comparison_matrix(access=access)
    context = base_context(access, "market") | {
        "notes": selectors.records_of(access=access, kind="market_note"),
        "competitors": competitors,
        "matrix": rows,
    }
    return render(request, "strategy/market.html", context)


@login_required
@require_GET
def decisions(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    context = base_context(access, "decisions") | {
        "open": selectors.open_decisions(access=access),
        "log": selectors.records_of(access=access, kind="decision").filter(status="decided"),
    }
    return render(request, "strategy/decisions.html", context)


@login_required
@require_POST
def decision_escalate(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    services.decision_escalate(
        access=access,
        title=request.POST.get("title", ""),
        context=request.POST.get("context", ""),
        options=request.POST.get("options", ""),
    )
    from django.contrib import messages

    messages.success(request, "The question is in the Product Manager's queue.")
    return back(request, reverse("strategy:decisions", args=[product_key]))


@login_required
@require_POST
def decision_decide(request: HttpRequest, product_key: str, record_id: int) -> HttpResponse:
    access = access_for(request, product_key)
    version = request.POST.get("version", "")
    services.decision_decide(
        access=access,
        decision_id=record_id,
        outcome=request.POST.get("outcome", ""),
        level=request.POST.get("level") or None,
        expected_version=int(version) if version.isdigit() else None,
    )
    from django.contrib import messages

    messages.success(request, "Decided and logged.")
    return back(request, reverse("strategy:decisions", args=[product_key]))


@login_required
@require_GET
def costs(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    context = base_context(access, "costs") | {
        "summary": selectors.cost_summary(access=access),
        "lines": selectors.records_of(access=access, kind="cost_line"),
    }
    return render(request, "strategy/costs.html", context)


@login_required
@require_GET
def proposals(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    waiting = selectors.pending_proposals(access=access)
    for proposal in waiting:
        proposal.can_decide = access.can(  # type: ignore[attr-defined]
            services.proposal_action(proposal), Level.DECIDE
        )
    context = base_context(access, "queue") | {
        "proposals": waiting,
        "open": selectors.open_decisions(access=access),
        "kinds": KINDS,
    }
    return render(request, "strategy/proposals.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, product_key: str, proposal_id: int) -> HttpResponse:
    access = access_for(request, product_key)
    from django.contrib import messages

    if request.POST.get("answer") == "accept":
        services.proposal_accept(access=access, proposal_id=proposal_id)
        message = "Accepted and applied."
    else:
        services.proposal_decline(
            access=access, proposal_id=proposal_id, reason=request.POST.get("reason", "")
        )
        message = "Declined."
    if request.headers.get("HX-Request"):
        # The card leaves the queue; the rest of the page stays as it is.
        return htmx_response(toast(request, message))
    messages.success(request, message)
    return back(request, reverse("strategy:proposals", args=[product_key]))


@login_required
@require_GET
def archived(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_for(request, product_key)
    groups = [
        (kind, list(selectors.records_of(access=access, kind=kind.name, archived=True)[:100]))
        for kind in KINDS.values()
    ]
    context = base_context(access, "archived") | {"groups": [g for g in groups if g[1]]}
    return render(request, "strategy/archived.html", context)


__all__ = ["current_user"]
