from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from tandem.integrations.sources import (
    ImportedLink,
    ImportedPerson,
    ImportedStatus,
    IssueRef,
    JiraJsonReader,
    JiraOptions,
    Problem,
    read_jira_json,
)

FIXTURES = Path(__file__).parent / "fixtures"
CET = timezone(timedelta(hours=1))


def v2() -> bytes:
    return (FIXTURES / "jira_search_v2.json").read_bytes()


def by_key(result, key):  # type: ignore[no-untyped-def]
    return next(issue for issue in result.issues if issue.external_key == key)


def test_a_search_page_reads_every_good_issue_in_order() -> None:
    result = read_jira_json(v2(), filename="page-1.json")
    assert [issue.external_key for issue in result.issues] == [
        "DRN-1",
        "DRN-2",
        "DRN-3",
        "DRN-4",
        "DRN-7",
    ]
    assert [issue.sequence for issue in result.issues] == [1, 2, 3, 4, 6]


def test_a_story_keeps_every_field_a_team_cares_about() -> None:
    story = by_key(read_jira_json(v2()), "DRN-2")
    assert story.external_id == "10002"
    assert story.title == "Pay by card"
    assert (story.kind, story.source_kind) == ("story", "Story")
    assert story.status == ImportedStatus("Done", "done")
    assert story.story_points == 5.0
    assert story.rank == "0|i0000c:"
    assert story.epic == IssueRef(key="DRN-1")
    assert story.parent is None
    assert story.sprint_ids == ("37", "38")
    assert story.assignee == ImportedPerson("acc-ann", "Ann Lee", "ann@example.com", "")
    assert story.reporter == ImportedPerson("acc-bob", "Bob Roe", "", "")
    assert story.labels == ("payments", "mobile")
    assert story.components == ("web",)
    assert story.releases == ("1.2",)
    assert story.priority == "High"
    assert story.created == datetime(2024, 1, 3, 9, 30, tzinfo=CET)
    assert story.updated == datetime(2024, 1, 20, 16, 45, 12, 345000, tzinfo=CET)
    assert story.resolved == datetime(2024, 1, 19, 12, 0, tzinfo=CET)
    assert story.due == date(2024, 1, 31)
    assert story.project_key == "DRN"
    assert story.url == "https://drone.example.net/browse/DRN-2"


def test_wiki_markup_descriptions_become_markdown() -> None:
    story = by_key(read_jira_json(v2()), "DRN-2")
    assert story.description == (
        "## Why\nPeople **want** to pay with `cards`.\n1. enter the number\n1. confirm"
    )


def test_comments_keep_author_date_and_body() -> None:
    comments = by_key(read_jira_json(v2()), "DRN-2").comments
    assert [(c.external_id, c.author.name if c.author else "", c.body) for c in comments] == [
        ("501", "Bob Roe", "Which **cards**?"),
        ("502", "Ann Lee", "Visa and Mastercard."),
    ]
    assert comments[0].created == datetime(2024, 1, 4, 10, 0, tzinfo=CET)


def test_issue_links_read_from_this_issues_side() -> None:
    assert by_key(read_jira_json(v2()), "DRN-2").links == (
        ImportedLink(relation="blocks", target_key="DRN-5", link_type="Blocks"),
        ImportedLink(relation="relates to", target_key="DRN-4", link_type="Relates"),
    )


def test_a_sub_task_is_a_task_under_its_parent() -> None:
    subtask = by_key(read_jira_json(v2()), "DRN-3")
    assert (subtask.kind, subtask.source_kind) == ("subtask", "Sub-task")
    assert subtask.parent == IssueRef(key="DRN-2", id="10002")
    assert subtask.epic is None


def test_a_parent_that_is_an_epic_is_the_epic() -> None:
    bug = by_key(read_jira_json(v2()), "DRN-4")
    assert bug.kind == "bug"
    assert bug.epic == IssueRef(key="DRN-1", id="10001")
    assert bug.parent is None


def test_an_epic_has_no_epic_of_its_own() -> None:
    epic = by_key(read_jira_json(v2()), "DRN-1")
    assert (epic.kind, epic.epic) == ("epic", None)


def test_story_points_given_as_text_are_read_as_numbers() -> None:
    assert by_key(read_jira_json(v2()), "DRN-4").story_points == 3.0


