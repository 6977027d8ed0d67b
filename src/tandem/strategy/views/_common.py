"""What every strategy page shares: the caller's rights and the section tabs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tandem.workspace.access import ProductAccess
from tandem.workspace.rights import Action, Level
from tandem.workspace.writes import Outcome

from ..models import Support


@dataclass(frozen=True)
class Rights:
    """What the pages offer; the services check again on every write."""

    decide: bool  # the PM: vision, objectives, roadmap, market, costs, strategic decisions
    propose: bool  # the PO: the same, as proposals
    tactical: bool  # record a tactical decision directly (the PO)
    escalate: bool  # put a question in the PM's queue
    check_in: bool

    @classmethod
    def of(cls, access: ProductAccess) -> Rights:
        return cls(
            decide=access.can(Action.ROADMAP, Level.DECIDE)
            and access.can(Action.STRATEGY, Level.DECIDE),
            propose=access.can(Action.ROADMAP, Level.PROPOSE),
            tactical=access.can(Action.BACKLOG, Level.DECIDE),
            escalate=access.can(Action.BACKLOG, Level.PROPOSE),
            check_in=access.can(Action.STRATEGY, Level.PROPOSE),
        )


def base_context(access: ProductAccess, tab: str) -> dict[str, Any]:
    return {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "tab": tab,
        "support_choices": Support.choices,
    }


def say(request: HttpRequest, outcome: Outcome, done: str) -> None:
    if outcome.proposal is not None:
        messages.info(request, "Sent to the Product Manager as a proposal.")
    else:
        messages.success(request, done)


def back(request: HttpRequest, url: str) -> HttpResponse:
    return redirect(request.POST.get("next") or url)
