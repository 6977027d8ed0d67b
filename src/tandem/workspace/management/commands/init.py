"""``tandem init``: a fresh install's organization and its first administrator, for scripts."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.workspace import onboarding
from tandem.workspace.errors import DomainError, ValidationFailed


class Command(BaseCommand):
    help = "Set up a fresh install: the organization and its first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", required=True, help="The organization's name")
        parser.add_argument("--email", required=True, help="The first administrator's e-mail")
        parser.add_argument("--name", default="", help="Their name")
        parser.add_argument(
            "--password", help="Their password (asked for when left out; never echoed)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or getpass.getpass("Password: ")
        try:
            organization, user = onboarding.first_run(
                organization_name=options["organization"],
                email=options["email"],
                password=password,
                name=options["name"],
            )
        except ValidationFailed as failed:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in failed.errors.items())) from None
        except DomainError as refused:
            raise CommandError(refused.detail) from None
        self.stdout.write(f"Set up {organization.name}; {user.email} is its administrator.")
