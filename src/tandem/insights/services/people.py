"""Stakeholders, customers and the people of customers: records the PM and PO keep."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from tandem.backlog.models import Item
from tandem.strategy.models import Initiative
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.records import (
    check_version,
    clean_choice,
    clean_int,
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
    CustomerStatus,
    Stakeholder,
    StakeholderKind,
)

STAKEHOLDER_FIELDS = ("name", "email", "kind", "role", "team", "influence", "interest", "notes")
CUSTOMER_FIELDS = ("name", "segment", "plan", "mrr", "status")
PERSON_FIELDS = ("name", "email", "title")


def stakeholder_snapshot(s: Stakeholder) -> dict[str, Any]:
    return {f: getattr(s, f) for f in STAKEHOLDER_FIELDS}


def customer_snapshot(c: Customer) -> dict[str, Any]:
    return {f: str(c.mrr) if f == "mrr" else getattr(c, f) for f in CUSTOMER_FIELDS}


def person_snapshot(p: CustomerPerson) -> dict[str, Any]:
    return {f: getattr(p, f) for f in PERSON_FIELDS} | {"customer": p.customer_id}


def _clean_stakeholder(changes: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = unknown_fields(changes, STAKEHOLDER_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            clean[name] = clean_text(errors, name, value, limit=200, required=True)
        elif name == "email":
            clean[name] = clean_text(errors, name, value, limit=254)
            if clean[name] and "@" not in clean[name]:
                errors[name] = "is not an e-mail address"
        elif name == "kind":
            clean[name] = clean_choice(errors, name, value, StakeholderKind.values)
        elif name in ("role", "team"):
            clean[name] = clean_text(errors, name, value, limit=100)
        elif name in ("influence", "interest"):
            clean[name] = clean_int(errors, name, value, low=1, high=5)
        elif name == "notes":
            clean[name] = clean_text(errors, name, value, limit=5000)
    if creating and "name" not in changes:
        errors["name"] = "is required"
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def stakeholder_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Stakeholder:
    access.require(Action.FEEDBACK, Level.EDIT)
    stakeholder = Stakeholder(
        product=access.product,
        created_by=access.user,
        **_clean_stakeholder(fields, creating=True),
    )
    stakeholder.save()
    created(
        access=access,
        record=stakeholder,
        object_type="stakeholder",
        snapshot=stakeholder_snapshot,
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    access: ProductAccess,
    stakeholder: Stakeholder,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Stakeholder:
    access.require(Action.FEEDBACK, Level.EDIT)
    stakeholder = locked(Stakeholder, stakeholder.pk, product=access.product)
    check_version(stakeholder, expected_version, stakeholder_snapshot)
    require_live(stakeholder, "stakeholder")
    clean = _clean_stakeholder(changes, creating=False)
    save_changes(
        access=access,
        record=stakeholder,
        clean=clean,
        object_type="stakeholder",
        snapshot=stakeholder_snapshot,
    )
    return stakeholder


@transaction.atomic
def stakeholder_follow(
    *,
    access: ProductAccess,
    stakeholder: Stakeholder,
    item_keys: Sequence[str] = (),
    initiative_ids: Sequence[int] = (),
) -> Stakeholder:
    """Set what a stakeholder follows: the items and initiatives their digest reports on."""
    access.require(Action.FEEDBACK, Level.EDIT)
    stakeholder = locked(Stakeholder, stakeholder.pk, product=access.product)
    require_live(stakeholder, "stakeholder")
    items = _items_by_key(access, item_keys)
    initiatives = list(
        Initiative.objects.filter(
            product=access.product, pk__in=list(initiative_ids), archived_at__isnull=True
        )
    )
    missing = set(initiative_ids) - {i.pk for i in initiatives}
    if missing:
        raise ValidationFailed({"initiatives": f"no initiative {sorted(missing)[0]} here"})
    before = {
        "items": sorted(i.key for i in stakeholder.followed_items.select_related("product")),
        "initiatives": sorted(stakeholder.followed_initiatives.values_list("pk", flat=True)),
    }
    stakeholder.followed_items.set(items)
    stakeholder.followed_initiatives.set(initiatives)
    stakeholder.version += 1
    stakeholder.save(update_fields=["version"])
    record_event(
        actor=access.user,
        product=access.product,
        verb="stakeholder.follows",
        object_type="stakeholder",
        object_id=stakeholder.pk,
        object_label=str(stakeholder),
        before=before,
        after={
            "items": sorted(i.key for i in items),
            "initiatives": sorted(i.pk for i in initiatives),
        },
    )
    return stakeholder


def _items_by_key(access: ProductAccess, keys: Sequence[str]) -> list[Item]:
    numbers: dict[int, str] = {}
    for key in keys:
        prefix, _, number = key.strip().upper().rpartition("-")
        if prefix != access.product.key or not number.isdigit():
            raise ValidationFailed({"items": f"{key} is not an item of {access.product.key}"})
        numbers[int(number)] = key
    items = list(
        Item.objects.filter(
            product=access.product, number__in=list(numbers), archived_at__isnull=True
        ).select_related("product")
    )
    found = {i.number for i in items}
    for wanted, given in numbers.items():
        if wanted not in found:
            raise ValidationFailed({"items": f"{given} is not an item of {access.product.key}"})
    return items


@transaction.atomic
def stakeholder_archive(*, access: ProductAccess, stakeholder: Stakeholder) -> Stakeholder:
    access.require(Action.FEEDBACK, Level.EDIT)
    stakeholder = locked(Stakeholder, stakeholder.pk, product=access.product)
    set_archived(access=access, record=stakeholder, archived=True, object_type="stakeholder")
    return stakeholder


@transaction.atomic
def stakeholder_restore(*, access: ProductAccess, stakeholder: Stakeholder) -> Stakeholder:
    access.require(Action.FEEDBACK, Level.EDIT)
    stakeholder = locked(Stakeholder, stakeholder.pk, product=access.product)
    set_archived(access=access, record=stakeholder, archived=False, object_type="stakeholder")
    return stakeholder


# --- customers -----------------------------------------------------------------------------


def clean_money(errors: dict[str, str], name: str, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "") or "0")
    except InvalidOperation:
        errors[name] = "must be an amount like 1200 or 1200.50"
        return Decimal("0")
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        errors[name] = "must be an amount from 0 to 9,999,999,999"
        return Decimal("0")
    return amount.quantize(Decimal("0.01"))


def _clean_customer(changes: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = unknown_fields(changes, CUSTOMER_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "name":
            clean[name] = clean_text(errors, name, value, limit=200, required=True)
        elif name in ("segment", "plan"):
            clean[name] = clean_text(errors, name, value, limit=100)
        elif name == "mrr":
            clean[name] = clean_money(errors, name, value)
        elif name == "status":
            clean[name] = clean_choice(errors, name, value, CustomerStatus.values)
    if creating and "name" not in changes:
        errors["name"] = "is required"
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def customer_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Customer:
    access.require(Action.FEEDBACK, Level.EDIT)
    customer = Customer(
        product=access.product, created_by=access.user, **_clean_customer(fields, creating=True)
    )
    customer.save()
    created(access=access, record=customer, object_type="customer", snapshot=customer_snapshot)
    return customer


@transaction.atomic
def customer_update(
    *,
    access: ProductAccess,
    customer: Customer,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Customer:
    access.require(Action.FEEDBACK, Level.EDIT)
    customer = locked(Customer, customer.pk, product=access.product)
    check_version(customer, expected_version, customer_snapshot)
    require_live(customer, "customer")
    save_changes(
        access=access,
        record=customer,
        clean=_clean_customer(changes, creating=False),
        object_type="customer",
        snapshot=customer_snapshot,
    )
    return customer


@transaction.atomic
def customer_archive(*, access: ProductAccess, customer: Customer) -> Customer:
    access.require(Action.FEEDBACK, Level.EDIT)
    customer = locked(Customer, customer.pk, product=access.product)
    set_archived(access=access, record=customer, archived=True, object_type="customer")
    return customer


@transaction.atomic
def customer_restore(*, access: ProductAccess, customer: Customer) -> Customer:
    access.require(Action.FEEDBACK, Level.EDIT)
    customer = locked(Customer, customer.pk, product=access.product)
    set_archived(access=access, record=customer, archived=False, object_type="customer")
    return customer


def _clean_person(changes: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = unknown_fields(changes, PERSON_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        limit = {"name": 200, "email": 254, "title": 100}[name] if name in PERSON_FIELDS else 0
        if limit:
            clean[name] = clean_text(errors, name, value, limit=limit, required=name == "name")
    if clean.get("email") and "@" not in clean["email"]:
        errors["email"] = "is not an e-mail address"
    if creating and "name" not in changes:
        errors["name"] = "is required"
    if errors:
        raise ValidationFailed(errors)
    return clean


@transaction.atomic
def person_add(
    *, access: ProductAccess, customer: Customer, fields: Mapping[str, Any]
) -> CustomerPerson:
    access.require(Action.FEEDBACK, Level.EDIT)
    customer = locked(Customer, customer.pk, product=access.product)
    require_live(customer, "customer")
    person = CustomerPerson(
        customer=customer, created_by=access.user, **_clean_person(fields, creating=True)
    )
    person.save()
    created(access=access, record=person, object_type="customer_person", snapshot=person_snapshot)
    return person


@transaction.atomic
def person_update(
    *,
    access: ProductAccess,
    person: CustomerPerson,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> CustomerPerson:
    access.require(Action.FEEDBACK, Level.EDIT)
    person = locked(CustomerPerson, person.pk, customer__product=access.product)
    check_version(person, expected_version, person_snapshot)
    require_live(person, "person")
    save_changes(
        access=access,
        record=person,
        clean=_clean_person(changes, creating=False),
        object_type="customer_person",
        snapshot=person_snapshot,
    )
    return person


@transaction.atomic
def person_archive(*, access: ProductAccess, person: CustomerPerson) -> CustomerPerson:
    access.require(Action.FEEDBACK, Level.EDIT)
    person = locked(CustomerPerson, person.pk, customer__product=access.product)
    set_archived(access=access, record=person, archived=True, object_type="customer_person")
    return person


@transaction.atomic
def person_restore(*, access: ProductAccess, person: CustomerPerson) -> CustomerPerson:
    access.require(Action.FEEDBACK, Level.EDIT)
    person = locked(CustomerPerson, person.pk, customer__product=access.product)
    set_archived(access=access, record=person, archived=False, object_type="customer_person")
    return person
