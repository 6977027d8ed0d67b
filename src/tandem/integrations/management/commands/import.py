# noqa: N999 - the command is `tandem import`, so the module is import.py
"""``tandem import``: another tool's export into a product, or a Tandem archive.

tandem import --from jira page-1.json page-2.json --product DRN [--dry-run]
tandem import --from csv plan.csv --product WEB --map Headline=title --map Ref=key
tandem import drn-archive.zip [--product NEWKEY]
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.integrations.importers.reading import SOURCES, Upload
from tandem.integrations.importers.services import ImportRefused, import_file
from tandem.workspace.errors import DomainError, ValidationFailed
from tandem.workspace.models import User

from ._people import acting_user


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise CommandError(f"{option} {value!r}: write it as NAME=VALUE")
        pairs[left.strip()] = right.strip()
    return pairs


class Command(BaseCommand):
    help = "Import another tool's export (--from) into a product, or a Tandem archive (a zip)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--from", dest="source", choices=SOURCES)
        parser.add_argument("--product", help="The product's key; created when it does not exist")
        parser.add_argument("--dry-run", action="store_true", help="Check and list; write nothing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="CSV: the column that holds a field (repeat), e.g. --map Headline=title",
        )
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            metavar="NAME=STATUS",
            help="Map a source status to ours (new, ready, in_progress, done, accepted)",
        )
        parser.add_argument("--by", help="Who imports: a PM or PO's e-mail (else the operator)")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where invited people accept"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"]
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        user = acting_user(options["by"])
        if options["source"] is None:
            if len(files) == 1 and zipfile.is_zipfile(files[0]):
                self._archive(user, files[0], options)
                return
            raise CommandError("Name the source with --from (jira, github, trello, csv).")
        if not options["product"]:
            raise CommandError("--product KEY is required with --from.")
        self._import(user, files, options)

    def _import(self, user: User, files: list[Path], options: dict[str, Any]) -> None:
        mapping = {field: column for column, field in _pairs(options["map"], "--map").items()}
        try:
            outcome = import_file(
                user=user,
                product_key=options["product"],
                source=options["source"],
                files=[Upload(path.name, path.read_bytes()) for path in files],
                mapping=mapping or None,
                status_map=_pairs(options["status"], "--status"),
                dry_run=options["dry_run"],
                accept_url=options["base_url"].rstrip("/") + "/invitations/{token}/",
                progress=self._progress,
            )
        except ImportRefused as refused:
            for place, message in refused.errors.items():
                self.stderr.write(f"{place}: {message}")
            raise CommandError(refused.detail) from None
        except ValidationFailed as failed:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in failed.errors.items())) from None
        except DomainError as error:
            raise CommandError(error.detail) from None
        self._report(outcome.summary, outcome.dry_run, outcome.product_key)

    def _progress(self, percent: int) -> None:
        self.stderr.write(f"\r{percent:3d}%", ending="")
        if percent >= 100:
            self.stderr.write("")

    def _report(self, summary: dict[str, Any], dry_run: bool, key: str) -> None:
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {summary['items_created']} items and update {summary['items_updated']} "
            f"in {key}; {summary['sprints']} sprints, {summary['comments']} comments."
        )
        for note in summary.get("notes", []):
            self.stdout.write(f"note: {note}")
        for invited in summary.get("invited", []):
            self.stdout.write(f"invited: {invited}")
        for refused in summary.get("refused", []):
            place = ", ".join(
                v for v in (refused["file"], refused["record"], refused["field"]) if v
            )
            self.stdout.write(f"refused: {place}: {refused['message']}")
        if dry_run:
            for created in summary.get("create", [])[:20]:
                self.stdout.write(f"create: {created['key']} {created['kind']} {created['title']}")

    def _archive(self, user: User, path: Path, options: dict[str, Any]) -> None:
        from tandem.integrations.archive import services as archive

        try:
            outcome = archive.archive_import(
                user=user,
                data=path.read_bytes(),
                filename=path.name,
                product_key=options["product"],
                dry_run=options["dry_run"],
            )
        except ValidationFailed as failed:
            for place, message in failed.errors.items():
                self.stderr.write(f"{place}: {message}")
            raise CommandError(failed.detail or "Nothing was imported.") from None
        except DomainError as error:
            raise CommandError(error.detail) from None
        verb = "Would import" if options["dry_run"] else "Imported"
        counts = ", ".join(f"{n} {kind}" for kind, n in outcome["counts"].items() if n)
        self.stdout.write(f"{verb} {outcome['product']}: {counts}.")
