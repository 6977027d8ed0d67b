"""``tandem neighbours [--product KEY]``: store every item's similar items again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.suggestions import neighbours
from tandem.workspace.models import Product


class Command(BaseCommand):
    help = (
        "Compute the stored similar items of one product, or of every product "
        "(after an import, or after `tandem reindex` added sentence vectors)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", default="", help="the product's key, e.g. DRN")

    def handle(self, *args: Any, **options: Any) -> None:
        products = Product.objects.order_by("key")
        if options["product"]:
            products = products.filter(key=options["product"].upper())
            if not products.exists():
                raise CommandError(f"No product with key {options['product']!r}.")
        for product in products:
            written = neighbours.refresh_product(product_id=product.pk)
            self.stdout.write(f"{product.key}: {written} similar-item rows.")
