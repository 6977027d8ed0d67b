"""The sprint review: who came, what the stakeholders said, and the PO's verdicts.

Only the Product Owner accepts or rejects a done item (the rights table's
*accept* row). A rejected item goes back to the backlog with the reason as a
comment; an item with a failing or unrun test case is accepted only when the
PO says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Status
from tandem.delivery.models import Acceptance, Sprint, SprintReview, Verdict
from tandem.delivery.selectors.testing import open_test_cases
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import caller_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.models import Membership, User
from tandem.workspace.records import check_version
from tandem.workspace.rights import Action, Level

from ._common import clean_text, raise_if
from .release_common import live

__all__ = ["item_accept", "item_reject", "review_snapshot", "review_update"]


def review_snapshot(review: SprintReview) -> dict[str, Any]:
    return {
        "held_on": review.held_on.isoformat() if review.held_on else None,
        "attendees": sorted(u.email for u in review.attendees.all()) if review.pk else [],
        "feedback": review.feedback,
    }


def _sprint(access: ProductAccess, sprint_id: int | None) -> Sprint | None:
    if sprint_id is None:
        return None
    return live(access, Sprint, sprint_id, "sprint")


def _members(access: ProductAccess, errors: dict[str, str], emails: Sequence[str]) -> list[User]:
    wanted = {e.strip().lower() for e in emails if e.strip()}
    users = list(
        User.objects.filter(
            email__in=wanted,
            pk__in=Membership.objects.filter(product=access.product).values("user_id"),
        )
    )
    unknown = wanted - {u.email for u in users}
    if unknown:
        errors["attendees"] = f"not members of {access.product.key}: {', '.join(sorted(unknown))}"
    return users


@transaction.atomic
def review_update(
    *,
    access: ProductAccess,
    sprint_id: int,
    attendees: Sequence[str] | None = None,
    feedback: str | None = None,
    held_on: dt.date | None = None,
    expected_version: int | None,
) -> SprintReview:
    """Record the review's attendees (members, by e-mail) and the stakeholders' feedback."""
    access.require(Action.SPRINT, Level.DECIDE)
    sprint = _sprint(access, sprint_id)
    assert sprint is not None
    review, created = SprintReview.objects.select_for_update().get_or_create(sprint=sprint)
    if not created:
        check_version(review, expected_version, review_snapshot, label="The review")
    errors: dict[str, str] = {}
    people = _members(access, errors, attendees) if attendees is not None else None
    text = clean_text(errors, "feedback", feedback, limit=20_000) if feedback is not None else None
    raise_if(errors)
    before = review_snapshot(review)
    if text is not None:
        review.feedback = text
    if held_on is not None:
        review.held_on = held_on
    if not created:
        review.version += 1
    review.updated_by = access.user
    review.updated_at = timezone.now()
    review.save()
    if people is not None:
        review.attendees.set(people)
    caller_event(
        access,
        "review.updated",
        sprint.pk,
        f"Review of {sprint.name}",
        object_type="sprint",
        before=before,
        after=review_snapshot(review),
    )
    return review


def _judged(access: ProductAccess, item: Item, sprint_id: int | None) -> Sprint | None:
    """The PO's verdict on an item of the product; the sprint it was reviewed in, if named."""
    access.require(Action.ACCEPT, Level.DECIDE)
    if item.product_id != access.product.pk:
        raise NotFound("No such item.")
    return _sprint(access, sprint_id)


@transaction.atomic
def item_accept(
    *,
    access: ProductAccess,
    item: Item,
    expected_version: int | None,
    sprint_id: int | None = None,
    override_reason: str = "",
) -> Acceptance:
    """Accept a done item; failing or unrun test cases need ``override_reason``."""
    sprint = _judged(access, item, sprint_id)
    errors: dict[str, str] = {}
    override = clean_text(errors, "override_reason", override_reason, limit=2000)
    raise_if(errors)
    still_open = open_test_cases(item_id=item.pk)
    if still_open and not override:
        titles = "; ".join(case.title for case in still_open[:3])
        raise ValidationFailed(
            {
                "override_reason": f"{len(still_open)} test case(s) failing or not run"
                f" ({titles}); run them, or give a reason to accept anyway"
            }
        )
    outcome = backlog_services.item_update(
        access=access,
        item=item,
        changes={"status": Status.ACCEPTED},
        expected_version=expected_version,
    )
    acceptance = Acceptance.objects.create(
        product=access.product,
        item=outcome.item,
        sprint=sprint,
        decision=Verdict.ACCEPTED,
        override_reason=override if still_open else "",
        open_cases=len(still_open),
        decided_by=access.user,
    )
    caller_event(
        access,
        "item.accepted",
        item.pk,
        str(outcome.item),
        after={
            "sprint": sprint.name if sprint else None,
            "open_cases": len(still_open),
            "override_reason": acceptance.override_reason,
        },
    )
    return acceptance


@transaction.atomic
def item_reject(
    *,
    access: ProductAccess,
    item: Item,
    reason: str,
    expected_version: int | None,
    sprint_id: int | None = None,
) -> Acceptance:
    """Reject a done item: it returns to the backlog (ready or new), the reason a comment."""
    sprint = _judged(access, item, sprint_id)
    errors: dict[str, str] = {}
    why = clean_text(errors, "reason", reason, limit=2000, required=True)
    raise_if(errors)
    if item.status != Status.DONE:
        raise ValidationFailed({"status": "only a done item can be rejected"})
    back_to = Status.READY if item.is_ready else Status.NEW
    outcome = backlog_services.item_update(
        access=access, item=item, changes={"status": back_to}, expected_version=expected_version
    )
    backlog_services.comment_add(
        access=access, item=outcome.item, body=f"Rejected at the sprint review: {why}"
    )
    acceptance = Acceptance.objects.create(
        product=access.product,
        item=outcome.item,
        sprint=sprint,
        decision=Verdict.REJECTED,
        reason=why,
        open_cases=len(open_test_cases(item_id=item.pk)),
        decided_by=access.user,
    )
    caller_event(
        access,
        "item.rejected",
        item.pk,
        str(outcome.item),
        after={"sprint": sprint.name if sprint else None, "reason": why, "status": back_to},
    )
    return acceptance
