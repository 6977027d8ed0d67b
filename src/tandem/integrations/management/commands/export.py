"""``tandem export --product KEY --output FILE``: the product's whole archive (a zip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.integrations.archive import services as archive
from tandem.workspace.errors import DomainError
from tandem.workspace.models import Product

from ._people import acting_user


class Command(BaseCommand):
    help = "Export a product, every record it holds, as one archive (docs/archive-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", required=True)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--by", help="A PM or PO's e-mail (else the operator, for any product)")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["product"].strip().upper()
        try:
            if options["by"]:
                access = archive.export_access(user=acting_user(options["by"]), product_key=key)
                data, counts = archive.product_export(access=access)
            else:
                acting_user(None)  # the operator may export any product of the instance
                product = Product.objects.filter(key=key).first()
                if product is None:
                    raise CommandError(f"No product {key}.")
                data, counts = archive.archive_bytes(product=product)
        except DomainError as error:
            raise CommandError(error.detail) from None
        options["output"].write_bytes(data)
        total = sum(counts.values())
        self.stdout.write(f"Wrote {options['output']}: {total:,} records of {key}.")
