"""``tandem jql EMAIL "QUERY"`` lists the items a JQL query finds, as that person sees them.

``--save NAME`` keeps the query as a saved filter (``--shared`` for the whole product).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.jql import JqlError
from tandem.integrations.jira_api import saved_filters, selectors
from tandem.workspace.errors import DomainError
from tandem.workspace.models import User


class Command(BaseCommand):
    help = "Search the backlog with JQL, and optionally save the query as a filter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="whose rights the search runs with")
        parser.add_argument("query", help='for example: project = DRN AND status = "In progress"')
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--save", metavar="NAME", help="keep the query as a saved filter")
        parser.add_argument("--product", help="the product a saved filter belongs to")
        parser.add_argument("--shared", action="store_true", help="share the saved filter")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No account for {options['email']}.")
        query = options["query"]
        try:
            items = selectors.searched_items(user, query)
            for item in items.select_related("product")[: max(options["limit"], 0)]:
                self.stdout.write(f"{item.key}\t{item.get_status_display()}\t{item.title}")
            if options["save"]:
                self._save(user, options)
        except JqlError as error:
            raise CommandError(f"{error}\n{error.pointer(query)}") from None
        except DomainError as error:
            raise CommandError(error.detail) from None

    def _save(self, user: User, options: dict[str, Any]) -> None:
        product = (
            options["product"]
            or selectors.member_products(user).values_list("key", flat=True).first()
        )
        if not product:
            raise CommandError("Name the product with --product KEY.")
        access = selectors.access_to_project(user, product)
        values = {"name": options["save"], "jql": options["query"], "shared": options["shared"]}
        saved = saved_filters.saved_filter_create(access=access, values=values)
        self.stderr.write(f"Saved filter {saved.pk} ({saved.name}) in {access.product.key}.")
