"""``tandem report --product KEY --by EMAIL --output FILE``: the executive report as a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from tandem.web.reports.answer import answer
from tandem.web.reports.content import build_report
from tandem.web.reports.period import SECTION_NAMES, period_from, sections_from
from tandem.web.reports.views import render_pdf, report_html
from tandem.workspace.errors import DomainError
from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

FORMATS = ("pdf", "html", "json")


class Command(BaseCommand):
    help = (
        "Write a product's executive report (outcome metrics, forecasts, costs and return, "
        "risks, decisions, go-to-market) for a period, as PDF, HTML or JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--product", required=True)
        parser.add_argument("--by", required=True, help="The e-mail of a member it is read as")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--start", help="First day, YYYY-MM-DD (default: 90 days back)")
        parser.add_argument("--end", help="Last day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--sections", default="", help=f"Comma-separated, of: {', '.join(SECTION_NAMES)}"
        )
        parser.add_argument("--format", choices=FORMATS, help="Default: the output's suffix")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        kind = options["format"] or output.suffix.lstrip(".").lower()
        if kind not in FORMATS:
            raise CommandError(f"--format must be one of {', '.join(FORMATS)}")
        user = User.objects.filter(email=options["by"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No account for {options['by']}.")
        try:
            access = product_access(user=user, product_key=options["product"])
            period = period_from(options["start"], options["end"])
            report = build_report(access, period, sections_from([options["sections"]]))
            if kind == "json":
                data = json.dumps(answer(report), cls=DjangoJSONEncoder, indent=2).encode()
            elif kind == "html":
                data = report_html(report, "download").encode()
            else:
                data = render_pdf(report_html(report, "pdf"))
        except DomainError as error:
            errors = getattr(error, "errors", None) or {}
            detail = "; ".join(f"--{field}: {text}" for field, text in errors.items())
            raise CommandError(detail or error.detail) from None
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output}: the executive report of {access.product.key}.")
