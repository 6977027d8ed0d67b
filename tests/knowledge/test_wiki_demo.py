"""The demo product's wiki: a few realistic pages, linked to the demo's records."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.knowledge.models import LinkKind, PageRevision, WikiLink, WikiPage
from tandem.web.demo import loader
from tandem.workspace.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_wiki_has_a_handbook_with_pages_that_link_to_the_product() -> None:
    loader.load()
    pages = WikiPage.objects.filter(product__key="DRN")
    handbook = pages.get(parent=None)
    assert pages.count() == 4
    assert set(pages.exclude(pk=handbook.pk).values_list("parent", flat=True)) == {handbook.pk}
    kinds = set(WikiLink.objects.filter(page__in=pages).values_list("kind", flat=True))
    assert kinds == {k.value for k in LinkKind}
    notes = pages.get(title__startswith="Sprint review notes")
    assert PageRevision.objects.filter(page=notes).count() == 3
    reader = Client()
    reader.force_login(User.objects.get(email="stakeholder@demo.test"))
    html = reader.get(f"/p/DRN/wiki/{notes.pk}/history").content.decode()
    assert "retune the wind compensation" in html
