from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from tandem.backlog.models import Item
from tandem.integrations.import_models import ImportRun

from . import importing


class JobsClient(Client):
    """A client whose requests also run the background jobs they queue, as a worker would."""

    capture = None

    def post(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        with self.capture(execute=True):  # type: ignore[misc]
            return super().post(*args, **kwargs)

    def get(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        return super().get(*args, **kwargs)


@pytest.fixture(autouse=True)
def _jobs_run(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    JobsClient.capture = django_capture_on_commit_callbacks


def _client(team, role: str) -> Client:  # type: ignore[no-untyped-def]
    return JobsClient(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def _upload(client: Client, key: str = "DRN", **form: object):  # type: ignore[no-untyped-def]
    page = importing.jira_page()
    upload = io.BytesIO(page.data)
    upload.name = page.filename
    return client.post(
        f"/api/v1/products/{key}/imports", {"file": upload, "source": "jira", **form}
    )


@pytest.mark.parametrize("role", ["product_manager", "product_owner"])
def test_a_pm_or_po_imports_a_jira_page_and_sees_the_outcome(team, role: str) -> None:
    client = _client(team, role)
    response = _upload(client)
    assert (response.status_code, response.json()["state"]) == (202, "queued")
    body = client.get(response.json()["url"]).json()
    assert (body["state"], body["progress"]) == ("done", 100)
    assert body["summary"]["items_created"] == 4
    assert Item.objects.filter(product=team.product).count() == 4


def test_a_dry_run_over_the_api_writes_nothing_and_lists_what_it_would_create(team) -> None:
    client = _client(team, "product_owner")
    body = client.get(_upload(client, dry_run="true").json()["url"]).json()
    assert body["dry_run"] is True
    assert sorted(c["key"] for c in body["summary"]["create"]) == [
        "DRN-1",
        "DRN-2",
        "DRN-3",
        "DRN-4",
    ]
    assert not Item.objects.filter(product=team.product).exists()


def test_a_broken_file_fails_the_run_naming_each_line(team) -> None:
    client = _client(team, "product_owner")
    upload = io.BytesIO(importing.raw("jira_export.csv"))
    upload.name = "jira.csv"
    queued = client.post("/api/v1/products/DRN/imports", {"file": upload, "source": "jira"})
    body = client.get(queued.json()["url"]).json()
    assert body["state"] == "failed"
    assert {
        "file": "jira.csv",
        "record": "line 6 (DRN-5)",
        "field": "Summary",
        "message": "is empty; every issue needs a summary",
    } in body["problems"]
    assert not Item.objects.filter(product=team.product).exists()


@pytest.mark.parametrize("role", ["team_member", "stakeholder", "viewer"])
def test_other_roles_cannot_import(team, role: str) -> None:
    response = _upload(_client(team, role))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not ImportRun.objects.exists()


def test_someone_from_another_organization_gets_404(team) -> None:
    client = JobsClient(HTTP_AUTHORIZATION=f"Bearer {_outsider_token(team)}")
    assert _upload(client).status_code == 404
    assert client.post("/api/v1/products/DRN/exports").status_code == 404


def _outsider_token(team) -> str:  # type: ignore[no-untyped-def]
    from tandem.workspace import services

    return services.token_create(user=team.outsider)[1]


def test_an_unknown_source_is_a_problem_naming_the_field(team) -> None:
    response = _upload(_client(team, "product_owner"), source="asana")
    assert response.status_code == 422
    assert "source" in response.json()["errors"]


def test_a_po_exports_the_product_and_downloads_the_archive(team) -> None:
    client = _client(team, "product_owner")
    _upload(client)
    queued = client.post("/api/v1/products/DRN/exports").json()
    run = client.get(queued["url"]).json()
    assert run["state"] == "done"
    archive = client.get(run["download"])
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "manifest.json" in names
    assert "records/backlog.item.json" in names


def test_a_team_member_cannot_export(team) -> None:
    assert _client(team, "team_member").post("/api/v1/products/DRN/exports").status_code == 403


def test_an_import_into_a_new_key_by_someone_who_may_not_create_products_fails_cleanly(
    team,
) -> None:
    client = _client(team, "product_owner")
    queued = _upload(client, key="NEWP").json()
    body = client.get(queued["url"]).json()
    assert body["state"] == "failed"
    assert "organization" in body["problems"][0]["message"]


def test_an_exported_archive_uploads_as_a_new_product(team) -> None:
    team.po.organizations.create(organization=team.product.organization, is_admin=True)
    client = _client(team, "product_owner")
    _upload(client)
    exported = client.get(client.post("/api/v1/products/DRN/exports").json()["url"]).json()
    archive = io.BytesIO(client.get(exported["download"]).content)
    archive.name = "drn.zip"
    queued = client.post(
        "/api/v1/products/DRC/imports", {"file": archive, "source": "archive"}
    ).json()
    body = client.get(queued["url"]).json()
    assert body["state"] == "done"
    assert Item.objects.filter(product__key="DRC").count() == 4


def _found(client: Client, word: str, product: str) -> list[str]:
    body = client.get("/api/v1/search", {"q": word, "product": product}).json()
    return [hit["title"] for hit in body["results"]]


def test_imported_items_are_searchable_without_a_reindex(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tandem.knowledge import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    client = _client(team, "product_owner")
    assert _found(client, "card", "DRN") == []
    _upload(client)
    assert {"Pay by card", "Validate the card number"} <= set(_found(client, "card", "DRN"))


def test_a_product_imported_from_an_archive_is_searchable(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tandem.knowledge import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    team.po.organizations.create(organization=team.product.organization, is_admin=True)
    client = _client(team, "product_owner")
    _upload(client)
    exported = client.get(client.post("/api/v1/products/DRN/exports").json()["url"]).json()
    archive = io.BytesIO(client.get(exported["download"]).content)
    archive.name = "drn.zip"
    client.post("/api/v1/products/DRC/imports", {"file": archive, "source": "archive"})
    assert "Receipt by email" in _found(client, "receipt", "DRC")
