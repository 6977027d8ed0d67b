"""``tandem product create KEY --name NAME --owner EMAIL``: a new product from a script."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.workspace import onboarding
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import User


class Command(BaseCommand):
    help = "Create a product; its owner (an organization administrator) becomes its PM and PO."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a product")
        create.add_argument("key", help="2-10 letters or digits, such as DRN")
        create.add_argument("--name", required=True)
        create.add_argument("--owner", required=True, help="An administrator's e-mail")
        create.add_argument("--description", default="")
        create.add_argument("--sprint-days", type=int, default=14)
        create.add_argument("--stale-after-days", type=int, default=30)
        create.add_argument("--organization", help="The organization's slug (else the owner's)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(email=options["owner"].strip().lower()).first()
        if owner is None:
            raise CommandError(f"No account for {options['owner']}.")
        try:
            access = onboarding.organization_access(user=owner, slug=options["organization"])
            product = onboarding.product_create(
                access=access,
                key=options["key"],
                name=options["name"],
                description=options["description"],
                sprint_days=options["sprint_days"],
                stale_after_days=options["stale_after_days"],
            )
        except ValidationFailed as failed:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in failed.errors.items())) from None
        except DomainError as refused:
            raise CommandError(refused.detail) from None
        self.stdout.write(f"Created {product.key} · {product.name}, owned by {owner.email}.")
