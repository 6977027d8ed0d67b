"""Propose and decide, once for every kind of record.

Someone whose level is *propose* does not get a refusal: their change becomes a
:class:`Proposal` in the decider's queue. The decider accepts it — the change is
carried out by the operation its record type registered, as the decider, in one
transaction — or declines it with a reason the proposer sees.

A proposal made from an older version of the record than the current one is
shown as such and must be re-confirmed against the current version: it never
silently overwrites what someone changed in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from .access import ProductAccess
from .audit import caller_event
from .errors import Conflict, NotFound, ValidationFailed
from .models import Proposal, ProposalStatus, User
from .registry import Record, RecordType, operation, plain, proposal_type, snapshot
from .rights import Action, Level
from .transactions import retrying

# How an operation reads in the audit log's verb: "item.change_proposed".
_VERB_NOUNS = {"update": "change"}


def propose(
    access: ProductAccess,
    spec: RecordType,
    operation_name: str,
    record: Record | None,
    payload: Mapping[str, Any],
    *,
    action: Action | None = None,
    note: str = "",
    label: str = "",
    base_values: Mapping[str, Any] | None = None,
    verb: str = "",
) -> Proposal:
    """Record a proposal for the decider's queue (inside the caller's transaction).

    ``base_values`` are the proposed fields' values as they stand, when the payload does not
    name them itself (by default, the record's values of the payload's names); ``verb`` is
    the audit verb, when the kind tells its proposals in words of its own.
    """
    operation(spec.name, operation_name)  # an unregistered operation is a programming error
    label = label or (spec.title_of(record) if record is not None else _label_of(payload))
    if base_values is None:
        state = snapshot(spec, record) if record is not None else defaults(spec)
        base_values = {name: state[name] for name in payload if name in state}
    proposal = Proposal.objects.create(
        product=access.product,
        record_type=spec.name,
        record_id=record.pk if record is not None else None,
        record_label=label[:300],
        operation=operation_name,
        payload=dict(payload),
        base_version=getattr(record, "version", None),
        base_values=dict(base_values),
        action=(action or spec.action_of(record, payload)).value,
        note=note.strip(),
        proposed_by=access.user,
    )
    caller_event(
        access,
        verb or f"{spec.name}.{_VERB_NOUNS.get(operation_name, operation_name)}_proposed",
        record.pk if record is not None else 0,
        proposal.record_label,
        after=dict(payload),
    )
    return proposal


def defaults(spec: RecordType) -> dict[str, Any]:
    """A new record's values before anyone writes: the base a proposed new record starts from."""
    fields = {f.name: f for f in spec.model._meta.get_fields()}
    return {
        name: plain(fields[name].get_default())  # type: ignore[union-attr]
        for name in spec.fields
        if name in fields and hasattr(fields[name], "get_default") and not fields[name].is_relation
    }


def _label_of(payload: Mapping[str, Any]) -> str:
    return str(payload.get("title") or payload.get("name") or "")


_Waiting = TypeVar("_Waiting", bound=Model)


def pending_proposal(
    proposals: QuerySet[_Waiting], access: ProductAccess, proposal_id: int
) -> _Waiting:
    """The proposal ``proposal_id`` of the caller's product among ``proposals``, locked for the
    decision, refused if it is not there or was already decided (every proposal table has
    ``product`` and a ``status`` with the values of :class:`ProposalStatus`)."""
    proposal = proposals.select_for_update().filter(pk=proposal_id, product=access.product).first()
    if proposal is None:
        raise NotFound("No such proposal.")
    status = proposal.status  # type: ignore[attr-defined]
    if status != ProposalStatus.PENDING:
        raise ValidationFailed({"status": f"this proposal was already {status}"})
    return proposal


def proposed_record(proposal: Proposal) -> Record | None:
    """The record the proposal changes as it now stands, or None (a new record, or gone)."""
    if proposal.record_id is None:
        return None
    spec = proposal_type(proposal.record_type)
    return spec.model._default_manager.filter(pk=proposal.record_id).first()


