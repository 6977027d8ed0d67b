"""Export a product as one archive; import an archive as a new product."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from tandem.integrations.importers.planning import problem_dict
from tandem.integrations.importers.services import ImportRefused, require_importer
from tandem.integrations.sources import Problem
from tandem.workspace import onboarding, selectors
from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import announce_bulk
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Membership, Product, Role, User, product_key_validator

from .exporting import archive_bytes as _archive_bytes
from .importing import read_archive
from .writing import write_archive


def archive_bytes(
    *, product: Product, progress: Callable[[int], None] | None = None
) -> tuple[bytes, dict[str, int]]:
    return _archive_bytes(product, progress)


def product_export(*, access: ProductAccess) -> tuple[bytes, dict[str, int]]:
    """The product's archive, for its Product Manager or Product Owner."""
    require_importer(access)
    return _archive_bytes(access.product)


def archive_import(
    *,
    user: User,
    data: bytes,
    filename: str,
    product_key: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """A new product from an archive (its key from the archive unless named).

    Checks every file and record first; on any problem raises :class:`ImportRefused`
    naming file, record and field, and writes nothing.
    """
    archive = read_archive(data, filename)
    if archive.problems and dry_run:
        refused = [problem_dict(p) for p in archive.problems]
        return {"product": product_key or "", "counts": {}, "dry_run": True, "refused": refused}
    if archive.problems:
        raise ImportRefused(archive.problems)
    key = (product_key or str(archive.manifest["product"].get("key", ""))).strip().upper()
    _check_key(filename, key)
    try:
        organization = onboarding.organization_access(user=user)
    except NotFound:
        raise PermissionDenied("You belong to no organization to create a product in.") from None
    organization.require_admin()
    counts = {label: len(rows) for label, rows in archive.records.items()}
    if dry_run:
        return {"product": key, "counts": counts, "dry_run": True, "refused": []}
    with transaction.atomic():
        product = write_archive(archive, organization=organization.organization, key=key)
        if not Membership.objects.filter(product=product, user=user).exists():
            for role in (Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER):
                Membership.objects.create(user=user, product=product, role=role)
        Event.objects.create(
            organization=organization.organization,
            product=None,
            actor=user,
            verb="product.imported",
            object_type="product",
            object_id=product.pk,
            object_label=str(product)[:300],
            after={"file": filename, "counts": counts},
        )
        announce_bulk(product)
    return {"product": key, "counts": counts, "dry_run": False, "refused": []}


def _check_key(filename: str, key: str) -> None:
    try:
        product_key_validator(key)
    except Exception:
        raise ImportRefused(
            [Problem(filename, "manifest.json", "product.key", f"{key!r} is not a product key")]
        ) from None
    if Product.objects.filter(key=key).exists():
        raise ValidationFailed(
            {"product": f"{key} already exists; import the archive under another key"}
        )


def export_access(*, user: User, product_key: str) -> ProductAccess:
    access = selectors.product_access(user=user, product_key=product_key)
    require_importer(access)
    return access
