"""``tandem reindex [--product KEY]``: rebuild the search index, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.knowledge import embeddings, indexing
from tandem.workspace.models import Product


class Command(BaseCommand):
    help = "Rebuild the search index of one product, or of every product."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", default="", help="the product's key, e.g. DRN")

    def handle(self, *args: Any, **options: Any) -> None:
        product = None
        if options["product"]:
            product = Product.objects.filter(key=options["product"].upper()).first()
            if product is None:
                raise CommandError(f"No product with key {options['product']!r}.")
        total = indexing.count_rows(product)
        with tqdm(total=total, unit="rows", disable=None, file=self.stderr) as bar:

            def advance(kind: str, count: int) -> None:
                bar.set_postfix_str(kind)
                bar.update(count)

            written = indexing.reindex(product=product, progress=advance)
        vectors = "with" if embeddings.available() else "without"
        self.stdout.write(f"Indexed {written} documents {vectors} embeddings.")
