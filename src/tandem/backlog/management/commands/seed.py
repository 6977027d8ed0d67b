"""``tandem seed --product KEY --items N``: a synthetic backlog for load tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.backlog.seeding import seed_backlog
from tandem.workspace import services
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.models import Organization, Product


class Command(BaseCommand):
    help = "Bulk-generate a realistic synthetic backlog (creates the product if it is missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", required=True, help="Product key, e.g. LOAD")
        parser.add_argument("--items", type=int, required=True, help="How many items to add")
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (same seed, same data)"
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["items"] < 1:
            raise CommandError("--items must be at least 1.")
        product = self._product(options["product"])
        started = time.perf_counter()
        with tqdm(
            total=options["items"], unit="item", disable=options["quiet"], file=self.stderr
        ) as bar:
            result = seed_backlog(
                product=product, count=options["items"], seed=options["seed"], progress=bar.update
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {result.created:,} items ({result.epics:,} epics, "
            f"{result.linked_epics:,} linked to initiatives; {result.assigned:,} assigned) "
            f"into {product.key} in {elapsed:.1f} s."
        )

    def _product(self, key: str) -> Product:
        product = Product.objects.filter(key=key.upper()).first()
        if product is not None:
            return product
        organization = Organization.objects.filter(slug="load-test").first() or (
            services.organization_create(name="Load test")
        )
        try:
            return services.product_create(
                organization=organization, key=key, name=f"Load test {key.upper()}"
            )
        except ValidationFailed as exc:
            raise CommandError(exc.detail) from None
