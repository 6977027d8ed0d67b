"""The whole demo product exported, the instance emptied, and the archive imported again.

Apart from ``test_archive``, whose tests share one demo loaded inside a transaction:
this one empties the database, which cannot happen inside a transaction.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tandem.backlog.models import Item
from tandem.integrations.archive import services as archive
from tandem.workspace import onboarding
from tandem.workspace.models import Organization, Product, User
from tests.integrations.test_archive import _files


@pytest.fixture
def demo_admin(transactional_db: None) -> User:
    """The demo, committed, with its Product Owner an administrator of its organization."""
    call_command("demo", stdout=StringIO())
    po = User.objects.get(email="po@demo.test")
    onboarding.join(Organization.objects.get(), po, admin=True)
    return po


def _comparable(files: dict[str, object]) -> dict[str, object]:
    manifest = dict(files["manifest.json"])  # type: ignore[arg-type]
    manifest.pop("exported_at")
    manifest["product"] = {k: v for k, v in manifest["product"].items() if k != "key"}
    return {**files, "manifest.json": manifest}


def _empty_instance_with(person: User) -> User:
    """Everything gone but one administrator with the same address and name."""
    call_command("flush", interactive=False, verbosity=0)
    user = User.objects.create_user(person.email, password=None, name=person.name)
    organization = Organization.objects.create(name="Elsewhere", slug="elsewhere")
    onboarding.join(organization, user, admin=True)
    return user


def test_the_demo_product_survives_export_and_import_unchanged(demo_admin: User) -> None:
    # Transactional: emptying the database (flush) cannot run inside a test's transaction.
    first, counts = archive.archive_bytes(product=Product.objects.get(key="DRN"))
    assert counts["backlog.item"] > 0
    assert counts["workspace.event"] > 0
    importer = _empty_instance_with(demo_admin)
    archive.archive_import(user=importer, data=first, filename="drn.zip")
    again, _ = archive.archive_bytes(product=Product.objects.get(key="DRN"))
    assert _comparable(_files(again)) == _comparable(_files(first))
    assert Item.objects.filter(product__key="DRN").count() == counts["backlog.item"]