def conflicts(proposal: Proposal, record: Record | None) -> list[str]:
    """The proposed fields someone changed since the proposal was made.

    A change to other fields is no conflict: the proposal merges with it. An
    operation on the whole record (such as a move) conflicts with any change.
    """
    if record is None or not operation(proposal.record_type, proposal.operation).versioned:
        return []
    if proposal.base_values:
        now = snapshot(proposal_type(proposal.record_type), record)
        return sorted(
            name for name, then in proposal.base_values.items() if name in now and now[name] != then
        )
    if proposal.base_version is not None and record.version != proposal.base_version:
        return ["version"]
    return []


def is_outdated(proposal: Proposal, record: Record | None = None) -> bool:
    """The record changed after the proposal was made where it matters: look again."""
    return bool(conflicts(proposal, record if record is not None else proposed_record(proposal)))


class ProposalOutdated(Conflict):
    """Accepting would overwrite a change made after the proposal: re-confirm it first."""

    title = "Changed since proposed"


@retrying
def proposal_accept(
    *,
    access: ProductAccess,
    proposal_id: int,
    confirmed_version: int | None = None,
    reason: str = "",
) -> Proposal:
    """Carry the proposal out as the decider, then close it (``reason``: a word to the proposer).

    When the record changed since the proposal was made, the decider must send
    ``confirmed_version`` equal to the record's current version, having looked at
    both; otherwise this answers 409 with the current state.
    """
    proposal = pending_proposal(Proposal.objects.all(), access, proposal_id)
    access.require(Action(proposal.action), Level.DECIDE)
    spec = proposal_type(proposal.record_type)
    if proposal.operation == "create" and spec.singleton:
        # One live record per product: a proposed first one written since becomes an edit
        # of it, merged field by field like any other proposal.
        live = spec.scoped(access).filter(archived_at__isnull=True).first()
        if live is not None:
            proposal.record_id = live.pk
            proposal.operation = "update"
    if proposal.record_id is not None:
        record = (
            spec.scoped(access).select_for_update(of=("self",)).filter(pk=proposal.record_id)
        ).first()
        if record is None:
            raise ValidationFailed({"record": f"this {spec.label.lower()} is no longer here"})
        require_confirmation(proposal, spec, record, confirmed_version)
    result = operation(spec.name, proposal.operation).apply(access, proposal)
    if proposal.record_id is None and result is not None:
        proposal.record_id = result.pk
    _close(access, proposal, ProposalStatus.ACCEPTED, reason)
    return proposal


def require_confirmation(
    proposal: Proposal, spec: RecordType, record: Record, confirmed_version: int | None
) -> None:
    """Refuse to apply over a change made since the proposal, unless the decider confirmed."""
    changed = conflicts(proposal, record)
    if changed and confirmed_version != record.version:
        raise ProposalOutdated(
            f"{spec.label} {spec.title_of(record)!r} changed after this proposal was made "
            f"({', '.join(changed)}). Look at both, then accept again confirming version "
            f"{record.version}.",
            current=snapshot(spec, record) | {"id": record.pk, "version": record.version},
        )


@retrying
def proposal_decline(*, access: ProductAccess, proposal_id: int, reason: str = "") -> Proposal:
    proposal = pending_proposal(Proposal.objects.all(), access, proposal_id)
    access.require(Action(proposal.action), Level.DECIDE)
    declined = operation(proposal.record_type, proposal.operation).declined
    if declined is not None:
        declined(access, proposal)
    _close(access, proposal, ProposalStatus.DECLINED, reason)
    return proposal


class _Decidable(Protocol):
    status: str
    decided_by: Any
    decided_at: Any
    reason: str

    def save(self, *, update_fields: list[str]) -> None: ...


def mark_decided(
    proposal: _Decidable, access: ProductAccess, status: str, reason: str, *also: str
) -> None:
    """Save the caller's decision on ``proposal`` (any proposal table), with the columns
    ``also`` the decision changed."""
    proposal.status = status
    proposal.decided_by = access.user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason", *also])


def _close(access: ProductAccess, proposal: Proposal, status: str, reason: str) -> None:
    mark_decided(proposal, access, status, reason, "record_id", "operation")
    after: dict[str, Any] = {"proposal": proposal.pk}
    if proposal.reason:
        after["reason"] = proposal.reason
    caller_event(
        access,
        f"proposal.{status}",
        proposal.record_id or 0,
        proposal.record_label,
        object_type=proposal.record_type,
        after=after,
    )


