"""Import another tool's export into a product: read, check it all, then write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tandem.integrations.import_models import ExternalRef
from tandem.integrations.sources import Problem
from tandem.workspace import onboarding, selectors
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Product, User
from tandem.workspace.rights import Action, Level

from . import people as people_module
from .planning import Plan, plan_import, problem_dict
from .reading import Upload, read_upload
from .writing import write_plan

DEFAULT_ACCEPT_URL = "http://127.0.0.1:8000/invitations/{token}/"


class ImportRefused(ValidationFailed):
    """The file has problems; nothing was written. ``problems`` names each one's place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = {_place(p): p.message for p in problems[:200]}
        first = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(
            errors, detail=f"Nothing was imported: {len(problems)} problems: {first}{more}."
        )


def _place(problem: Problem) -> str:
    return ", ".join(part for part in (problem.file, problem.record, problem.field) if part)


@dataclass
class ImportOutcome:
    dry_run: bool
    product_key: str
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def problems(self) -> list[dict[str, str]]:
        return list(self.summary.get("refused", []))


def require_importer(access: ProductAccess) -> None:
    """Imports and exports are the Product Manager's and the Product Owner's (the
    rights table's integrations row, as webhooks are)."""
    if not access.can(Action.INTEGRATIONS, Level.DECIDE):
        raise PermissionDenied(
            f"Only a Product Manager or Product Owner of {access.product.key} can import or export."
        )


def importer_access(*, user: User, product_key: str) -> ProductAccess | None:
    """The caller's access to the product, or None when no product has the key yet."""
    key = product_key.strip().upper()
    if not Product.objects.filter(key=key).exists():
        return None
    access = selectors.product_access(user=user, product_key=key)
    require_importer(access)
    return access


def _known(access: ProductAccess | None, source: str) -> dict[str, int]:
    if access is None:
        return {}
    return dict(
        ExternalRef.objects.filter(
            product=access.product, source=source, object_type="item"
        ).values_list("external_id", "object_id")
    )


def import_file(
    *,
    user: User,
    product_key: str,
    source: str,
    files: list[Upload],
    mapping: Mapping[str, str] | None = None,
    status_map: Mapping[str, str] | None = None,
    dry_run: bool = False,
    accept_url: str = DEFAULT_ACCEPT_URL,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import ``files`` (read as ``source``) into the product, created when missing.

    Raises :class:`ImportRefused` when any record has a problem, and writes nothing;
    a dry run writes nothing either and answers what would happen, problems included.
    """
    report = progress or (lambda _: None)
    access = importer_access(user=user, product_key=product_key)
    result = read_upload(source, files, mapping)
    report(20)
    filename = files[0].filename if len(files) == 1 else ""
    plan = plan_import(
        result, filename=filename, known=_known(access, source), status_map=status_map
    )
    key = product_key.strip().upper()
    if dry_run:
        return ImportOutcome(dry_run=True, product_key=key, summary=_dry_summary(plan, access))
    if not plan.ok:
        raise ImportRefused(plan.problems)
    with transaction.atomic():
        access = access or _new_product(user, key)
        found = people_module.resolve(
            access=access, issues=plan.issues, accept_url=accept_url, invite=True
        )
        report(30)
        written = write_plan(access=access, plan=plan, people=found, progress=report)
    summary = plan.summary()
    summary.update(
        items_created=written.created,
        items_updated=written.updated,
        unchanged=len(plan.to_update) - written.updated,
        invited=found.invited,
        unmatched_people=found.unmatched,
        **written.counts,
    )
    report(100)
    return ImportOutcome(dry_run=False, product_key=key, summary=summary)


def _dry_summary(plan: Plan, access: ProductAccess | None) -> dict[str, Any]:
    summary = plan.summary()
    summary["product_exists"] = access is not None
    summary["refused"] = [problem_dict(p) for p in plan.problems]
    return summary


def _new_product(user: User, key: str) -> ProductAccess:
    try:
        organization = onboarding.organization_access(user=user)
    except NotFound:
        raise PermissionDenied("You belong to no organization to create a product in.") from None
    onboarding.product_create(access=organization, key=key, name=key)
    return selectors.product_access(user=user, product_key=key)
