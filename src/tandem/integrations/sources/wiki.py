"""Jira wiki markup (API v2 and CSV descriptions and comments) → Markdown.

Headings, emphasis, monospace, links, mentions, images, lists, tables, quotes,
``{code}``/``{noformat}`` blocks and rules are translated; macros Markdown has no
word for (``{color}``, ``{panel}``) are dropped and their text kept. Plain text
passes through untouched, so it is safe to run on a description that was never
written in wiki markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CODE_BLOCK = re.compile(r"\{(code|noformat)(?::([^}]*))?\}(.*?)\{\1\}", re.DOTALL | re.IGNORECASE)
_QUOTE_BLOCK = re.compile(r"\{quote\}(.*?)\{quote\}", re.DOTALL | re.IGNORECASE)
_DROPPED_MACROS = re.compile(r"\{(?:color|panel|section|column|div|span)(?::[^}]*)?\}", re.I)
_HEADINGS = tuple(f"h{level}." for level in range(1, 7))
_MARKERS = ("*", "_", "{", "[", "!", "|", "+", "\\", "#", "-", "??", "bq.", *_HEADINGS)
_RULE = re.compile(r"^[ \t]*----[ \t]*$", re.M)
_HEADING = re.compile(r"^[ \t]*h([1-6])\.[ \t]*", re.M)
_QUOTE_LINE = re.compile(r"^[ \t]*bq\.[ \t]?", re.M)
_LIST = re.compile(r"^([*#-]+)[ \t]+", re.M)
_MONOSPACE = re.compile(r"\{\{(.+?)\}\}")
_STRONG = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=\S)\*(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_CITATION = re.compile(r"\?\?(?=\S)(.+?)(?<=\S)\?\?")
_STRIKE = re.compile(r"(?<![\w-])-(?=[^\s-])(.+?)(?<=[^\s-])-(?![\w-])")
_INSERTED = re.compile(r"(?<![\w+])\+(?=\S)(.+?)(?<=\S)\+(?![\w+])")
_LINK_WITH_TEXT = re.compile(r"\[([^|\]\n]+)\|([^\]\n]+)\]")
_MENTION = re.compile(r"\[~([^\]\n]+)\]")
_BARE_LINK = re.compile(r"\[((?:https?|mailto|ftp):[^\]\s]+)\]")
_IMAGE = re.compile(r"!([^!\s|]+?)(?:\|[^!\n]*)?!")
_KEPT = re.compile("\x00(\\d+)\x00")


def wiki_to_markdown(text: str) -> str:
    """Markdown for a wiki-markup text; text without markup comes back unchanged."""
    if not text or not any(marker in text for marker in _MARKERS):
        return text
    kept: list[str] = []

    def keep(markdown: str) -> str:
        kept.append(markdown)
        return f"\x00{len(kept) - 1}\x00"

    def code_block(match: re.Match[str]) -> str:
        language = (match.group(2) or "").split("|")[0]
        language = "" if "=" in language else language.strip()
        body = match.group(3).strip("\n")
        fence = "````" if "```" in body else "```"
        return "\n" + keep(f"{fence}{language}\n{body}\n{fence}") + "\n"

    text = text.replace("\r\n", "\n")
    if "{" in text:
        text = _CODE_BLOCK.sub(code_block, text)
        text = _MONOSPACE.sub(lambda m: keep("`" + m.group(1) + "`"), text)
        text = _QUOTE_BLOCK.sub(lambda m: _quoted(m.group(1).strip("\n")), text)
        text = _DROPPED_MACROS.sub("", text)
    if "----" in text:
        text = _RULE.sub("---", text)
    if "* " in text or "# " in text or "- " in text:
        text = _LIST.sub(_list_marker, text)
    if any(heading in text for heading in _HEADINGS):
        text = _HEADING.sub(lambda m: "#" * int(m.group(1)) + " ", text)
    if "bq." in text:
        text = _QUOTE_LINE.sub("> ", text)
    text = _inline(text)
    if "|" in text:
        text = "\n".join(_tables(text.split("\n")))
    return _KEPT.sub(lambda m: kept[int(m.group(1))], text) if kept else text


def _quoted(body: str) -> str:
    return "\n".join(f"bq. {line}" for line in body.split("\n"))


def _list_marker(match: re.Match[str]) -> str:
    markers = match.group(1)
    if markers[-1] == "#":
        return "   " * (len(markers) - 1) + "1. "
    return "  " * (len(markers) - 1) + "- "


# In order: each rule runs only where its marker stands, which keeps plain text fast.
_INLINE_RULES: tuple[tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    ("[", _LINK_WITH_TEXT, lambda m: f"[{m.group(1)}]({m.group(2).strip()})"),
    ("[", _MENTION, r"@\1"),
    ("[", _BARE_LINK, r"<\1>"),
    ("!", _IMAGE, r"![](\1)"),
    ("*", _STRONG, r"**\1**"),
    ("_", _EMPHASIS, r"*\1*"),
    ("??", _CITATION, r"*\1*"),
    ("-", _STRIKE, r"~~\1~~"),
    ("+", _INSERTED, r"\1"),
)


def _inline(text: str) -> str:
    for marker, pattern, replacement in _INLINE_RULES:
        if marker in text:
            text = pattern.sub(replacement, text)
    if "\\\\" in text:
        text = text.replace("\\\\", "  \n")
    return text


def _tables(lines: list[str]) -> list[str]:
    out: list[str] = []
    previous_was_row = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("||"):
            cells = [cell.strip() for cell in stripped.strip("|").split("||")]
            out += _header(cells)
            previous_was_row = True
        elif stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if not previous_was_row:
                out += _header(["" for _ in cells])  # Markdown needs a header row
            out.append(_row(cells))
            previous_was_row = True
        else:
            out.append(line)
            previous_was_row = False
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(cells: list[str]) -> list[str]:
    return [_row(cells), "|" + " --- |" * len(cells)]
