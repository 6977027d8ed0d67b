from tandem.integrations.sources import adf_to_markdown, wiki_to_markdown


def doc(*content: dict) -> dict:  # type: ignore[type-arg]
    return {"type": "doc", "version": 1, "content": list(content)}


def paragraph(*content: dict) -> dict:  # type: ignore[type-arg]
    return {"type": "paragraph", "content": list(content)}


def text(value: str, *marks: str) -> dict:  # type: ignore[type-arg]
    return {"type": "text", "text": value, "marks": [{"type": mark} for mark in marks]}


def test_plain_text_passes_through_wiki_conversion_unchanged() -> None:
    assert (
        wiki_to_markdown("Nothing special here, 2024-03-01.") == "Nothing special here, 2024-03-01."
    )


def test_wiki_headings_emphasis_and_monospace_become_markdown() -> None:
    assert wiki_to_markdown("h1. Title\n*bold* _it_ -gone- {{code}}") == (
        "# Title\n**bold** *it* ~~gone~~ `code`"
    )


def test_wiki_links_mentions_and_images_become_markdown() -> None:
    assert wiki_to_markdown("[docs|https://x.org] [https://y.org] [~ann] !a.png|width=3!") == (
        "[docs](https://x.org) <https://y.org> @ann ![](a.png)"
    )


def test_wiki_nested_lists_keep_their_depth() -> None:
    assert wiki_to_markdown("* one\n** two\n# first\n## second") == (
        "- one\n  - two\n1. first\n   1. second"
    )


def test_wiki_code_blocks_keep_their_language_and_their_text_untouched() -> None:
    assert wiki_to_markdown("{code:java}\nint *x* = 1;\n{code}") == "\n```java\nint *x* = 1;\n```\n"


def test_wiki_tables_and_quotes_become_markdown() -> None:
    assert wiki_to_markdown("||a||b||\n|1|2|\nbq. said") == (
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n> said"
    )


def test_adf_marks_nest_in_markdown() -> None:
    assert adf_to_markdown(doc(paragraph(text("x", "strong", "em"), text(" y", "strike")))) == (
        "***x*** ~~y~~"
    )


def test_adf_text_that_looks_like_markdown_is_escaped() -> None:
    assert adf_to_markdown(doc(paragraph(text("a*b_c")))) == "a\\*b\\_c"


def test_adf_ordered_and_task_lists_become_markdown_lists() -> None:
    ordered = {
        "type": "orderedList",
        "attrs": {"order": 3},
        "content": [
            {"type": "listItem", "content": [paragraph(text("c"))]},
            {"type": "listItem", "content": [paragraph(text("d"))]},
        ],
    }
    tasks = {
        "type": "taskList",
        "content": [
            {"type": "taskItem", "attrs": {"state": "DONE"}, "content": [text("shipped")]},
            {"type": "taskItem", "attrs": {"state": "TODO"}, "content": [text("tested")]},
        ],
    }
    assert adf_to_markdown(doc(ordered, tasks)) == "3. c\n4. d\n\n- [x] shipped\n- [ ] tested"


def test_adf_tables_quotes_rules_and_attachments_become_markdown() -> None:
    table = {
        "type": "table",
        "content": [
            {"type": "tableRow", "content": [
                {"type": "tableHeader", "content": [paragraph(text("k"))]},
                {"type": "tableHeader", "content": [paragraph(text("v"))]},
            ]},
            {"type": "tableRow", "content": [
                {"type": "tableCell", "content": [paragraph(text("a|b"))]},
                {"type": "tableCell", "content": [paragraph(text("1"))]},
            ]},
        ],
    }  # fmt: skip
    quote = {"type": "blockquote", "content": [paragraph(text("wise"))]}
    media = {"type": "mediaSingle", "content": [{"type": "media", "attrs": {"alt": "shot.png"}}]}
    assert adf_to_markdown(doc(table, quote, {"type": "rule"}, media)) == (
        "| k | v |\n| --- | --- |\n| a\\|b | 1 |\n\n> wise\n\n---\n\n[attachment: shot.png]"
    )


def test_adf_that_is_not_a_document_gives_empty_text() -> None:
    assert adf_to_markdown("not a doc") == ""


def test_adf_nested_far_too_deep_still_gives_its_text() -> None:
    node: dict = paragraph(text("deep"))  # type: ignore[type-arg]
    for _ in range(3000):
        node = {"type": "blockquote", "content": [node]}
    assert "deep" in adf_to_markdown(doc(node))
