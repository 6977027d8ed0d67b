"""The web UI's own 404, 500 and 413 pages: in the layout, saying what to do next."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from tandem.config import errors

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_404_in_the_layout_with_a_way_home(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "<code>/no/such/page/</code>" in html
    assert 'href="/"' in html
    assert "po@example.test" in html  # the layout, with the person's menu


def test_a_server_error_is_a_500_page_in_the_layout(team, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.web.failing_urls"
    client = Client(raise_request_exception=False)
    client.force_login(team.po)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Go to your start page" in html
    assert "the disk is on fire" not in html
    assert "bootstrap.min.css" in html


def test_the_500_page_needs_neither_the_database_nor_a_signed_in_person(
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    request = RequestFactory().get("/anything/")
    with django_db_blocker.block():
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_an_oversized_form_is_a_413_page_naming_the_limit(team, signed_in, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    client = signed_in(team.po)
    response = client.post("/p/DRN/backlog/quick-add/", {"text": "x" * 5000})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Request too large" in html
    assert "larger than the 2 KiB this server accepts" in html
