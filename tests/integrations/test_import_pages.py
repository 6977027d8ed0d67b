from __future__ import annotations

import io

from tandem.backlog.models import Item
from tandem.integrations.import_models import ImportRun

from . import importing


def _file(upload):  # type: ignore[no-untyped-def]
    handle = io.BytesIO(upload.data)
    handle.name = upload.filename
    return handle


def test_a_po_checks_a_file_sees_what_would_be_created_then_confirms(
    team, signed_in, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(team.po)
    assert "Import and export" in client.get("/p/DRN/imports/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(
            "/p/DRN/imports/", {"source": "jira", "file": _file(importing.jira_page())}
        )
    assert not Item.objects.filter(product=team.product).exists()
    page = client.get(checked["Location"]).content.decode()
    assert "Would create" in page
    assert "Pay by card" in page
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/p/DRN/imports/{run.pk}/confirm/")
    assert Item.objects.filter(product=team.product).count() == 4


def test_a_csv_file_is_checked_again_with_the_columns_a_person_chose(
    team, signed_in, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(team.po)
    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(
            "/p/DRN/imports/", {"source": "csv", "file": _file(importing.mapped_csv())}
        )
    page = client.get(checked["Location"]).content.decode()
    assert 'name="map_title"' in page
    assert "map a column to the title" in page
    first = ImportRun.objects.get()
    columns = {f"map_{field}": column for field, column in importing.MAPPING.items()}
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/p/DRN/imports/{first.pk}/confirm/", {**columns, "check": "1"})
    page = client.get(again["Location"]).content.decode()
    assert "Password reset" in page
    assert 'id="confirm-import"' in page
    assert not Item.objects.filter(product=team.product).exists()


def test_a_team_member_cannot_open_the_import_page(team, signed_in) -> None:
    assert signed_in(team.dev).get("/p/DRN/imports/").status_code == 403


def test_a_po_exports_from_the_page_and_downloads_the_archive(
    team, signed_in, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(team.po)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/p/DRN/exports/")
    run = ImportRun.objects.get(kind="export")
    download = client.get(f"/p/DRN/exports/{run.pk}/archive/")
    assert download["Content-Type"] == "application/zip"
    assert download.content[:2] == b"PK"


def test_the_menu_lists_import_and_export_only_to_who_may_use_it(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    link = 'href="/p/DRN/imports/"'
    assert link in signed_in(team.po).get("/p/DRN/backlog/").content.decode()
    page = signed_in(team.dev).get("/p/DRN/backlog/").content.decode()
    assert 'href="/p/DRN/backlog/"' in page
    assert link not in page
