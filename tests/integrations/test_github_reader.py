import json
from datetime import UTC, datetime
from pathlib import Path

from tandem.integrations.sources import (
    ImportedLink,
    ImportedPerson,
    ImportedStatus,
    Problem,
    read_github_issues,
)

FIXTURES = Path(__file__).parent / "fixtures"


def read(**options: object):  # type: ignore[no-untyped-def]
    return read_github_issues(
        (FIXTURES / "github_issues.json").read_bytes(),
        filename="issues.json",
        comments=(FIXTURES / "github_comments.json").read_bytes(),
        **options,  # type: ignore[arg-type]
    )


def by_key(result, key):  # type: ignore[no-untyped-def]
    return next(issue for issue in result.issues if issue.external_key == key)


def test_issues_keep_their_repository_and_number_as_key() -> None:
    assert [issue.external_key for issue in read().issues] == [
        "drone/app#12",
        "drone/app#13",
        "drone/app#16",
    ]


def test_an_issue_keeps_every_field_a_team_cares_about() -> None:
    issue = by_key(read(), "drone/app#12")
    assert (issue.external_id, issue.title, issue.kind) == (
        "900001",
        "Export fails on large boards",
        "bug",
    )
    assert issue.description == "Steps:\n1. open a board\n2. export"
    assert issue.status == ImportedStatus("Open", "new")
    assert issue.story_points == 3.0
    assert issue.labels == ("bug", "points: 3")
    assert [person.username for person in issue.assignees] == ["bob", "cy"]
    assert issue.reporter == ImportedPerson(external_id="11", username="ann")
    assert issue.created == datetime(2024, 3, 2, 10, 0, tzinfo=UTC)
    assert issue.updated == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert issue.resolved is None
    assert issue.url == "https://github.com/drone/app/issues/12"


def test_a_milestone_becomes_a_release_with_its_dates() -> None:
    result = read()
    assert by_key(result, "drone/app#12").sprint_ids == ("5001",)
    (milestone,) = result.sprints
    assert (milestone.name, milestone.kind, milestone.state, milestone.goal) == (
        "v1.4",
        "release",
        "active",
        "Spring release",
    )
    assert milestone.end == datetime(2024, 4, 1, 7, 0, tzinfo=UTC)
    assert milestone.issue_keys == ("drone/app#12",)


def test_comments_come_embedded_or_from_the_sibling_file() -> None:
    result = read()
    assert [c.body for c in by_key(result, "drone/app#13").comments] == ["Not now."]
    sibling = by_key(result, "drone/app#12").comments
    assert [(c.author.username if c.author else "", c.body) for c in sibling] == [
        ("cy", "Seen it on a 5k-card board.")
    ]


def test_a_closed_issue_not_planned_is_done_under_its_own_status() -> None:
    issue = by_key(read(), "drone/app#13")
    assert issue.status == ImportedStatus("Closed (not planned)", "done")
    assert issue.resolved == datetime(2024, 3, 6, 9, 0, tzinfo=UTC)
    assert issue.kind == "story"


def test_pull_requests_become_links_on_the_issues_they_close() -> None:
    assert by_key(read(), "drone/app#12").links == (
        ImportedLink(
            relation="pull request",
            url="https://github.com/drone/app/pull/14",
            title="Fix export of large boards",
        ),
    )


def test_pull_requests_can_be_left_out_and_counted() -> None:
    result = read(pull_requests="skip")
    assert by_key(result, "drone/app#12").links == ()
    assert result.notes == ("1 pull request(s) were left out.",)


def test_bad_items_are_problems_naming_file_record_and_field() -> None:
    assert read().problems == (
        Problem("issues.json", "item 4 (#15)", "title", "is empty"),
        Problem(
            "issues.json", "item 5 (#16)", "created_at", "Invalid isoformat string: 'last tuesday'"
        ),
        Problem("comments.json", "comment 2", "issue_url", "does not name an issue"),
    )


def test_the_gh_command_line_shape_reads_the_same_fields() -> None:
    item = {
        "number": 3,
        "title": "Sync",
        "body": "b",
        "state": "CLOSED",
        "stateReason": "COMPLETED",
        "url": "https://github.com/drone/app/issues/3",
        "author": {"login": "ann"},
        "labels": [{"name": "Epic"}],
        "assignees": [{"login": "bob", "name": "Bob Roe"}],
        "comments": [
            {"author": {"login": "bob"}, "body": "done", "createdAt": "2024-01-01T00:00Z"}
        ],
        "createdAt": "2024-01-01T00:00:00Z",
        "closedAt": "2024-01-02T00:00:00Z",
        "milestone": {"number": 1, "title": "v1", "dueOn": None},
    }
    issue = read_github_issues(json.dumps([item])).issues[0]
    assert (issue.external_key, issue.kind, issue.status) == (
        "drone/app#3",
        "epic",
        ImportedStatus("Closed", "done"),
    )
    assert issue.assignee == ImportedPerson(name="Bob Roe", username="bob")
    assert issue.comments[0].body == "done"
    assert issue.resolved == datetime(2024, 1, 2, tzinfo=UTC)


def test_a_file_that_is_not_a_list_of_issues_is_a_problem() -> None:
    result = read_github_issues(b'{"message": "Not Found"}', filename="x.json")
    assert result.problems == (Problem("x.json", "file", "", "is not a list of GitHub issues"),)
