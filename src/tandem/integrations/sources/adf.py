"""Atlassian Document Format (Jira API v3 rich text) → Markdown.

Covers what people write in descriptions and comments: paragraphs, headings,
lists (bullet, ordered, task), code blocks, quotes and panels, tables, rules,
links, mentions, emoji, dates, status lozenges and cards. Attachments become a
placeholder naming the file. An unknown node keeps the text inside it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

_MAX_DEPTH = 48
_ESCAPE = re.compile(r"([\\`*_\[\]<])")


def adf_to_markdown(document: Any) -> str:
    """Markdown for an ADF document (a ``{"type": "doc", ...}`` dict); "" for anything else."""
    if not isinstance(document, dict):
        return ""
    return _blocks(_children(document), 0).strip()


def _type(node: dict[str, Any]) -> str:
    kind = node.get("type")
    return kind if isinstance(kind, str) else ""


def _children(node: dict[str, Any]) -> list[dict[str, Any]]:
    content = node.get("content")
    if not isinstance(content, list):
        return []
    return [child for child in content if isinstance(child, dict)]


def _attrs(node: dict[str, Any]) -> dict[str, Any]:
    attrs = node.get("attrs")
    return attrs if isinstance(attrs, dict) else {}


def _blocks(nodes: list[dict[str, Any]], depth: int) -> str:
    return "\n\n".join(text for text in (_block(node, depth) for node in nodes) if text)


def _block(node: dict[str, Any], depth: int) -> str:
    if depth > _MAX_DEPTH:
        return _plain(node)
    kind = _type(node)
    attrs = _attrs(node)
    children = _children(node)
    if kind == "paragraph":
        return _inline(children)
    if kind == "heading":
        level = attrs.get("level")
        level = level if isinstance(level, int) and 1 <= level <= 6 else 1
        return "#" * level + " " + _inline(children)
    if kind in ("bulletList", "orderedList", "taskList", "decisionList"):
        return _list(node, depth)
    if kind == "codeBlock":
        language = attrs.get("language")
        fence = "````" if "```" in _plain(node) else "```"
        body = "".join(str(child.get("text", "")) for child in children)
        return f"{fence}{language if isinstance(language, str) else ''}\n{body}\n{fence}"
    if kind in ("blockquote", "panel"):
        inner = _blocks(children, depth + 1)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind == "rule":
        return "---"
    if kind in ("expand", "nestedExpand"):
        title = attrs.get("title")
        inner = _blocks(children, depth + 1)
        return f"**{_escape(title)}**\n\n{inner}" if isinstance(title, str) and title else inner
    if kind == "table":
        return _table(node)
    if kind in ("mediaSingle", "mediaGroup", "media"):
        return _media(node)
    if kind in ("blockCard", "embedCard"):
        url = attrs.get("url")
        return f"<{url}>" if isinstance(url, str) else ""
    if children and all(_type(child) not in _INLINE for child in children):
        return _blocks(children, depth + 1)
    return _inline(children) if children else _inline([node])


_INLINE = {"text", "hardBreak", "mention", "emoji", "inlineCard", "status", "date", "placeholder"}


def _list(node: dict[str, Any], depth: int) -> str:
    kind = _type(node)
    start = _attrs(node).get("order")
    number = start if isinstance(start, int) and start >= 0 else 1
    lines: list[str] = []
    for item in _children(node):
        if kind == "orderedList":
            marker = f"{number}. "
            number += 1
        elif kind == "taskList":
            marker = "- [x] " if _attrs(item).get("state") == "DONE" else "- [ ] "
        else:
            marker = "- "
        item_children = _children(item)
        if kind in ("taskList", "decisionList") or all(
            _type(child) in _INLINE for child in item_children
        ):
            body = _inline(item_children)
        else:
            body = _blocks(item_children, depth + 1)
        indent = " " * len(marker)
        text_lines = body.split("\n") or [""]
        lines.append(marker + text_lines[0])
        lines.extend(indent + line if line else "" for line in text_lines[1:])
    return "\n".join(lines)


def _table(node: dict[str, Any]) -> str:
    rows = [
        [_cell(cell) for cell in _children(row)]
        for row in _children(node)
        if _type(row) == "tableRow"
    ]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in padded[1:])
    return "\n".join(lines)


def _cell(cell: dict[str, Any]) -> str:
    return _blocks(_children(cell), _MAX_DEPTH).replace("\n", " ").replace("|", "\\|")


def _media(node: dict[str, Any]) -> str:
    names = []
    stack = [node]
    while stack:
        current = stack.pop()
        if _type(current) == "media":
            attrs = _attrs(current)
            name = attrs.get("alt") or attrs.get("url") or attrs.get("id") or "file"
            names.append(f"[attachment: {name}]")
        stack.extend(reversed(_children(current)))
    return " ".join(names)


def _inline(nodes: list[dict[str, Any]]) -> str:
    return "".join(_inline_one(node) for node in nodes)


def _inline_one(node: dict[str, Any]) -> str:
    kind = _type(node)
    attrs = _attrs(node)
    if kind == "text":
        return _marked(str(node.get("text", "")), node.get("marks"))
    if kind == "hardBreak":
        return "  \n"
    if kind == "mention":
        name = attrs.get("text") or attrs.get("id") or ""
        return str(name) if str(name).startswith("@") else f"@{name}"
    if kind == "emoji":
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind == "inlineCard":
        url = attrs.get("url")
        return f"<{url}>" if isinstance(url, str) else ""
    if kind == "status":
        return f"[{attrs.get('text', '')}]"
    if kind == "date":
        return _date(attrs.get("timestamp"))
    if kind == "placeholder":
        return ""
    if _children(node):
        return _escape(_plain(node))
    return _escape(str(attrs.get("text", "")))


def _marked(text: str, marks: Any) -> str:
    if not isinstance(marks, list):
        return _escape(text)
    kinds = {_type(mark): mark for mark in marks if isinstance(mark, dict)}
    if "code" in kinds:
        fence = "``" if "`" in text else "`"
        result = f"{fence}{text}{fence}"
    else:
        result = _escape(text)
    stripped = result.strip()
    if stripped:
        leading = result[: len(result) - len(result.lstrip())]
        trailing = result[len(result.rstrip()) :]
        if "strike" in kinds:
            stripped = f"~~{stripped}~~"
        if "em" in kinds:
            stripped = f"*{stripped}*"
        if "strong" in kinds:
            stripped = f"**{stripped}**"
        result = leading + stripped + trailing
    link = kinds.get("link")
    if link is not None:
        href = _attrs(link).get("href")
        if isinstance(href, str) and href:
            result = f"[{result}]({href})"
    return result


def _date(timestamp: Any) -> str:
    try:
        return datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _plain(node: dict[str, Any]) -> str:
    """All the text under a node, without recursion (for a deeply nested document)."""
    parts: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if _type(current) == "text":
            parts.append(str(current.get("text", "")))
        stack.extend(reversed(_children(current)))
    return "".join(parts)
