"""``tandem demo`` loads the SkyLens Drones demo product once and prints its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.backlog.models import Kind
from tandem.web import demo
from tandem.workspace.errors import DomainError

PLURALS = {
    Kind.EPIC: "epics",
    Kind.STORY: "stories",
    Kind.TASK: "tasks",
    Kind.BUG: "bugs",
    Kind.SPIKE: "spikes",
}


class Command(BaseCommand):
    help = "Load the SkyLens Drones demo product (DRN) with its people, backlog and proposals."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.is_loaded():
            self.stdout.write(f"Demo product {demo.PRODUCT_KEY} already loaded.")
        else:
            try:
                loaded = demo.load()
            except DomainError as exc:
                raise CommandError(
                    f"The demo could not be loaded, nothing was saved: {exc.detail}"
                ) from exc
            kinds = ", ".join(
                _count(loaded.items.get(kind, 0), kind.label.lower(), plural)
                for kind, plural in PLURALS.items()
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded demo product {demo.PRODUCT_KEY} ({demo.PRODUCT_NAME}): {kinds}, "
                    f"{loaded.comments} comments, {loaded.links} links, "
                    f"{loaded.proposals} proposals waiting."
                )
            )
            if loaded.extra:
                more = ", ".join(f"{count} {name}" for name, count in loaded.extra.items())
                self.stdout.write(f"Also: {more}.")
        self.stdout.write("Demo logins (e-mail / password / role):")
        rows = demo.logins()
        width = max(len(email) for email, _, _ in rows)
        for email, password, role in rows:
            self.stdout.write(f"  {email:<{width}}  {password}  {role}")


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"
