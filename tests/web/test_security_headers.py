"""Every page carries a Content-Security-Policy without inline script, and a Permissions-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "tandem"
TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", ["/signin/", "/p/DRN/", "/p/DRN/backlog/", "/api/v1/docs"])
def test_a_page_forbids_inline_script_and_eval(team, path: str) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(team.po)
    response = client.get(path)
    policy = _directives(response.headers["Content-Security-Policy"])
    assert response.status_code == 200
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "https:" not in policy["img-src"]


def test_a_page_turns_off_the_browser_features_tandem_never_uses(team) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/signin/")
    features = dict(
        f.strip().split("=", 1) for f in response.headers["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "()"
    assert features["microphone"] == "()"
    assert features["geolocation"] == "()"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_template_has_no_inline_script_nor_handler(template: Path) -> None:
    html = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and "application/json" not in tag
    ]
    handlers = re.findall(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", html)
    assert (inline_scripts, handlers, "javascript:" in html) == ([], [], False)
