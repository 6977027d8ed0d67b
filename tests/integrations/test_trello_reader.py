from datetime import UTC, date, datetime
from pathlib import Path

from tandem.integrations.sources import (
    ImportedLink,
    ImportedStatus,
    IssueRef,
    Problem,
    read_trello_board,
)

FIXTURES = Path(__file__).parent / "fixtures"


def board(**options: object):  # type: ignore[no-untyped-def]
    data = (FIXTURES / "trello_board.json").read_bytes()
    return read_trello_board(data, filename="board.json", **options)  # type: ignore[arg-type]


def by_key(result, key):  # type: ignore[no-untyped-def]
    return next(issue for issue in result.issues if issue.external_key == key)


def test_cards_are_read_in_board_order_and_archived_ones_left_out() -> None:
    result = board()
    assert [issue.external_key for issue in result.issues] == ["aaaa1111", "bbbb2222", "eeee5555"]
    assert [issue.position for issue in result.issues] == [1024.0, 2048.0, 9000.0]


def test_lists_become_statuses_in_board_order_with_a_guessed_category() -> None:
    assert board().statuses == (
        ImportedStatus("To Do", "new"),
        ImportedStatus("Doing", "indeterminate"),
        ImportedStatus("Done", "done"),
    )


def test_a_card_keeps_every_field_a_team_cares_about() -> None:
    card = by_key(board(), "bbbb2222")
    assert card.title == "Offline sync"
    assert card.story_points == 5.0
    assert card.description == "Sync when the network returns."
    assert card.status == ImportedStatus("Doing", "indeterminate")
    assert card.labels == ("green",)
    assert [person.name for person in card.assignees] == ["Ann Lee", "Bob Roe"]
    assert card.reporter is not None
    assert card.reporter.username == "annlee"
    assert card.created == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert card.updated == datetime(2024, 3, 10, 10, 0, tzinfo=UTC)
    assert card.due == date(2024, 4, 1)
    assert card.url == "https://trello.com/c/bbbb2222"
    assert card.links == (
        ImportedLink(relation="attachment", url="https://example.com/mock.png", title="Mockup"),
    )


def test_comment_actions_become_comments_with_their_author() -> None:
    (comment,) = by_key(board(), "bbbb2222").comments
    assert comment.body == "Do we need this for v1?"
    assert comment.author is not None
    assert comment.author.name == "Bob Roe"
    assert comment.created == datetime(2024, 3, 8, 9, 0, tzinfo=UTC)


def test_a_label_that_names_a_kind_sets_the_kind() -> None:
    card = by_key(board(), "aaaa1111")
    assert (card.kind, card.source_kind) == ("bug", "Bug")


def test_story_points_come_from_a_custom_field() -> None:
    assert by_key(board(), "aaaa1111").story_points == 3.0


def test_a_card_without_a_creation_action_dates_from_its_id() -> None:
    assert by_key(board(), "aaaa1111").created == datetime.fromtimestamp(0x65F10000, tz=UTC)


def test_checklists_become_acceptance_criteria_in_their_order() -> None:
    assert by_key(board(), "bbbb2222").acceptance_criteria == (
        "Queued edits survive a restart",
        "Conflicts are shown",
    )


def test_checklists_can_become_sub_tasks_instead() -> None:
    result = board(checklists="subtasks")
    subtasks = [issue for issue in result.issues if issue.parent is not None]
    assert [(s.external_key, s.title, s.kind) for s in subtasks] == [
        ("bbbb2222-1", "Queued edits survive a restart", "subtask"),
        ("bbbb2222-2", "Conflicts are shown", "subtask"),
    ]
    assert subtasks[0].parent == IssueRef(key="bbbb2222", id="65f100000000000000000002")
    assert [s.status for s in subtasks] == [
        ImportedStatus("Done", "done"),
        ImportedStatus("To Do", "new"),
    ]
    assert by_key(result, "bbbb2222").acceptance_criteria == ()


def test_archived_cards_and_lists_can_be_kept() -> None:
    keys = [issue.external_key for issue in board(include_archived=True).issues]
    assert "cccc3333" in keys


def test_bad_cards_are_problems_naming_file_card_and_field() -> None:
    assert board().problems == (
        Problem("board.json", "card 4 (dddd4444)", "idList", "names a list 'L9' not on the board"),
        Problem("board.json", "card 5 (eeee5555)", "Story Points", "'many' is not a number"),
    )


def test_a_file_that_is_not_a_board_is_a_problem() -> None:
    result = read_trello_board(b"[]", filename="x.json")
    assert result.problems == (
        Problem("x.json", "file", "", "is not a Trello board export (no cards)"),
    )
