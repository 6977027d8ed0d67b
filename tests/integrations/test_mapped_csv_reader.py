from datetime import UTC, datetime
from pathlib import Path

from tandem.integrations.sources import (
    TARGETS,
    ImportedPerson,
    ImportedStatus,
    IssueRef,
    Problem,
    read_mapped_csv,
    suggest_mapping,
)

FIXTURES = Path(__file__).parent / "fixtures"
FIELDS = ", ".join(TARGETS)
MAPPING = {
    "key": "Ref",
    "title": "Headline",
    "description": "Details",
    "kind": "Type",
    "status": "State",
    "story_points": "Points",
    "labels": "Tags",
    "assignee": "Owner",
    "created": "Opened",
    "epic": "Epic",
    "sprint": "Iteration",
    "rank": "Order",
    "comments": "Notes",
}


def read(mapping: dict[str, str] = MAPPING):  # type: ignore[no-untyped-def]
    data = (FIXTURES / "mapped.csv").read_bytes()
    return read_mapped_csv(data, mapping, filename="backlog.csv")


def test_the_mapping_reads_every_mapped_field() -> None:
    first = read().issues[0]
    assert (first.external_key, first.title, first.description) == (
        "WEB-1",
        "Sign up",
        "Create an account",
    )
    assert (first.kind, first.source_kind) == ("story", "Story")
    assert first.status == ImportedStatus("In Progress", "indeterminate")
    assert first.story_points == 3.0
    assert first.labels == ("onboarding", "web")
    assert first.assignee == ImportedPerson(name="Ann Lee", email="ann@example.com")
    assert first.created == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert first.epic == IssueRef(key="WEB-0")
    assert first.sprint_ids == ("Sprint 1",)
    assert first.position == 1.5
    (comment,) = first.comments
    assert (comment.body, comment.author) == ("Looks good", ImportedPerson(email="bob@example.com"))


def test_the_semicolon_delimiter_is_detected() -> None:
    assert len(read().issues) == 3


def test_bad_rows_are_problems_naming_file_line_and_field() -> None:
    assert read().problems == (
        Problem("backlog.csv", "line 4 (WEB-3)", "title", "is empty; every record needs a title"),
        Problem("backlog.csv", "line 5 (WEB-4)", "story_points", "'big' is not a number"),
    )


def test_a_mapping_to_a_missing_column_or_an_unknown_field_is_refused_before_reading() -> None:
    result = read({"title": "Headline", "colour": "Type", "story_points": "Estimate"})
    assert result.problems == (
        Problem("backlog.csv", "mapping", "colour", f"is not a field; use one of {FIELDS}"),
        Problem(
            "backlog.csv",
            "mapping",
            "story_points",
            "names the column 'Estimate', which the file does not have",
        ),
    )
    assert result.issues == ()


def test_a_mapping_without_a_title_is_refused() -> None:
    result = read({"key": "Ref"})
    assert result.problems == (
        Problem(
            "backlog.csv", "mapping", "title", "map a column to the title; every record needs one"
        ),
    )


def test_a_first_guess_at_the_mapping_comes_from_the_header() -> None:
    header = ["Issue key", "Summary", "Story Points", "Tags", "Assigned to", "Sprint", "Whatever"]
    assert suggest_mapping(header) == {
        "key": "Issue key",
        "title": "Summary",
        "story_points": "Story Points",
        "labels": "Tags",
        "assignee": "Assigned to",
        "sprint": "Sprint",
    }


def test_rows_without_a_key_are_named_by_their_line() -> None:
    result = read_mapped_csv("Title\nFirst\n", {"title": "Title"}, filename="t.csv")
    assert (result.issues[0].external_key, result.issues[0].external_id) == ("", "t.csv:2")
