"""JQL compiled to database filters: each field, each operator, and where errors point."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.core.jql import JqlError
from tandem.delivery import services as delivery_services
from tandem.integrations.jira_api.jql import compile_jql
from tandem.integrations.jira_api.selectors import searched_items

pytestmark = pytest.mark.django_db


def _keys(team, jql: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.key for i in searched_items(user or team.po, jql)]


def _make(team, title: str, **fields: object) -> Item:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return backlog_services.item_create(access=po, fields={"title": title, **fields})


@pytest.fixture
def backlog(team):  # type: ignore[no-untyped-def]
    """DRN-1 epic, DRN-2 story under it (5 points, ux), DRN-3 bug done, DRN-4 task of dev."""
    epic = _make(team, "Offline flying", kind="epic")
    _make(team, "Cache map tiles", kind="story", estimate=5, labels=["ux"], parent=epic.key)
    _make(team, "Crash on login", kind="bug", status="done", moscow="must")
    _make(team, "Write docs", kind="task", assignee="dev@example.test", labels=["docs"])
    return team


def test_type_and_story_points_use_jira_names(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, 'type = Story AND "Story Points" >= 3') == ["DRN-2"]
    assert _keys(backlog, "issuetype in (Bug, Task)") == ["DRN-3", "DRN-4"]
    assert _keys(backlog, "cf[10002] = 5") == ["DRN-2"]


def test_not_equal_leaves_out_items_without_a_value_as_jira_does(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, '"Story Points" != 3') == ["DRN-2"]
    assert _keys(backlog, "assignee != dev@example.test") == []


def test_is_empty_and_is_not_empty(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "assignee IS EMPTY AND type != Epic") == ["DRN-2", "DRN-3"]
    assert _keys(backlog, "labels IS NOT EMPTY") == ["DRN-2", "DRN-4"]
    assert _keys(backlog, "epic is empty and priority is empty") == ["DRN-1", "DRN-4"]


def test_status_by_jira_name_and_by_category(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "status = Done") == ["DRN-3"]
    assert _keys(backlog, 'status = "To Do" AND type = task') == ["DRN-4"]
    assert _keys(backlog, 'statusCategory != "Done"') == ["DRN-1", "DRN-2", "DRN-4"]


def test_labels_in_and_not_in(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "labels in (ux, docs)") == ["DRN-2", "DRN-4"]
    assert _keys(backlog, "labels not in (ux)") == ["DRN-1", "DRN-3", "DRN-4"]


def test_boolean_operators_with_parentheses_and_not(backlog) -> None:  # type: ignore[no-untyped-def]
    query = "(type = bug OR labels = docs) AND NOT status = done"
    assert _keys(backlog, query) == ["DRN-4"]


def test_text_searches_title_description_and_comments(backlog) -> None:  # type: ignore[no-untyped-def]
    item = Item.objects.get(number=4)
    backlog_services.comment_add(
        access=backlog.access("team_member"), item=item, body="Where do the tiles go?"
    )

    assert _keys(backlog, 'text ~ "tiles"') == ["DRN-2", "DRN-4"]
    assert _keys(backlog, 'summary ~ "tiles"') == ["DRN-2"]
    assert _keys(backlog, 'summary !~ "tiles" AND type != epic') == ["DRN-3", "DRN-4"]
    assert _keys(backlog, "text ~ DRN-3") == ["DRN-3"]


def test_current_user_and_reporter(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "assignee = currentUser()", user=backlog.dev) == ["DRN-4"]
    assert len(_keys(backlog, "reporter = po@example.test")) == 4


def test_epic_link_and_key_comparisons(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, '"Epic Link" = DRN-1') == ["DRN-2"]
    assert _keys(backlog, "key > DRN-2") == ["DRN-3", "DRN-4"]
    assert _keys(backlog, "issuekey in (DRN-1, DRN-4)") == ["DRN-1", "DRN-4"]


def test_priority_reads_jira_names_as_moscow(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "priority = Highest") == ["DRN-3"]
    assert _keys(backlog, '"priority" = "Must have"') == ["DRN-3"]


def test_relative_dates_and_date_functions(backlog) -> None:  # type: ignore[no-untyped-def]
    Item.objects.filter(number=1).update(created_at=timezone.now() - dt.timedelta(days=400))

    assert _keys(backlog, "created >= -7d") == ["DRN-2", "DRN-3", "DRN-4"]
    assert _keys(backlog, "created < startOfYear()") == ["DRN-1"]
    assert _keys(backlog, 'created > "2000/01/01" AND updated <= endOfDay()') == [
        "DRN-1",
        "DRN-2",
        "DRN-3",
        "DRN-4",
    ]


def test_sprint_functions_and_sprint_by_name(backlog) -> None:  # type: ignore[no-untyped-def]
    po = backlog.access("product_owner")
    today = timezone.localdate()
    sprint = delivery_services.sprint_create(
        access=po, fields={"name": "Sprint 7", "starts_on": today, "ends_on": today}
    )
    delivery_services.sprint_items_add(
        access=po, sprint=sprint, items=list(Item.objects.filter(number__in=[2, 4]))
    )

    assert _keys(backlog, "sprint in futureSprints()") == ["DRN-2", "DRN-4"]
    assert _keys(backlog, "sprint in openSprints()") == []
    assert _keys(backlog, '"sprint" = "Sprint 7" AND type = task') == ["DRN-4"]
    assert _keys(backlog, "sprint is empty") == ["DRN-1", "DRN-3"]

    sprint.refresh_from_db()
    delivery_services.sprint_start(access=po, sprint=sprint, expected_version=sprint.version)
    assert _keys(backlog, "sprint in openSprints()") == ["DRN-2", "DRN-4"]


def test_order_by_sorts_and_breaks_ties_by_id(backlog) -> None:  # type: ignore[no-untyped-def]
    assert _keys(backlog, "ORDER BY key DESC") == ["DRN-4", "DRN-3", "DRN-2", "DRN-1"]
    assert _keys(backlog, "type != epic ORDER BY status ASC, key DESC")[0] == "DRN-3"


def test_project_limits_to_that_product_and_others_stay_invisible(backlog) -> None:  # type: ignore[no-untyped-def]
    assert len(_keys(backlog, "project = DRN")) == 4
    assert _keys(backlog, "project = DRN", user=backlog.outsider) == []
    assert _keys(backlog, "", user=backlog.outsider) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("statsu = Done", "Unknown field 'statsu' (did you mean 'status'?) at column 1"),
        ("status = Dnoe", "Unknown status 'Dnoe' (did you mean 'Done'?) at column 10"),
        ("summary > 3", "'>' does not work on title"),
        ("assignee = nobody@nowhere.test", "No person 'nobody@nowhere.test'"),
        ("sprint in lastSprints()", "Unknown function 'lastSprints()'"),
        ("type = Story AND", "at column"),
        ("ORDER BY sprint", "Cannot order by sprint"),
        ("resolved > -1d", "Tandem keeps no resolved date"),
    ],
)
def test_errors_say_what_and_where(team, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JqlError) as error:
        compile_jql(query, user=team.po)

    assert message in str(error.value)


def test_a_person_outside_the_callers_products_is_not_confirmed(team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JqlError) as error:
        compile_jql("assignee = outsider@elsewhere.test", user=team.po)

    assert "No person 'outsider@elsewhere.test'" in str(error.value)
