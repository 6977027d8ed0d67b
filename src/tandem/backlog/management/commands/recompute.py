"""``tandem recompute [--product KEY]``: rebuild the backlog's roll-ups from the items."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.backlog import rollups
from tandem.workspace.models import Product


class Command(BaseCommand):
    help = (
        "Rebuild the sums behind home cards, the roadmap and alignment from the items "
        "(they are kept in step on every write; this repairs them after a restore or a bug)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", help="Product key; default: every product")

    def handle(self, *args: Any, **options: Any) -> None:
        products = Product.objects.order_by("key")
        if options["product"]:
            products = products.filter(key=options["product"].upper())
            if not products.exists():
                raise CommandError(f"No product {options['product'].upper()}.")
        for product in products:
            started = time.perf_counter()
            work, health = rollups.recompute(product)
            self.stdout.write(
                f"{product.key}: {work:,} work rows, {health:,} health rows "
                f"in {time.perf_counter() - started:.1f} s."
            )
