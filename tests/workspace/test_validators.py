"""Addresses people click refuse script: one validator, used by every URL field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tandem.backlog import services as backlog_services
from tandem.workspace.validators import WebUrlValidator, check_web_url, scheme_of

SCRIPT_ADDRESSES = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("address", SCRIPT_ADDRESSES)
def test_a_script_address_is_refused_however_it_is_spelled(address: str) -> None:
    with pytest.raises(ValueError, match="must not be a"):
        check_web_url(address)


@pytest.mark.parametrize("address", ["https://example.org/a?b=c#d", "http://10.0.0.1:8080/"])
def test_a_web_address_passes_trimmed(address: str) -> None:
    assert check_web_url(f"  {address} ") == address


@pytest.mark.parametrize("address", ["ftp://example.org/", "example.org", "/relative", ""])
def test_anything_else_is_not_a_web_address(address: str) -> None:
    with pytest.raises(ValueError, match="must be an http/https address"):
        check_web_url(address)


def test_the_model_field_validator_raises_djangos_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        WebUrlValidator()("javascript:alert(1)")
    assert caught.value.code == "invalid_url"


@given(
    st.text(alphabet="\x00\x1f \t\n\r", max_size=3),
    st.text(alphabet="\t\n\r", max_size=3),
    st.sampled_from(["javascript", "JavaScript", "data", "vbscript"]),
)
def test_characters_a_browser_ignores_never_hide_the_scheme(
    edge: str, inner: str, scheme: str
) -> None:
    spelled = f"{edge}{scheme[:2]}{inner}{scheme[2:]}:x{edge}"
    assert scheme_of(spelled) == scheme.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_an_item_link_refuses_a_script_address_over_the_api(team, address: str) -> None:  # type: ignore[no-untyped-def]
    item = backlog_services.item_create(access=team.access("product_owner"), fields={"title": "A"})
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_owner')}")
    response = client.post(
        f"/api/v1/items/{item.key}/links", {"url": address}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "url" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_a_competitor_website_refuses_a_script_address_over_the_api(team, address: str) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_manager')}")
    response = client.post(
        "/api/v1/products/DRN/strategy/competitors",
        {"name": "Rival", "website": address},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "must not be a" in response.json()["errors"]["website"]


@pytest.mark.django_db
def test_a_competitor_website_may_be_a_web_address_or_empty(team) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {team.token('product_manager')}")
    made = [
        client.post(
            "/api/v1/products/DRN/strategy/competitors",
            {"name": name, "website": website},
            content_type="application/json",
        )
        for name, website in [("Rival", "https://rival.example/"), ("Quiet", "")]
    ]
    assert [r.status_code for r in made] == [201, 201]
    assert made[0].json()["website"] == "https://rival.example/"