def test_a_status_outside_the_usual_names_keeps_its_category() -> None:
    assert by_key(read_jira_json(v2()), "DRN-4").status == ImportedStatus(
        "Waiting for QA", "indeterminate"
    )


def test_sprints_keep_dates_goal_state_and_contents() -> None:
    sprints = {sprint.external_id: sprint for sprint in read_jira_json(v2()).sprints}
    seven = sprints["37"]
    assert (seven.name, seven.state, seven.goal, seven.board_id) == (
        "Sprint 7",
        "closed",
        "Card payments",
        "4",
    )
    assert seven.start == datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
    assert seven.end == datetime(2024, 1, 22, 17, 0, tzinfo=UTC)
    assert seven.completed == datetime(2024, 1, 22, 18, 0, tzinfo=UTC)
    assert seven.issue_keys == ("DRN-2",)
    assert sprints["38"].state == "active"


def test_legacy_sprint_strings_are_read_with_commas_in_name_and_goal() -> None:
    sprint = next(s for s in read_jira_json(v2()).sprints if s.external_id == "36")
    assert sprint.name == "Sprint 6, the long one"
    assert sprint.goal == "Ship, then rest"
    assert sprint.state == "closed"
    assert sprint.start == datetime(2023, 12, 18, 9, 0, tzinfo=UTC)
    assert sprint.completed is None
    assert sprint.issue_keys == ("DRN-4",)


def test_bad_records_are_problems_naming_file_record_and_field() -> None:
    result = read_jira_json(v2(), filename="page-1.json")
    assert result.problems == (
        Problem("page-1.json", "issue 5", "key", "is missing; every issue needs its key"),
        Problem(
            "page-1.json",
            "issue 6 (DRN-7)",
            "story points",
            "'lots' is not a number",
        ),
        Problem(
            "page-1.json",
            "issue 6 (DRN-7)",
            "created",
            "Invalid isoformat string: 'yesterday'",
        ),
    )
    assert not result.ok


def test_a_record_with_a_bad_optional_field_is_kept_with_that_field_empty() -> None:
    broken = by_key(read_jira_json(v2()), "DRN-7")
    assert (broken.created, broken.story_points) == (None, None)


def test_people_are_gathered_once_each_with_what_every_mention_adds() -> None:
    people = {person.external_id: person for person in read_jira_json(v2()).people}
    assert set(people) == {"acc-ann", "acc-bob"}
    assert people["acc-ann"].email == "ann@example.com"


def test_statuses_are_listed_once_each() -> None:
    assert {status.name for status in read_jira_json(v2()).statuses} == {
        "In Progress",
        "Done",
        "To Do",
        "Waiting for QA",
    }


def test_api_v3_descriptions_and_comments_turn_from_adf_into_markdown() -> None:
    result = read_jira_json((FIXTURES / "jira_search_v3.json").read_bytes())
    issue = result.issues[0]
    assert issue.description == (
        "## Goal\n\n"
        "Work **without** a network, see [the spec](https://example.com/spec).\n\n"
        "- queue writes\n- sync with `retry()`\n\n"
        "```python\nqueue.flush()\n```\n\n"
        "@Ann Lee please check"
    )
    assert issue.comments[0].body == "*Agreed*"


def test_story_points_are_found_by_the_sites_field_list() -> None:
    reader = JiraJsonReader()
    reader.feed("fields.json", (FIXTURES / "jira_fields.json").read_bytes())
    reader.feed("search.json", (FIXTURES / "jira_search_v3.json").read_bytes())
    assert reader.result().issues[0].story_points == 8.0


def test_story_points_are_read_from_a_configured_field() -> None:
    result = read_jira_json(
        (FIXTURES / "jira_search_v3.json").read_bytes(),
        options=JiraOptions(story_points_field="customfield_10028"),
    )
    assert result.issues[0].story_points == 8.0
    assert result.notes == ()


def test_without_a_story_points_field_the_result_says_so() -> None:
    result = read_jira_json((FIXTURES / "jira_search_v3.json").read_bytes())
    assert result.issues[0].story_points is None
    assert "No story points field" in result.notes[0]


