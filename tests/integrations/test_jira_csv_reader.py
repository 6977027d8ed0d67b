from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tandem.integrations.sources import (
    ImportedLink,
    ImportedPerson,
    ImportedStatus,
    IssueRef,
    JiraCsvOptions,
    Problem,
    read_jira_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
BERLIN_WINTER = timezone(timedelta(hours=1))


def export(**options: object):  # type: ignore[no-untyped-def]
    data = (FIXTURES / "jira_export.csv").read_bytes()
    return read_jira_csv(data, filename="export.csv", options=JiraCsvOptions(**options))  # type: ignore[arg-type]


def by_key(result, key):  # type: ignore[no-untyped-def]
    return next(issue for issue in result.issues if issue.external_key == key)


def test_every_row_with_a_key_and_summary_is_read_in_file_order() -> None:
    assert [issue.external_key for issue in export().issues] == [
        "DRN-1",
        "DRN-2",
        "DRN-3",
        "DRN-4",
        "DRN-6",
    ]


def test_a_row_keeps_every_field_of_the_export() -> None:
    story = by_key(export(base_url="https://drone.example.net/"), "DRN-2")
    assert (story.external_id, story.title, story.kind) == ("10002", "Pay by card", "story")
    assert story.status == ImportedStatus("Done", "done")
    assert story.priority == "High"
    assert story.story_points == 5.0
    assert story.rank == "0|i0000c:"
    assert story.epic == IssueRef(key="DRN-1")
    assert story.assignee == ImportedPerson(external_id="acc-ann", name="Ann Lee")
    assert story.reporter == ImportedPerson(name="Bob Roe")
    assert story.description == 'People **want** cards; "fast".'
    assert story.components == ("web",)
    assert story.releases == ("1.2",)
    assert story.url == "https://drone.example.net/browse/DRN-2"


def test_repeated_columns_give_every_value() -> None:
    story = by_key(export(), "DRN-2")
    assert story.labels == ("payments", "mobile")
    assert story.sprint_ids == ("Sprint 7", "Sprint 8")


def test_jira_dates_are_read_in_the_sites_time_zone() -> None:
    story = by_key(export(timezone=BERLIN_WINTER), "DRN-2")
    assert story.created == datetime(2024, 1, 3, 9, 30, tzinfo=BERLIN_WINTER)
    assert story.updated == datetime(2024, 1, 20, 16, 45, tzinfo=BERLIN_WINTER)
    assert story.resolved == datetime(2024, 1, 19, 12, 0, tzinfo=BERLIN_WINTER)
    assert story.due == date(2024, 1, 31)


def test_comment_cells_split_into_date_author_and_a_body_that_may_hold_semicolons() -> None:
    comments = by_key(export(), "DRN-2").comments
    assert [(c.author, c.body) for c in comments] == [
        (ImportedPerson(external_id="acc-bob"), "Which cards; all of them?"),
        (ImportedPerson(external_id="acc-ann", name="Ann Lee"), "Visa."),
    ]
    assert comments[0].created is not None
    assert (comments[0].created.hour, comments[0].created.minute) == (10, 0)


def test_link_columns_become_links_with_their_direction() -> None:
    assert by_key(export(), "DRN-2").links == (
        ImportedLink(relation="blocks", target_key="DRN-5", link_type="Blocks"),
        ImportedLink(relation="is cloned by", target_key="DRN-9", link_type="Cloners"),
    )


def test_parent_ids_resolve_to_a_parent_or_to_the_epic() -> None:
    result = export()
    assert by_key(result, "DRN-3").parent == IssueRef(key="DRN-2", id="10002")
    assert by_key(result, "DRN-4").epic == IssueRef(key="DRN-1", id="10001")
    assert by_key(result, "DRN-4").parent is None


def test_sprints_named_in_the_export_list_their_issues() -> None:
    sprints = {sprint.name: sprint.issue_keys for sprint in export().sprints}
    assert sprints == {"Sprint 7": ("DRN-2",), "Sprint 8": ("DRN-2", "DRN-3")}


def test_bad_rows_are_problems_naming_file_line_and_column() -> None:
    assert export().problems == (
        Problem(
            "export.csv", "line 5 (DRN-4)", "Custom Field (Story Points)", "'three' is not a number"
        ),
        Problem("export.csv", "line 6 (DRN-5)", "Summary", "is empty; every issue needs a summary"),
        Problem(
            "export.csv",
            "line 7 (DRN-6)",
            "Created",
            "'31/Foo/24 9:00 AM' is not a date ('Foo' is not a month)",
        ),
    )


def test_a_file_without_the_key_column_says_which_column_is_missing() -> None:
    result = read_jira_csv("Summary,Status\nOne,Done\n", filename="short.csv")
    assert result.problems == (
        Problem("short.csv", "header", "issue key", "this column is missing"),
    )
    assert result.issues == ()


def test_a_configured_story_points_column_is_used() -> None:
    data = "Issue key,Summary,Custom field (Points)\nA-1,One,8\n"
    options = JiraCsvOptions(story_points_column="Custom field (Points)")
    assert read_jira_csv(data, options=options).issues[0].story_points == 8.0
