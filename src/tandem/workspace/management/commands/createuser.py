"""``tandem createuser EMAIL [--password P] [--name N] [--product KEY --role ROLE]``."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tandem.workspace import services
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Product, Role


class Command(BaseCommand):
    help = "Create a person who signs in with an e-mail; optionally give them a role on a product."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", help="Asked for when omitted and a terminal is attached.")
        parser.add_argument("--name", default="")
        parser.add_argument("--product", help="A product key such as DRN")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--superuser", action="store_true", help="Also an instance admin")

    def handle(self, *args: Any, **options: Any) -> None:
        # Check the product first: a half-made account would block the corrected retry.
        product = self._product(options["product"], options["role"])
        password = options["password"]
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError("A password is required (--password).")
            password = getpass.getpass("Password: ")
        with transaction.atomic():
            try:
                user = services.user_create(
                    email=options["email"], password=password, name=options["name"]
                )
            except ValidationFailed as exc:
                raise CommandError(exc.detail) from None
            if options["superuser"]:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            if product is not None:
                services.membership_grant(product=product, user=user, role=options["role"])
        self.stdout.write(f"Created {user.email}")

    def _product(self, key: str | None, role: str | None) -> Product | None:
        if not key:
            return None
        product = Product.objects.filter(key=key.upper()).first()
        if product is None or not role:
            raise CommandError("--product needs an existing product key and a --role.")
        return product