def test_a_sprint_list_fills_in_sprints_no_issue_names() -> None:
    reader = JiraJsonReader()
    reader.feed("search.json", v2())
    reader.feed("sprints.json", (FIXTURES / "jira_sprints.json").read_bytes())
    sprints = {sprint.external_id: sprint for sprint in reader.result().sprints}
    assert (sprints["39"].name, sprints["39"].state, sprints["39"].goal) == (
        "Sprint 9",
        "future",
        "Refunds",
    )
    assert sprints["37"].issue_keys == ("DRN-2",)


def test_several_pages_in_one_file_read_as_one_export() -> None:
    page = '{"issues": [{"key": "A-%d", "id": "%d", "fields": {"summary": "s%d"}}]}'
    data = "[" + ", ".join(page % (n, n, n) for n in (1, 2)) + "]"
    assert [i.external_key for i in read_jira_json(data).issues] == ["A-1", "A-2"]


def test_pages_written_one_a_line_read_as_one_export() -> None:
    page = '{"issues": [{"key": "A-%d", "id": "%d", "fields": {"summary": "s%d"}}]}'
    data = "\n".join(page % (n, n, n) for n in (1, 2))
    assert [i.external_key for i in read_jira_json(data).issues] == ["A-1", "A-2"]


def test_a_plain_list_of_issues_is_read_too() -> None:
    data = '[{"key": "A-1", "fields": {"summary": "One", "issuetype": {"name": "Bug"}}}]'
    assert read_jira_json(data).issues[0].kind == "bug"


def test_without_names_the_sprint_and_rank_fields_are_found_by_their_values() -> None:
    data = (
        '[{"key": "A-1", "fields": {"summary": "One", "customfield_1": "0|hzzzzz:",'
        ' "customfield_2": [{"id": 5, "name": "S5", "state": "active", "boardId": 1}]}}]'
    )
    issue = read_jira_json(data).issues[0]
    assert (issue.rank, issue.sprint_ids) == ("0|hzzzzz:", ("5",))


def test_a_file_that_is_not_json_is_one_problem_naming_the_file() -> None:
    result = read_jira_json(b"{not json", filename="export.json")
    assert [(p.file, p.record) for p in result.problems] == [("export.json", "file")]
    assert "is not valid JSON" in result.problems[0].message


def test_json_that_is_not_jira_is_a_problem() -> None:
    result = read_jira_json(b'{"hello": "world"}', filename="other.json")
    assert result.problems[0].message.startswith("is not a Jira search result")


def test_the_agile_apis_sprint_and_closed_sprints_fields_are_read() -> None:
    data = (
        '{"issues": [{"key": "A-1", "fields": {"summary": "One",'
        ' "sprint": {"id": 9, "name": "S9", "state": "active", "originBoardId": 2},'
        ' "closedSprints": [{"id": 8, "name": "S8", "state": "closed",'
        ' "completeDate": "2024-01-01T00:00:00.000Z"}]}}]}'
    )
    result = read_jira_json(data)
    assert result.issues[0].sprint_ids == ("9", "8")
    assert {(s.external_id, s.state, s.board_id) for s in result.sprints} == {
        ("9", "active", "2"),
        ("8", "closed", ""),
    }


def test_a_sprint_without_an_id_is_a_problem_on_the_issue() -> None:
    data = (
        '{"issues": [{"key": "A-1", "fields": {"summary": "One",'
        ' "closedSprints": [{"name": "S8", "state": "closed", "id": ""}]}}]}'
    )
    assert read_jira_json(data, filename="p.json").problems == (
        Problem("p.json", "issue 1 (A-1)", "sprint", "a sprint without an id"),
    )


def test_several_files_read_as_one_export() -> None:
    result = JiraJsonReader().feed_files(
        [("page-1.json", v2()), ("page-2.json", (FIXTURES / "jira_search_v3.json").read_bytes())]
    )
    assert len(result.issues) == 6
    assert {p.file for p in result.problems} == {"page-1.json"}


def test_a_board_list_is_not_taken_for_sprints() -> None:
    boards = '{"values": [{"id": 1, "name": "Board", "type": "scrum"}], "isLast": true}'
    result = read_jira_json(boards, filename="boards.json")
    assert (result.sprints, result.problems[0].file) == ((), "boards.json")


def test_a_list_of_other_records_with_keys_is_not_taken_for_issues() -> None:
    categories = '[{"id": 2, "key": "new", "name": "To Do"}]'
    result = read_jira_json(categories, filename="categories.json")
    assert result.issues == ()
    assert result.problems[0].message.startswith("is not a Jira search result")
