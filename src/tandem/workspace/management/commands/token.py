"""``tandem token create EMAIL`` prints a new API token as its last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.workspace import selectors, services
from tandem.workspace.models import User


class Command(BaseCommand):
    help = "Manage API tokens (sent as `Authorization: Bearer <token>`)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once")
        create.add_argument("email")
        create.add_argument("--name", default="cli")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id")
        revoke.add_argument("email")
        revoke.add_argument("token_id", type=int)
        listing = sub.add_parser("list", help="List a person's live tokens")
        listing.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No account for {options['email']}.")
        if options["action"] == "create":
            token, secret = services.token_create(user=user, name=options["name"])
            self.stderr.write(f"Token {token.pk} for {user.email}; it is shown only once:")
            self.stdout.write(secret)
        elif options["action"] == "revoke":
            services.token_revoke(user=user, token_id=options["token_id"])
            self.stdout.write(f"Revoked token {options['token_id']}.")
        else:
            for t in selectors.tokens_of(user=user).order_by("created_at"):
                self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.name}\t{t.created_at:%Y-%m-%d}")
