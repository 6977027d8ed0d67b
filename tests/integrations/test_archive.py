from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.apps import apps

from tandem.integrations.archive import services as archive
from tandem.integrations.importers.services import ImportRefused
from tandem.workspace import onboarding
from tandem.workspace.models import Event, Organization, Product, User
from tandem.workspace.registry import export_kinds

# Rows of a product that stay behind on purpose: secrets of share links and invitations,
# and the import runs themselves (docs/archive-format.md).
NOT_EXPORTED = {
    # Secrets of this instance: share links, invitations, webhooks, the GitHub connection.
    "strategy.roadmapshare",
    "workspace.invitation",
    "integrations.webhook",
    "integrations.githubconnection",
    # Derived, rebuilt by `tandem reindex` and `tandem recompute` after an import.
    "knowledge.searchdocument",
    "backlog.workrollup",
    "backlog.healthrollup",
    "backlog_suggestions.itemneighbour",  # and `tandem neighbours`
    # One person's inbox and this instance's import log.
    "workspace.notification",
    "integrations.importrun",
}


def _files(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: json.loads(bundle.read(name)) for name in bundle.namelist()}


def _zip(files: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, content in files.items():
            bundle.writestr(name, json.dumps(content))
    return buffer.getvalue()


@pytest.fixture
def admin(db: None, demo: str) -> User:
    """The demo's Product Owner, made an administrator of its organization."""
    po = User.objects.get(email="po@demo.test")
    onboarding.join(Organization.objects.get(), po, admin=True)
    return po


def test_an_archive_whose_survey_link_is_taken_here_is_refused(admin: User) -> None:
    data, _counts = archive.archive_bytes(product=Product.objects.get(key="DRN"))
    with pytest.raises(ImportRefused) as refused:
        archive.archive_import(user=admin, data=data, filename="drn.zip", product_key="DRX")
    assert any("insights.survey" in place for place in refused.value.errors)


def test_every_model_of_a_product_is_in_the_archive_or_left_out_on_purpose(db: None) -> None:
    exported = {kind.label for kind in export_kinds()}
    owned = {
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("tandem")
        and any(f.is_relation and f.related_model is Product for f in model._meta.fields)
    }
    assert owned - exported - NOT_EXPORTED == set()


def test_a_broken_record_names_its_file_record_and_field_and_writes_nothing(admin: User) -> None:
    files = _files(archive.archive_bytes(product=Product.objects.get(key="DRN"))[0])
    files["records/backlog.item.json"][1]["status"] = "sideways"  # type: ignore[index]
    before = (Product.objects.count(), User.objects.count(), Event.objects.count())
    with pytest.raises(ImportRefused) as refused:
        archive.archive_import(user=admin, data=_zip(files), filename="drn.zip", product_key="DRX")
    assert "drn.zip:records/backlog.item.json, record 2, status" in refused.value.errors
    assert before == (Product.objects.count(), User.objects.count(), Event.objects.count())


def test_an_archive_of_an_unknown_version_is_refused(admin: User) -> None:
    files = _files(archive.archive_bytes(product=Product.objects.get(key="DRN"))[0])
    files["manifest.json"]["version"] = 99  # type: ignore[index]
    with pytest.raises(ImportRefused) as refused:
        archive.archive_import(user=admin, data=_zip(files), filename="a.zip", product_key="DRX")
    assert "a.zip:manifest.json, version" in refused.value.errors


def test_a_dry_run_of_an_archive_writes_nothing_and_lists_what_it_refuses(admin: User) -> None:
    data, _ = archive.archive_bytes(product=Product.objects.get(key="DRN"))
    outcome = archive.archive_import(
        user=admin, data=data, filename="drn.zip", product_key="DRX", dry_run=True
    )
    assert [r["field"] for r in outcome["refused"]] == ["public_key"]
    assert not Product.objects.filter(key="DRX").exists()
