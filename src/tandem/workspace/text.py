"""Markdown that is safe to show: rendered, then sanitized against script injection.

Images from other sites are not loaded unless ``TANDEM_MARKDOWN_REMOTE_IMAGES=1``: a
remote image tells its host who read the page and when (a tracking pixel). A
Markdown image becomes a link to it; a remote ``<img>`` written as HTML loses its source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .notifications.mentions import MENTION

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}


def is_remote(address: str) -> bool:
    """Another site's address (``https://…``, ``//host/…``), not a path on this one."""
    split = urlsplit(address.strip())
    return bool(split.scheme or split.netloc)


class _RemoteImagesAsLinks(Treeprocessor):  # type: ignore[misc]
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                source = child.get("src", "")
                if child.tag != "img" or not is_remote(source):
                    continue
                link = ET.Element("a", {"href": source})
                link.text = f"image: {child.get('alt') or source}"
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


class _RemoteImagesExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # After "inline" (which makes the <img>), before "prettify".
        md.treeprocessors.register(_RemoteImagesAsLinks(md), "remote_images", 5)


class _Mention(InlineProcessor):  # type: ignore[misc]
    def handleMatch(  # noqa: N802 (Markdown's name)
        self, m: re.Match[str], data: str
    ) -> tuple[ET.Element, int, int]:
        mark = ET.Element("mark")
        mark.text = AtomicString(m.group(0))  # not matched again inside the mark
        return mark, m.start(0), m.end(0)


class _MentionsExtension(Extension):  # type: ignore[misc]
    """``@person`` shows highlighted (not inside code, where it is literal)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.inlinePatterns.register(_Mention(MENTION.pattern, md), "mention", 5)


def _drop_remote_image_sources(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and is_remote(value):
        return None
    return value


def render_markdown(text: str) -> str:
    remote_images = getattr(settings, "MARKDOWN_REMOTE_IMAGES", False)
    extensions: list[str | Extension] = [
        "fenced_code",
        "tables",
        "sane_lists",
        _MentionsExtension(),
    ]
    if not remote_images:
        extensions.append(_RemoteImagesExtension())
    html = markdown.markdown(text or "", extensions=extensions)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=None if remote_images else _drop_remote_image_sources,
    )
