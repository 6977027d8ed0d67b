import pytest

from tandem.core.jql import (
    FIELD_NAMES,
    Clause,
    Field,
    JqlError,
    field_spec,
    kind_for,
    normalize,
    parse,
    status_for,
    to_jql,
)


@pytest.mark.parametrize(
    ("jira", "tandem"),
    [
        ("project", "product"),
        ("issuekey", "key"),
        ("summary", "title"),
        ("text", "text"),
        ("type", "kind"),
        ("issuetype", "kind"),
        ("Issue Type", "kind"),
        ("Story Points", "estimate"),
        ("story point estimate", "estimate"),
        ("epic", "parent"),
        ("Epic Link", "parent"),
        ("parent", "parent"),
        ("statusCategory", "status_category"),
        ("fixVersion", "release"),
        ("created", "created"),
        ("duedate", "due"),
        ("creator", "reporter"),
        ("sprint", "sprint"),
        ("labels", "labels"),
        ("priority", "priority"),
        ("rank", "rank"),
        ("wsjf", "wsjf_score"),
    ],
)
def test_jira_field_names_map_to_tandem_fields(jira: str, tandem: str) -> None:
    spec = field_spec(jira)
    assert spec is not None
    assert spec.name == tandem


def test_normalize_renames_every_field_and_keeps_the_rest() -> None:
    query = parse('type = Story AND "Story Points" >= 3 AND NOT summary ~ x ORDER BY Rank DESC')
    assert to_jql(normalize(query)) == (
        "kind = Story AND estimate >= 3 AND NOT title ~ x ORDER BY rank DESC"
    )


def test_jira_and_tandem_spellings_normalize_to_the_same_tree() -> None:
    jira = normalize(parse('issuetype = Bug AND "Epic Link" = DRN-1'))
    tandem = normalize(parse("kind = Bug AND parent = DRN-1"))
    assert jira == tandem


def test_custom_fields_map_through_the_given_table() -> None:
    where = normalize(parse("cf[10004] > 3"), custom_fields={"cf[10004]": "Story Points"}).where
    assert isinstance(where, Clause)
    assert where.field == Field("estimate")


def test_normalize_names_an_unknown_field_at_its_place() -> None:
    with pytest.raises(JqlError) as caught:
        normalize(parse("kind = bug AND asignee = me"))
    assert str(caught.value) == "Unknown field 'asignee' (did you mean 'assignee'?) at column 16"


def test_the_field_list_serves_the_parser_check() -> None:
    with pytest.raises(JqlError, match="did you mean 'summary'"):
        parse("sumary ~ login", fields=FIELD_NAMES)


@pytest.mark.parametrize(
    ("issue_type", "kind"),
    [
        ("Epic", "epic"),
        ("Story", "story"),
        ("Sub-task", "subtask"),
        ("Bug", "bug"),
        ("Spike", "spike"),
    ],
)
def test_issue_types_map_to_kinds(issue_type: str, kind: str) -> None:
    assert kind_for(issue_type) == kind


def test_an_unknown_issue_type_has_no_kind() -> None:
    assert kind_for("Change Request") is None


@pytest.mark.parametrize(
    ("name", "category", "status"),
    [
        ("To Do", "new", "new"),
        ("Selected for Development", "new", "ready"),
        ("In Progress", "indeterminate", "in_progress"),
        ("Waiting for QA", "indeterminate", "in_progress"),
        ("Closed", "done", "done"),
        ("Shipped", "done", "done"),
        ("Accepted", "done", "accepted"),
    ],
)
def test_statuses_map_by_name_then_by_category(name: str, category: str, status: str) -> None:
    assert status_for(name, category) == status


def test_a_status_with_neither_a_known_name_nor_a_category_has_no_mapping() -> None:
    assert status_for("Limbo") is None
