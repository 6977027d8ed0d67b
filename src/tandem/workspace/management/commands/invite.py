"""``tandem invite EMAIL --product KEY --role ROLE --by EMAIL``: an invitation by e-mail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.workspace import invitations
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import Role, User
from tandem.workspace.selectors import product_access


class Command(BaseCommand):
    help = "Invite someone to a product with a role; the link goes out by e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--product", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--by", required=True, help="The inviting PM or PO's e-mail")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where Tandem is reached"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inviter = User.objects.filter(email=options["by"].strip().lower()).first()
        if inviter is None:
            raise CommandError(f"No account for {options['by']}.")
        try:
            access = product_access(user=inviter, product_key=options["product"])
            invitations.invitation_create(
                access=access,
                email=options["email"],
                role=options["role"],
                accept_url=options["base_url"].rstrip("/") + "/invitations/{token}/",
            )
        except ValidationFailed as failed:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in failed.errors.items())) from None
        except DomainError as refused:
            raise CommandError(refused.detail) from None
        self.stdout.write(f"Invited {options['email']} to {access.product.key}.")
