"""The unmodified ``jira`` client against a live Tandem: what a Jira script sees."""

from __future__ import annotations

import datetime as dt

import pytest
from jira import JIRA, JIRAError
from pytest_django.live_server_helper import LiveServer

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Item
from tandem.delivery import services as delivery_services
from tandem.workspace.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


def _jira(live_server: LiveServer, team, role: str = "product_owner") -> JIRA:  # type: ignore[no-untyped-def]
    return JIRA(server=live_server.url, token_auth=team.token(role))


def _stories(team, *titles: str, **fields: object) -> list[Item]:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    return [backlog_services.item_create(access=po, fields={"title": t, **fields}) for t in titles]


def test_server_info_says_a_server_deployment(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team)

    info = jira.server_info()

    assert info["deploymentType"] == "Server"
    assert info["baseUrl"] == live_server.url
    assert jira.myself()["emailAddress"] == "po@example.test"


def test_projects_are_the_products_the_caller_belongs_to(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team)

    keys = [p.key for p in jira.projects()]
    project = jira.project("DRN")

    assert keys == ["DRN"]
    assert project.name == "SkyLens"
    assert "Story" in [t.name for t in project.issueTypes]


def test_search_pages_through_jql_results(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Map tiles", "Map legend", "Login", "Map zoom", "Map export")
    jira = _jira(live_server, team)

    first = jira.search_issues('project = DRN AND summary ~ "map" ORDER BY key', maxResults=3)
    rest = jira.search_issues(
        'project = DRN AND summary ~ "map" ORDER BY key', startAt=3, maxResults=3
    )

    assert first.total == 4
    assert [i.fields.summary for i in first] == ["Map tiles", "Map legend", "Map zoom"]
    assert [i.fields.summary for i in rest] == ["Map export"]


def test_search_reads_every_page_when_asked_for_all(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, *[f"Story {n}" for n in range(7)])
    jira = _jira(live_server, team)

    everything = jira.search_issues("project = DRN", maxResults=False)

    assert len(everything) == 7


def test_search_returns_only_the_fields_asked_for(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Map tiles", estimate=5)
    jira = _jira(live_server, team)

    [issue] = jira.search_issues("project = DRN", fields="summary,Story Points")

    assert issue.fields.summary == "Map tiles"
    assert issue.raw["fields"]["customfield_10002"] == 5
    assert "status" not in issue.raw["fields"]


def test_a_wrong_query_answers_where_it_is_wrong(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team)

    with pytest.raises(JIRAError) as refused:
        jira.search_issues("project = DRN AND statsu = Done")

    assert refused.value.status_code == 400
    assert "statsu" in refused.value.text
    assert "column 19" in refused.value.text


def test_search_with_post_finds_the_same_issues(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Map tiles", "Login")
    jira = _jira(live_server, team)

    found = jira.search_issues('text ~ "login"', use_post=True)

    assert [i.key for i in found] == ["DRN-2"]


def test_created_issue_is_in_the_backlog_with_an_audit_event(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team)

    issue = jira.create_issue(
        project={"key": "DRN"},
        summary="Offline maps",
        description="Pilots fly where there is no signal.",
        issuetype={"name": "Story"},
        labels=["maps"],
        customfield_10002=3,
    )

    item = Item.objects.get(product=team.product, number=1)
    assert issue.key == "DRN-1"
    assert (item.title, item.estimate, item.label_names) == ("Offline maps", 3, ["maps"])
    assert issue.fields.status.name == "New"
    assert Event.objects.filter(verb="item.created", object_id=item.pk).exists()


def test_update_transition_and_comment_change_the_item(live_server, team) -> None:  # type: ignore[no-untyped-def]
    [story] = _stories(team, "Offline maps")
    jira = _jira(live_server, team)
    issue = jira.issue("DRN-1")

    issue.update(summary="Offline map tiles", assignee={"name": "dev@example.test"})
    jira.transition_issue(issue, "In progress")
    jira.add_comment(issue, "Which zoom levels?")

    story.refresh_from_db()
    assert (story.title, story.status, story.assignee) == (
        "Offline map tiles",
        "in_progress",
        team.dev,
    )
    assert [c.body for c in jira.comments("DRN-1")] == ["Which zoom levels?"]
    assert story.version == 3


def test_transitions_list_the_statuses_the_item_can_move_to(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Offline maps")
    jira = _jira(live_server, team)

    names = [t["name"] for t in jira.transitions("DRN-1")]

    assert names == ["Ready", "In progress", "Done"]


def test_stakeholder_cannot_create_an_issue(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team, "stakeholder")

    with pytest.raises(JIRAError) as refused:
        jira.create_issue(project={"key": "DRN"}, summary="Wish", issuetype={"name": "Story"})

    assert refused.value.status_code == 403
    assert "errorMessages" in refused.value.response.json()
    assert not Item.objects.exists()


def test_stakeholder_can_comment_but_not_transition(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Offline maps")
    jira = _jira(live_server, team, "stakeholder")

    jira.add_comment("DRN-1", "Customers ask for this weekly.")
    with pytest.raises(JIRAError) as refused:
        jira.transition_issue("DRN-1", "31")

    assert refused.value.status_code == 403
    assert Item.objects.get().status == "new"


def test_an_outsider_sees_no_issue_of_the_product(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Offline maps")
    jira = JIRA(server=live_server.url, token_auth=_outsider_token(team))

    with pytest.raises(JIRAError) as refused:
        jira.issue("DRN-1")

    assert refused.value.status_code == 404
    assert jira.search_issues("summary ~ offline").total == 0


def _outsider_token(team) -> str:  # type: ignore[no-untyped-def]
    from tandem.workspace import services as workspace_services

    return workspace_services.token_create(user=team.outsider)[1]


def test_basic_auth_takes_the_email_and_a_token(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = JIRA(server=live_server.url, basic_auth=("po@example.test", team.token("product_owner")))

    assert jira.myself()["name"] == "po@example.test"


def test_a_wrong_token_is_refused(live_server, team) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JIRAError) as refused:
        JIRA(server=live_server.url, token_auth="tdm_not-a-token", max_retries=0)

    assert refused.value.status_code == 401


def _running_sprint(team, items: list[Item]):  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    today = dt.date.today()
    sprint = delivery_services.sprint_create(
        access=po,
        fields={"name": "Sprint 1", "starts_on": today, "ends_on": today + dt.timedelta(days=13)},
    )
    delivery_services.sprint_items_add(access=po, sprint=sprint, items=items)
    sprint.refresh_from_db()
    return delivery_services.sprint_start(access=po, sprint=sprint, expected_version=sprint.version)


def test_boards_sprints_and_sprint_issues(live_server, team) -> None:  # type: ignore[no-untyped-def]
    tiles, _legend = _stories(team, "Map tiles", "Map legend")
    sprint = _running_sprint(team, [tiles])
    jira = _jira(live_server, team)

    [board] = jira.boards()
    sprints = jira.sprints(board.id)
    in_sprint = jira.search_issues("sprint in openSprints()")
    sprint_issues = jira._get_json(f"sprint/{sprint.pk}/issue", base=jira.AGILE_BASE_URL)
    backlog = jira._get_json(f"board/{board.id}/backlog", base=jira.AGILE_BASE_URL)

    assert board.name == "DRN board"
    assert [(s.name, s.state) for s in sprints] == [("Sprint 1", "active")]
    assert [i.key for i in in_sprint] == ["DRN-1"]
    assert [i["key"] for i in sprint_issues["issues"]] == ["DRN-1"]
    assert [i["key"] for i in backlog["issues"]] == ["DRN-2"]


def test_adding_issues_to_a_sprint_goes_through_sprint_planning(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Map tiles")
    po = team.access("product_owner")
    today = dt.date.today()
    sprint = delivery_services.sprint_create(
        access=po, fields={"name": "Next", "starts_on": today, "ends_on": today}
    )
    jira = _jira(live_server, team)

    jira.add_issues_to_sprint(sprint.pk, ["DRN-1"])

    assert [i.key for i in jira.search_issues(f"sprint = {sprint.pk}")] == ["DRN-1"]


def test_saved_filters_through_the_client(live_server, team) -> None:  # type: ignore[no-untyped-def]
    _stories(team, "Map tiles")
    jira = _jira(live_server, team, "team_member")

    saved = jira.create_filter(name="Maps", jql='project = DRN AND summary ~ "map"')
    jira.update_filter(saved.id, jql='project = DRN AND summary ~ "tiles"')

    [favourite] = jira.favourite_filters()
    assert favourite.jql == 'project = DRN AND summary ~ "tiles"'
    assert [i.key for i in jira.search_issues(favourite.jql)] == ["DRN-1"]


def test_create_issue_takes_project_and_type_by_name(live_server, team) -> None:  # type: ignore[no-untyped-def]
    jira = _jira(live_server, team)

    issue = jira.create_issue(project="DRN", summary="Crash on start", issuetype="Bug")

    assert issue.fields.issuetype.name == "Bug"
    assert [t.name for t in jira.issue_types()] == [
        "Epic",
        "Story",
        "Task",
        "Bug",
        "Spike",
        "Sub-task",
    ]
    assert "Must have" in [p.name for p in jira.priorities()]


def test_assign_comment_on_edit_and_delete_archives(live_server, team) -> None:  # type: ignore[no-untyped-def]
    [story] = _stories(team, "Offline maps")
    jira = _jira(live_server, team)
    issue = jira.issue("DRN-1")

    jira.assign_issue(issue, "dev@example.test")
    issue.update(fields={"labels": ["maps"]}, update={"comment": [{"add": {"body": "Tagged"}}]})
    issue.delete()

    story.refresh_from_db()
    assert story.assignee == team.dev
    assert story.label_names == ["maps"]
    assert [c.body for c in story.comments.all()] == ["Tagged"]
    assert story.archived_at is not None
