"""Whatever a file holds, a reader returns a result (with problems); it never raises."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tandem.integrations.sources import (
    JiraJsonReader,
    ReadResult,
    adf_to_markdown,
    read_github_issues,
    read_jira_csv,
    read_jira_json,
    read_mapped_csv,
    read_trello_board,
    wiki_to_markdown,
)

KEYS = [
    *("key", "id", "fields", "summary", "issuetype", "name", "subtask", "hierarchyLevel"),
    *("status", "statusCategory", "parent", "description", "comment", "comments", "body"),
    *("author", "created", "updated", "duedate", "labels", "components", "issuelinks", "type"),
    *("outwardIssue", "inwardIssue", "customfield_10020", "customfield_10016", "sprint"),
    *("closedSprints", "state", "startDate", "values", "issues", "names", "schema", "custom"),
    *("self", "accountId", "displayName", "epic", "content", "text", "marks", "attrs", "level"),
    *("number", "title", "user", "assignees", "milestone", "pull_request", "issue_url", "cards"),
    *("lists", "idList", "idLabels", "idMembers", "checklists", "checkItems", "actions", "data"),
    *("card", "pos", "shortLink", "customFields", "customFieldItems", "idCustomField", "value"),
]
STRINGS = [
    "com.atlassian.greenhopper.service.sprint.Sprint@1[id=1,name=a,state=ACTIVE]",
    "com.atlassian.greenhopper.service.sprint.Sprint@1[id=,name=]",
    *("2024-01-01T00:00:00Z", "2024-13-45", "Epic", "Sub-task", "0|i00:", "doc", "paragraph"),
    *("text", "heading", "bulletList", "orderedList", "listItem", "table", "tableRow", "media"),
    *("codeBlock", "commentCard", "createCard", "closed", "L1", "Story Points", "Fixes #1"),
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(STRINGS)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=40,
)
jira_like = st.one_of(
    json_values,
    st.builds(lambda issues: {"issues": issues}, st.lists(json_values, max_size=4)),
    st.builds(
        lambda fields, key: {"key": key, "fields": fields},
        st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8),
        st.text(max_size=5),
    ),
)


def dumped(value: Any) -> str:
    return json.dumps(value)


@given(jira_like)
def test_the_jira_reader_turns_any_json_into_a_result(value: Any) -> None:
    assert isinstance(read_jira_json(dumped(value)), ReadResult)


@given(jira_like)
def test_the_jira_reader_takes_any_parsed_document(value: Any) -> None:
    reader = JiraJsonReader()
    reader.feed_document("x.json", value)
    assert isinstance(reader.result(), ReadResult)


@given(json_values, json_values)
def test_the_github_reader_turns_any_json_into_a_result(issues: Any, comments: Any) -> None:
    result = read_github_issues(dumped(issues), comments=dumped(comments))
    assert isinstance(result, ReadResult)


@given(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8))
def test_the_trello_reader_turns_any_json_into_a_result(board: dict[str, Any]) -> None:
    assert isinstance(read_trello_board(dumped(board)), ReadResult)


@given(st.binary(max_size=200))
def test_readers_take_any_bytes(data: bytes) -> None:
    assert isinstance(read_jira_json(data), ReadResult)
    assert isinstance(read_github_issues(data), ReadResult)
    assert isinstance(read_trello_board(data), ReadResult)
    assert isinstance(read_jira_csv(data), ReadResult)
    assert isinstance(read_mapped_csv(data, {"title": "Title"}), ReadResult)


csv_pieces = st.sampled_from([*'ab,;"\n\r\t|', "12/Mar/24 3:04 PM", "x;y;z", "Issue key"])


@given(st.lists(csv_pieces, max_size=30).map("".join))
def test_csv_readers_take_any_text(text: str) -> None:
    header = "Issue key,Summary,Created,Comment,Comment,Sprint\n"
    assert isinstance(read_jira_csv(header + text), ReadResult)
    assert isinstance(read_mapped_csv("Title;Points\n" + text, {"title": "Title"}), ReadResult)


@given(json_values)
def test_rich_text_conversion_takes_any_value(value: Any) -> None:
    assert isinstance(adf_to_markdown({"type": "doc", "content": [value]}), str)
    assert isinstance(wiki_to_markdown(dumped(value)), str)


CARD_KEYS = ["id", "desc", "closed", "pos", "idLabels", "idMembers", "due", "customFieldItems"]
cards = st.fixed_dictionaries(
    {"idList": st.just("L1"), "name": st.text(min_size=1, max_size=5), "shortLink": st.just("c")},
    optional=dict.fromkeys(CARD_KEYS, json_values),
)


@given(st.lists(cards, max_size=3), st.lists(json_values, max_size=3))
def test_the_trello_reader_takes_any_card_on_a_real_list(card_list: Any, extras: Any) -> None:
    board = {
        "lists": [{"id": "L1", "name": "Doing"}],
        "cards": card_list,
        "checklists": extras,
        "actions": extras,
        "customFields": [{"id": "F1", "name": "Points"}],
    }
    assert isinstance(read_trello_board(dumped(board)), ReadResult)


issues = st.fixed_dictionaries(
    {"key": st.just("A-1"), "fields": st.dictionaries(st.sampled_from(KEYS), json_values)},
    optional={"self": json_values, "names": json_values},
)


@given(st.lists(issues, max_size=3))
def test_the_jira_reader_takes_any_fields_on_a_keyed_issue(items: Any) -> None:
    page = {"issues": items, "names": {"customfield_10016": "Story Points"}}
    assert isinstance(read_jira_json(dumped(page)), ReadResult)


@given(st.lists(st.dictionaries(st.sampled_from(KEYS), json_values), max_size=3))
def test_the_github_reader_takes_any_fields_on_a_numbered_issue(items: Any) -> None:
    numbered = [{**item, "number": 1, "title": "t"} for item in items]
    assert isinstance(read_github_issues(dumped(numbered)), ReadResult)
