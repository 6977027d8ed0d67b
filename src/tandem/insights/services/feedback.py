"""Feedback: adding it (web, API, CSV), linking it to what it argues for, and triaging it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item, Kind
from tandem.strategy.models import Initiative
from tandem.workspace import csv_import
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.records import (
    check_version,
    clean_choice,
    clean_text,
    created,
    locked,
    require_live,
    save_changes,
    set_archived,
    unknown_fields,
)
from tandem.workspace.rights import Action, Level

from ..models import (
    Customer,
    CustomerPerson,
    Feedback,
    FeedbackKind,
    FeedbackLink,
    FeedbackState,
    Importance,
    Sentiment,
    Source,
)

FEEDBACK_FIELDS = (
    "text",
    "source",
    "customer",
    "person",
    "received_on",
    "kind",
    "sentiment",
)
IMPORT_FIELDS = FEEDBACK_FIELDS
TEXT_LIMIT = 20_000


def feedback_snapshot(f: Feedback) -> dict[str, Any]:
    return {
        "text": f.text,
        "source": f.source,
        "customer": f.customer_id,
        "person": f.person_id,
        "received_on": f.received_on.isoformat() if f.received_on else None,
        "kind": f.kind,
        "sentiment": f.sentiment,
        "state": f.state,
        "duplicate_of": f.duplicate_of_id,
    }


def _clean_date(errors: dict[str, str], name: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors[name] = f"must be a date like 2025-03-31, got {text!r}"
        return timezone.localdate()


class _Directory:
    """The product's customers and their people, read once, for cleaning many rows."""

    def __init__(self, access: ProductAccess) -> None:
        self.customers = list(Customer.objects.filter(product=access.product))
        self._people: list[CustomerPerson] | None = None
        self.access = access

    @property
    def people(self) -> list[CustomerPerson]:
        if self._people is None:
            self._people = list(
                CustomerPerson.objects.filter(customer__product=self.access.product)
            )
        return self._people

    def customer(self, value: Any) -> Customer | None:
        if isinstance(value, Customer):
            return value if value.product_id == self.access.product.pk else None
        text = str(value).strip()
        for c in self.customers:
            if c.archived_at is None and (str(c.pk) == text or c.name.lower() == text.lower()):
                return c
        return None

    def person(self, value: Any, customer: Customer | None) -> CustomerPerson | None:
        if isinstance(value, CustomerPerson):
            candidates = [p for p in self.people if p.pk == value.pk]
        else:
            text = str(value).strip().lower()
            candidates = [
                p
                for p in self.people
                if p.archived_at is None and text in (str(p.pk), p.name.lower(), p.email.lower())
            ]
        if customer is not None:
            candidates = [p for p in candidates if p.customer_id == customer.pk]
        return candidates[0] if candidates else None