# --- reads ------------------------------------------------------------------------------------


def decided_by_caller(access: ProductAccess) -> list[str]:
    """The rights-table rows this caller decides: their queue holds those proposals."""
    return [a.value for a in Action if access.can(a, Level.DECIDE)]


def queue(access: ProductAccess, *, record_types: list[str] | None = None) -> QuerySet[Proposal]:
    """Waiting proposals the caller decides, oldest first."""
    rows = Proposal.objects.filter(
        product=access.product,
        status=ProposalStatus.PENDING,
        action__in=decided_by_caller(access),
    )
    if record_types is not None:
        rows = rows.filter(record_type__in=record_types)
    return rows.select_related("proposed_by").order_by("created_at", "id")


def proposals_of(
    access: ProductAccess,
    *,
    record_types: list[str] | None = None,
    status: str | None = None,
) -> QuerySet[Proposal]:
    """Every proposal of the product (newest first), for anyone who may read the product."""
    rows = Proposal.objects.filter(product=access.product)
    if record_types is not None:
        rows = rows.filter(record_type__in=record_types)
    if status is not None:
        rows = rows.filter(status=status)
    return rows.select_related("proposed_by", "decided_by").order_by("-created_at", "-id")


def proposed_by(access: ProductAccess, *, user: User | None = None) -> QuerySet[Proposal]:
    """A proposer's own proposals and their outcomes, newest first."""
    return proposals_of(access).filter(proposed_by=user or access.user)


def pending_on(access: ProductAccess, spec: RecordType, record_id: int) -> QuerySet[Proposal]:
    return proposals_of(access, record_types=[spec.name], status=ProposalStatus.PENDING).filter(
        record_id=record_id
    )


def proposal_of(access: ProductAccess, proposal_id: int) -> Proposal:
    proposal = proposals_of(access).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound("No such proposal.")
    return proposal


# --- how a proposal reads in a queue ----------------------------------------------------------


@dataclass(frozen=True)
class DescribedProposal:
    proposal: Proposal
    kind_label: str
    lines: list[tuple[str, str]]
    conflicts: list[str]
    current_version: int | None
    record_url: str

    @property
    def pk(self) -> int:
        return self.proposal.pk


def described(proposal: Proposal) -> DescribedProposal:
    """The payload as people read it: field labels, names instead of ids, what changed since."""
    from . import forms

    spec = proposal_type(proposal.record_type)
    record = proposed_record(proposal) if proposal.is_pending else None
    lines: list[tuple[str, str]] = []
    for name, value in proposal.payload.items():
        if name not in spec.fields:
            lines.append((name.replace("_", " ").capitalize(), _plain_text(value)))
            continue
        kind = forms.widget(spec, name)
        text = _plain_text(value)
        if kind in (forms.CHOICE, forms.REF, forms.REFS) and value not in (None, "", []):
            names = dict(_option_names(spec, name, value))
            values = value if isinstance(value, list) else [value]
            text = ", ".join(names.get(str(v), str(v)) for v in values)
        lines.append((forms.label_of(spec, name), text or "–"))
    url = ""
    if proposal.record_id is not None and spec.url is None:
        from django.urls import NoReverseMatch, reverse

        try:
            url = reverse(
                "records:record",
                args=[proposal.product.key, spec.name.replace("_", "-"), proposal.record_id],
            )
        except NoReverseMatch:
            url = ""
    return DescribedProposal(
        proposal=proposal,
        kind_label=spec.label,
        lines=lines,
        conflicts=conflicts(proposal, record),
        current_version=getattr(record, "version", None),
        record_url=spec.url(record) if record is not None and spec.url is not None else url,
    )


def _option_names(spec: RecordType, name: str, value: Any) -> list[tuple[str, str]]:
    model_field = spec.model._meta.get_field(name)
    choices = getattr(model_field, "choices", None)
    if choices:
        return [(str(v), str(label)) for v, label in choices]
    related = model_field.related_model
    if not isinstance(related, type):
        return []
    ids = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, int)]
    return [(str(row.pk), str(row)) for row in related._default_manager.filter(pk__in=ids)]


def _plain_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
