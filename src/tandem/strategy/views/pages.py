"""The strategy pages: strategy overview, roadmap, market, decisions, costs, the PM's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.workspace import proposals as proposal_services
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.http import access_of, current_user, form_version, htmx_response, toast

from .. import extensions, selectors, services, timeline
from ._common import back, base_context

NEW_SHARE = "strategy.new_roadmap_share"


@login_required
@require_GET
def index(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    work = extensions.work(access)
    context = base_context(access, "strategy") | {
        "vision": selectors.vision_of(access.product),
        "objectives": selectors.objectives_overview(access=access),
        "alignment": selectors.alignment(access=access, work=work),
        "progress": work.by_initiative,
    }
    return render(request, "strategy/index.html", context)


def _roadmap_context(request: HttpRequest, product_key: str) -> dict[str, object]:
    access = access_of(request, product_key)
    work = extensions.work(access)
    zoom = timeline.parse_zoom(request.GET.get("zoom"))
    return base_context(access, "roadmap") | {
        "columns": selectors.roadmap_columns(access=access, work=work),
        "timeline": selectors.timeline(access=access, work=work, zoom=zoom),
        "zooms": timeline.ZOOMS,
        "setting": timeline.setting_of(access.product),
        "shares": selectors.shares_of(access=access),
        # A new link's secret is shown once, to the person who made it, then forgotten.
        "new_share": request.session.pop(NEW_SHARE, None),
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
    access = access_of(request, product_key)

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


@login_required
@require_POST
def roadmap_setting(request: HttpRequest, product_key: str) -> HttpResponse:
    """The PM's "horizon follows dates" switch and how far ahead "next" reaches."""
    access = access_of(request, product_key)
    raw = request.POST.get("next_within_months", "").strip()
    if not raw.isdigit() or len(raw) > 3:
        raise ValidationFailed({"next_within_months": "must be a whole number from 1 to 36"})
    services.roadmap_setting_update(
        access=access,
        horizon_follows_dates=request.POST.get("horizon_follows_dates") == "on",
        next_within_months=int(raw),
        expected_version=form_version(request.POST),
    )
    messages.success(request, "Roadmap setting saved.")
    return back(request, reverse("strategy:roadmap", args=[product_key]) + "#roadmap-setting")


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
        "timeline": selectors.timeline(
            access=access, work=work, zoom=timeline.parse_zoom(request.GET.get("zoom"))
        ),
        "zooms": timeline.ZOOMS,
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
    access = access_of(request, product_key)
    share, secret = services.share_create(access=access, label=request.POST.get("label", ""))
    url = request.build_absolute_uri(reverse("strategy:shared", args=[secret]))
    request.session[NEW_SHARE] = {"label": share.label or "Roadmap link", "url": url}
    return back(request, reverse("strategy:roadmap", args=[product_key]) + "#sharing")


@login_required
@require_POST
def share_revoke(request: HttpRequest, product_key: str, share_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    services.share_revoke(access=access, share_id=share_id)
    return back(request, reverse("strategy:roadmap", args=[product_key]) + "#sharing")


@login_required
@require_GET
def market(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
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
    access = access_of(request, product_key)
    context = base_context(access, "decisions") | {
        "open": selectors.open_decisions(access=access),
        "log": selectors.records_of(access=access, kind="decision").filter(status="decided"),
    }
    return render(request, "strategy/decisions.html", context)


@login_required
@require_POST
def decision_escalate(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    services.decision_escalate(
        access=access,
        title=request.POST.get("title", ""),
        context=request.POST.get("context", ""),
        options=request.POST.get("options", ""),
    )
    return _back_to_decisions(
        request, product_key, "The question is in the Product Manager's queue."
    )


@login_required
@require_POST
def decision_decide(request: HttpRequest, product_key: str, record_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    services.decision_decide(
        access=access,
        decision_id=record_id,
        outcome=request.POST.get("outcome", ""),
        level=request.POST.get("level") or None,
        expected_version=form_version(request.POST),
    )
    return _back_to_decisions(request, product_key, "Decided and logged.")


def _back_to_decisions(request: HttpRequest, product_key: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return back(request, reverse("strategy:decisions", args=[product_key]))


@login_required
@require_GET
def costs(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    context = base_context(access, "costs") | {
        "summary": selectors.cost_summary(access=access),
        "lines": selectors.records_of(access=access, kind="cost_line"),
    }
    return render(request, "strategy/costs.html", context)


@login_required
@require_GET
def proposals(request: HttpRequest, product_key: str) -> HttpResponse:
    """The Product Manager's queue: strategy proposals and escalated questions."""
    access = access_of(request, product_key)
    context = base_context(access, "queue") | {
        "proposals": selectors.pending_proposals(access=access),
        "open": selectors.open_decisions(access=access),
    }
    return render(request, "strategy/proposals.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, product_key: str, proposal_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    from django.contrib import messages

    if request.POST.get("answer") == "accept":
        proposal_services.proposal_accept(
            access=access,
            proposal_id=proposal_id,
            confirmed_version=form_version(request.POST, "confirmed_version"),
        )
        message = "Accepted and applied."
    else:
        proposal_services.proposal_decline(
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
    access = access_of(request, product_key)
    groups = [
        (kind, list(selectors.records_of(access=access, kind=kind.name, archived=True)[:100]))
        for kind in selectors.strategy_types()
    ]
    context = base_context(access, "archived") | {"groups": [g for g in groups if g[1]]}
    return render(request, "strategy/archived.html", context)


__all__ = ["current_user"]