def _clean_feedback(
    directory: _Directory,
    changes: Mapping[str, Any],
    *,
    creating: bool,
    current_customer: Customer | None = None,
    complain: Callable[[str, str], None] | None = None,
) -> dict[str, Any]:
    errors = unknown_fields(changes, FEEDBACK_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "text":
            clean[name] = clean_text(errors, name, value, limit=TEXT_LIMIT, required=True)
        elif name == "source":
            clean[name] = clean_choice(errors, name, value or Source.OTHER, Source.values)
        elif name == "kind":
            clean[name] = clean_choice(errors, name, value, FeedbackKind.values, blank=True)
        elif name == "sentiment":
            clean[name] = clean_choice(errors, name, value, Sentiment.values, blank=True)
        elif name == "received_on":
            clean[name] = (
                _clean_date(errors, name, value)
                if value not in (None, "")
                else timezone.localdate()
            )
        elif name == "customer":
            clean[name] = None
            if value not in (None, ""):
                clean[name] = directory.customer(value)
                if clean[name] is None:
                    errors[name] = f"no customer {value!r} in {directory.access.product.key}"
    customer = clean.get("customer", current_customer)
    if changes.get("person") not in (None, ""):
        clean["person"] = directory.person(changes["person"], customer)
        if clean["person"] is None:
            errors["person"] = f"no person {changes['person']!r} at that customer"
        elif customer is None:
            clean["customer"] = next(
                c for c in directory.customers if c.pk == clean["person"].customer_id
            )
    elif "person" in changes:
        clean["person"] = None
    if creating and not str(changes.get("text") or "").strip():
        errors["text"] = "is required"
    if complain is not None:
        for name, message in errors.items():
            complain(name, message)
        return clean
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def feedback_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Feedback:
    """Anyone who may add feedback records what a customer said; it lands in the inbox."""
    access.require(Action.FEEDBACK, Level.ADD)
    clean = _clean_feedback(_Directory(access), fields, creating=True)
    feedback = Feedback(product=access.product, created_by=access.user, **clean)
    feedback.save()
    created(access=access, record=feedback, object_type="feedback", snapshot=feedback_snapshot)
    return feedback


@transaction.atomic
def feedback_update(
    *,
    access: ProductAccess,
    feedback: Feedback,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Feedback:
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    check_version(feedback, expected_version, feedback_snapshot)
    require_live(feedback, "feedback")
    clean = _clean_feedback(
        _Directory(access), changes, creating=False, current_customer=feedback.customer
    )
    if "kind" in clean and clean["kind"] and feedback.state == FeedbackState.NEW:
        clean["state"] = FeedbackState.TRIAGED
    save_changes(
        access=access,
        record=feedback,
        clean=clean,
        object_type="feedback",
        snapshot=feedback_snapshot,
    )
    return feedback


def _link_target(
    access: ProductAccess, item_key: str | None, initiative_id: int | None
) -> tuple[Item | None, Initiative | None]:
    if bool(item_key) == bool(initiative_id):
        raise ValidationFailed({"target": "name either an item or an initiative"})
    if item_key:
        prefix, _, number = item_key.strip().upper().rpartition("-")
        item = (
            Item.objects.filter(
                product=access.product,
                number=int(number) if number.isdigit() else -1,
                archived_at__isnull=True,
            )
            .select_related("product")
            .first()
            if prefix == access.product.key
            else None
        )
        if item is None:
            raise ValidationFailed({"item": f"{item_key} is not a live item of this product"})
        return item, None
    initiative = Initiative.objects.filter(
        product=access.product, pk=initiative_id or 0, archived_at__isnull=True
    ).first()
    if initiative is None:
        raise ValidationFailed({"initiative": "no such initiative in this product"})
    return None, initiative


@transaction.atomic
def feedback_link(
    *,
    access: ProductAccess,
    feedback: Feedback,
    item_key: str | None = None,
    initiative_id: int | None = None,
    importance: int = Importance.IMPORTANT,
) -> FeedbackLink:
    """Link feedback to what it argues for; linking again updates the importance.

    Linking is triage: feedback still in the inbox leaves it.
    """
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    require_live(feedback, "feedback")
    if importance not in Importance.values:
        raise ValidationFailed({"importance": "must be 1 (nice), 2 (important) or 3 (critical)"})
    item, initiative = _link_target(access, item_key, initiative_id)
    link = FeedbackLink.objects.filter(feedback=feedback, item=item, initiative=initiative).first()
    if link is None:
        link = FeedbackLink(feedback=feedback, item=item, initiative=initiative)
    link.importance = importance
    link.archived_at = None
    link.created_by = link.created_by or access.user
    link.save()
    if feedback.state == FeedbackState.NEW:
        feedback.state = FeedbackState.TRIAGED
    feedback.version += 1
    feedback.updated_at = timezone.now()
    feedback.save(update_fields=["state", "version", "updated_at"])
    target = item.key if item else f"initiative {initiative.pk}"  # type: ignore[union-attr]
    record_event(
        actor=access.user,
        product=access.product,
        verb="feedback.linked",
        object_type="feedback",
        object_id=feedback.pk,
        object_label=str(feedback),
        after={"target": target, "importance": importance},
    )
    if item is not None:
        record_event(
            actor=access.user,
            product=access.product,
            verb="item.feedback_linked",
            object_type="item",
            object_id=item.pk,
            object_label=str(item),
            after={"feedback": feedback.pk, "importance": importance},
        )
    return link


@transaction.atomic
def feedback_unlink(*, access: ProductAccess, link: FeedbackLink) -> FeedbackLink:
    """Remove a link softly: linking the same pair again brings it back."""
    access.require(Action.FEEDBACK, Level.EDIT)
    found = (
        FeedbackLink.objects.select_for_update(of=("self",))
        .filter(pk=link.pk, feedback__product=access.product)
        .select_related("feedback", "item__product")
        .first()
    )
    if found is None:
        raise NotFound("No such link.")
    link = found
    if link.archived_at is None:
        link.archived_at = timezone.now()
        link.save(update_fields=["archived_at"])
        record_event(
            actor=access.user,
            product=access.product,
            verb="feedback.unlinked",
            object_type="feedback",
            object_id=link.feedback_id,
            object_label=str(link.feedback),
            before={"target": link.item.key if link.item else f"initiative {link.initiative_id}"},
        )
    return link


@transaction.atomic
def feedback_create_item(
    *, access: ProductAccess, feedback: Feedback, title: str, kind: str = ""
) -> Item:
    """Turn feedback into a new backlog item (a bug for a bug report, else a story) and link it."""
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    require_live(feedback, "feedback")
    kind = kind or (Kind.BUG if feedback.kind == FeedbackKind.BUG else Kind.STORY)
    item = backlog_services.item_create(
        access=access,
        fields={
            "title": title or feedback.excerpt[:200],
            "kind": kind,
            "description": feedback.text,
        },
    )
    feedback_link(access=access, feedback=feedback, item_key=item.key)
    return item


@transaction.atomic
def feedback_mark_duplicate(
    *, access: ProductAccess, feedback: Feedback, original: Feedback
) -> Feedback:
    """A duplicate leaves the inbox and stops counting as separate demand."""
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    require_live(feedback, "feedback")
    if original.product_id != access.product.pk or original.is_archived:
        raise ValidationFailed({"duplicate_of": "no such live feedback in this product"})
    if original.pk == feedback.pk:
        raise ValidationFailed({"duplicate_of": "feedback cannot duplicate itself"})
    if original.duplicate_of_id == feedback.pk:
        raise ValidationFailed({"duplicate_of": "that feedback is already a duplicate of this one"})
    save_changes(
        access=access,
        record=feedback,
        clean={"state": FeedbackState.DUPLICATE, "duplicate_of": original},
        object_type="feedback",
        snapshot=feedback_snapshot,
    )
    return feedback


@transaction.atomic
def feedback_archive(*, access: ProductAccess, feedback: Feedback) -> Feedback:
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    set_archived(access=access, record=feedback, archived=True, object_type="feedback")
    return feedback


@transaction.atomic
def feedback_restore(*, access: ProductAccess, feedback: Feedback) -> Feedback:
    access.require(Action.FEEDBACK, Level.EDIT)
    feedback = locked(Feedback, feedback.pk, product=access.product)
    set_archived(access=access, record=feedback, archived=False, object_type="feedback")
    return feedback


# --- CSV import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportPreview:
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    columns: dict[str, int]
    count: int


def _check_import(
    access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> tuple[csv_import.CsvTable, dict[str, int], list[dict[str, Any]]]:
    table = csv_import.read_csv(data, filename=filename)
    columns = csv_import.resolve_mapping(table, mapping, required=("text",), known=IMPORT_FIELDS)
    directory = _Directory(access)

    def check(values: dict[str, str], complain: Callable[[str, str], None]) -> dict[str, Any]:
        return _clean_feedback(directory, values, creating=True, complain=complain)

    rows = csv_import.check_rows(table, columns, check, filename=filename)
    return table, columns, rows


def feedback_import_preview(
    *, access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> ImportPreview:
    """Read and check the file without writing: the first rows and the mapping that applies."""
    access.require(Action.FEEDBACK, Level.ADD)
    table, columns, rows = _check_import(access, data, mapping, filename)
    return ImportPreview(
        header=table.header, rows=table.preview(), columns=columns, count=len(rows)
    )


@transaction.atomic
def feedback_import(
    *, access: ProductAccess, data: bytes | str, mapping: Mapping[str, str], filename: str
) -> list[Feedback]:
    """Every row or none: a single bad line refuses the whole file, naming line and field."""
    access.require(Action.FEEDBACK, Level.ADD)
    _, _, rows = _check_import(access, data, mapping, filename)
    now = timezone.now()
    records = Feedback.objects.bulk_create(
        Feedback(
            product=access.product, created_by=access.user, created_at=now, updated_at=now, **row
        )
        for row in rows
    )
    record_event(
        actor=access.user,
        product=access.product,
        verb="feedback.imported",
        object_type="feedback",
        object_id=records[0].pk if records else 0,
        object_label=f"{len(records)} feedback records from {filename}"[:300],
        after={"count": len(records), "file": filename},
    )
    return records
