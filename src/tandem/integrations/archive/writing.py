"""Write a checked archive into a new product: ids reserved per kind, every row inserted once."""

from __future__ import annotations

from typing import Any

from tandem.integrations.importers import rows
from tandem.workspace import onboarding
from tandem.workspace.models import Organization, Product, User
from tandem.workspace.registry import ExportKind, export_kinds

from .importing import Archive, generic_kind
from .shape import PRODUCT_SETTINGS, field_shapes, many_shapes


def write_archive(archive: Archive, *, organization: Organization, key: str) -> Product:
    listed = archive.manifest["product"]
    product = Product(organization=organization, key=key, name=str(listed["name"])[:200])
    for name in PRODUCT_SETTINGS:
        if listed.get(name) is not None:
            model_field: Any = Product._meta.get_field(name)
            setattr(product, name, model_field.to_python(listed[name]))
    product.save()
    people = _people(archive, organization)
    kinds = export_kinds()
    new_ids = {
        kind.label: dict(
            zip(
                (row["id"] for row in archive.records[kind.label]),
                rows.reserve_ids(kind.model, len(archive.records[kind.label])),
                strict=True,
            )
        )
        for kind in kinds
    }
    context = _Context(product, organization, people, new_ids)
    for kind in kinds:
        records = archive.records[kind.label]
        rows.insert(kind.model, (context.row(kind, r) for r in records), with_id=True)
        for many in many_shapes(kind):
            _insert_many(context, kind, many, records)
    return product


def _people(archive: Archive, organization: Organization) -> dict[str, int]:
    """Each e-mail's account: the existing one, else a new one without a password yet."""
    found = {u.email: u.pk for u in User.objects.filter(email__in=list(archive.people))}
    for email, name in sorted(archive.people.items()):
        if email not in found:
            found[email] = User.objects.create_user(email, password=None, name=name).pk
    members = {row.get("user") for row in archive.records.get("workspace.membership", []) if row}
    for email in sorted(e for e in members if isinstance(e, str)):
        onboarding.join(organization, User(pk=found[email]))
    return found


class _Context:
    def __init__(
        self,
        product: Product,
        organization: Organization,
        people: dict[str, int],
        new_ids: dict[str, dict[int, int]],
    ) -> None:
        self.product = product
        self.organization = organization
        self.people = people
        self.new_ids = new_ids

    def row(self, kind: ExportKind, record: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {"id": self.new_ids[kind.label][record["id"]]}
        type_name = None
        for shape in field_shapes(kind):
            attname = shape.field.attname
            if shape.how == "product":
                values[attname] = self.product.pk
                continue
            if shape.how == "organization":
                values[attname] = self.organization.pk
                continue
            if shape.how == "dropped" or shape.name not in record:
                continue
            value = record[shape.name]
            if shape.how == "generic_type":
                type_name = value
                values[attname] = value
            elif shape.how == "generic_id":
                values[attname] = self._generic(type_name, value)
            elif shape.how == "person":
                values[attname] = None if value is None else self.people[value]
            elif shape.how == "ref":
                values[attname] = None if value is None else self.new_ids[shape.ref][value]
            else:
                values[attname] = None if value is None else shape.field.to_python(value)
        return values

    def _generic(self, type_name: Any, value: Any) -> int:
        if value is None:
            return 0
        if type_name == "product":
            return self.product.pk
        kind = generic_kind(type_name)
        return self.new_ids[kind.label].get(value, 0) if kind else 0


def _insert_many(
    context: _Context, kind: ExportKind, many: Any, records: list[dict[str, Any]]
) -> None:
    through = many.field.remote_field.through
    source = through._meta.get_field(many.field.m2m_field_name()).attname
    target = through._meta.get_field(many.field.m2m_reverse_field_name()).attname
    pairs = []
    for record in records:
        owner = context.new_ids[kind.label][record["id"]]
        for value in record.get(many.name, []):
            related = (
                context.people[value] if many.ref == "person" else context.new_ids[many.ref][value]
            )
            pairs.append({source: owner, target: related})
    rows.insert(through, pairs, with_id=False)
