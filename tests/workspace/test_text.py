"""Markdown shows no script and, unless allowed, loads no image from another site."""

from __future__ import annotations

from tandem.workspace.text import render_markdown


def test_a_remote_markdown_image_becomes_a_link_to_it(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MARKDOWN_REMOTE_IMAGES = False
    html = render_markdown("See ![the chart](https://tracker.example/p.png)")
    assert "<img" not in html
    assert '<a href="https://tracker.example/p.png"' in html
    assert "image: the chart" in html


def test_a_remote_image_written_as_html_loses_its_source(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MARKDOWN_REMOTE_IMAGES = False
    html = render_markdown('<img src="https://tracker.example/p.png"> <img src="//t.example/q">')
    assert "tracker.example" not in html
    assert "t.example" not in html


def test_an_image_on_this_site_still_shows(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MARKDOWN_REMOTE_IMAGES = False
    assert '<img alt="plan" src="/static/plan.png">' in render_markdown("![plan](/static/plan.png)")


def test_the_setting_lets_remote_images_load(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MARKDOWN_REMOTE_IMAGES = True
    html = render_markdown("![the chart](https://cdn.example/p.png)")
    assert '<img alt="the chart" src="https://cdn.example/p.png">' in html


def test_a_script_link_in_markdown_loses_its_address() -> None:
    html = render_markdown("[click](javascript:alert(1)) <a href='vbscript:x'>y</a>")
    assert "javascript" not in html
    assert "vbscript" not in html
