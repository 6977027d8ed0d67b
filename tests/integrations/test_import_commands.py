from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tandem.backlog.models import Item
from tandem.workspace.models import Product

from . import importing


def _write(tmp_path: Path, upload) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / upload.filename
    path.write_bytes(upload.data)
    return path


def test_the_import_command_writes_items_and_reports_them(team, tmp_path: Path) -> None:
    out = StringIO()
    path = _write(tmp_path, importing.jira_page())
    call_command(
        "import",
        str(path),
        "--from",
        "jira",
        "--product",
        "DRN",
        "--by",
        team.po.email,
        stdout=out,
        stderr=StringIO(),
    )
    assert "Created 4 items" in out.getvalue()
    assert Item.objects.filter(product=team.product).count() == 4


def test_a_dry_run_from_the_command_line_writes_nothing(team, tmp_path: Path) -> None:
    out = StringIO()
    path = _write(tmp_path, importing.mapped_csv())
    maps = [
        arg
        for column, field in (("Headline", "title"), ("Ref", "key"))
        for arg in ("--map", f"{column}={field}")
    ]
    call_command(
        "import",
        str(path),
        "--from",
        "csv",
        "--product",
        "DRN",
        "--dry-run",
        "--by",
        team.po.email,
        *maps,
        stdout=out,
        stderr=StringIO(),
    )
    assert "Would create 2 items" in out.getvalue()
    assert not Item.objects.filter(product=team.product).exists()


def test_a_broken_file_fails_the_command_with_each_line_named(team, tmp_path: Path) -> None:
    err = StringIO()
    path = tmp_path / "jira.csv"
    path.write_bytes(importing.raw("jira_export.csv"))
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(path),
            "--from",
            "jira",
            "--product",
            "DRN",
            "--by",
            team.po.email,
            stdout=StringIO(),
            stderr=err,
        )
    assert "jira.csv, line 6 (DRN-5), Summary: is empty" in err.getvalue()
    assert not Item.objects.filter(product=team.product).exists()


def test_export_then_import_of_the_archive_from_the_command_line(team, tmp_path: Path) -> None:
    team.po.organizations.create(organization=team.product.organization, is_admin=True)
    call_command(
        "import",
        str(_write(tmp_path, importing.jira_page())),
        "--from",
        "jira",
        "--product",
        "DRN",
        "--by",
        team.po.email,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    archive = tmp_path / "drn.zip"
    call_command(
        "export",
        "--product",
        "DRN",
        "--output",
        str(archive),
        "--by",
        team.po.email,
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "import",
        str(archive),
        "--product",
        "DRY",
        "--by",
        team.po.email,
        stdout=out,
        stderr=StringIO(),
    )
    assert "Imported DRY" in out.getvalue()
    copied = Product.objects.get(key="DRY")
    assert sorted(Item.objects.filter(product=copied).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
