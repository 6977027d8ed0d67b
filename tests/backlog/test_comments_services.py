"""Comments (the team's questions, the PO's answers) and links to mockups and documents."""

from __future__ import annotations

import pytest

from tandem.backlog import selectors, services
from tandem.backlog.models import Item, Link
from tandem.workspace.errors import NotFound, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(team) -> Item:  # type: ignore[no-untyped-def]
    return services.item_create(
        access=team.access("product_owner"), fields={"title": "Longer flight time"}
    )


def _comment(team, story: Item, role: str = "team_member", body: str = "Which battery?", **kw):  # type: ignore[no-untyped-def]
    return services.comment_add(access=team.access(role), item=story, body=body, **kw)


def test_a_question_and_its_answer_form_a_thread(team, story) -> None:  # type: ignore[no-untyped-def]
    question = _comment(team, story, is_question=True)
    answer = _comment(
        team, story, role="product_owner", body="The 5000 mAh one.", reply_to_id=question.pk
    )
    assert answer.reply_to == question
    assert [(c.author, c.is_question) for c in selectors.comments_of(item=story)] == [
        (team.dev, True),
        (team.po, False),
    ]


def test_a_comment_is_audited_on_its_item(team, story) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(team, story, role="stakeholder", body="Customers ask for this")
    event = Event.objects.get(verb="comment.added")
    assert (event.actor, event.object_id) == (team.stakeholder, story.pk)
    assert event.after["comment"] == comment.pk


@pytest.mark.parametrize(
    ("body", "kw", "field"),
    [
        ("   ", {}, "body"),
        ("x" * 20_001, {}, "body"),
        ("Reply", {"reply_to_id": 999_999}, "reply_to"),
    ],
)
def test_a_bad_comment_names_the_field(team, story, body: str, kw: dict, field: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    with pytest.raises(ValidationFailed) as caught:
        _comment(team, story, body=body, **kw)
    assert set(caught.value.errors) == {field}


def test_a_reply_must_answer_a_comment_on_the_same_item(team, story) -> None:  # type: ignore[no-untyped-def]
    other = services.item_create(access=team.access("product_owner"), fields={"title": "Other"})
    elsewhere = _comment(team, other)
    with pytest.raises(ValidationFailed) as caught:
        _comment(team, story, reply_to_id=elsewhere.pk)
    assert set(caught.value.errors) == {"reply_to"}


def test_an_author_withdraws_their_own_comment(team, story) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(team, story)
    services.comment_archive(access=team.access("team_member"), comment_id=comment.pk)
    assert list(selectors.comments_of(item=story)) == []
    assert Event.objects.filter(verb="comment.archived", actor=team.dev).count() == 1


def test_the_product_owner_tidies_anyones_comment(team, story) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(team, story, role="stakeholder")
    services.comment_archive(access=team.access("product_owner"), comment_id=comment.pk)
    assert list(selectors.comments_of(item=story)) == []


@pytest.mark.parametrize("role", ["product_manager", "stakeholder", "viewer"])
def test_nobody_else_removes_someone_elses_comment(team, story, role: str) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(team, story)
    with pytest.raises(PermissionDenied):
        services.comment_archive(access=team.access(role), comment_id=comment.pk)


def test_a_withdrawn_comment_cannot_be_withdrawn_again(team, story) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(team, story)
    dev = team.access("team_member")
    services.comment_archive(access=dev, comment_id=comment.pk)
    with pytest.raises(NotFound):
        services.comment_archive(access=dev, comment_id=comment.pk)


def test_a_link_is_added_and_audited(team, story) -> None:  # type: ignore[no-untyped-def]
    link = services.link_add(
        access=team.access("team_member"),
        item=story,
        url="https://example.test/mockups/flight",
        title="  Flight screen  ",
        kind="mockup",
    )
    assert (link.title, link.kind) == ("Flight screen", "mockup")
    assert Event.objects.get(verb="link.added").after == {
        "url": "https://example.test/mockups/flight",
        "title": "Flight screen",
        "kind": "mockup",
    }


@pytest.mark.parametrize(
    ("url", "kind", "field"),
    [
        ("javascript:alert(1)", "document", "url"),
        ("ftp://example.test/file", "document", "url"),
        ("not a url", "document", "url"),
        ("https://example.test/" + "a" * 500, "document", "url"),
        ("https://example.test/doc", "video", "kind"),
    ],
)
def test_a_bad_link_names_the_field(team, story, url: str, kind: str, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.link_add(access=team.access("team_member"), item=story, url=url, kind=kind)
    assert set(caught.value.errors) == {field}
    assert not Link.objects.exists()


def test_a_removed_link_is_gone_and_the_removal_audited(team, story) -> None:  # type: ignore[no-untyped-def]
    link = services.link_add(
        access=team.access("team_member"), item=story, url="https://example.test/doc"
    )
    services.link_remove(access=team.access("product_owner"), link_id=link.pk)
    assert not Link.objects.exists()
    assert Event.objects.get(verb="link.removed").before["url"] == "https://example.test/doc"


def test_a_viewer_cannot_remove_a_link(team, story) -> None:  # type: ignore[no-untyped-def]
    link = services.link_add(
        access=team.access("team_member"), item=story, url="https://example.test/doc"
    )
    with pytest.raises(PermissionDenied):
        services.link_remove(access=team.access("viewer"), link_id=link.pk)
