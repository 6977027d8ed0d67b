"""The wiki's writes and reads as each role meets them, through the services."""

from __future__ import annotations

import pytest

from tandem.knowledge import wiki, wiki_links
from tandem.knowledge.models import LinkKind, PageRevision, WikiLink
from tandem.knowledge.wiki_records import TEMPLATES
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Role
from tests.conftest import Team
from tests.delivery.factories import ReleaseFactory

from .wiki_helpers import edit, item, page, record

pytestmark = pytest.mark.django_db

WRITERS = [Role.PRODUCT_MANAGER, Role.PRODUCT_OWNER, Role.TEAM_MEMBER]
READERS = [Role.STAKEHOLDER, Role.VIEWER]


@pytest.mark.parametrize("role", WRITERS)
def test_the_people_who_build_the_product_write_pages_directly(team: Team, role: str) -> None:
    access = team.access(role)
    written = edit(access, page(access, title="Onboarding").pk, body="First flight in 3 steps")
    assert (written.version, written.body) == (2, "First flight in 3 steps")


@pytest.mark.parametrize("role", READERS)
def test_stakeholders_and_viewers_read_pages_but_cannot_write_them(team: Team, role: str) -> None:
    written = page(team.access(Role.PRODUCT_OWNER), title="Onboarding")
    with pytest.raises(PermissionDenied):
        page(team.access(role), title="Mine")
    with pytest.raises(PermissionDenied):
        edit(team.access(role), written.pk, title="Theirs")
    assert [n.page.title for n in wiki.tree(access=team.access(role))] == ["Onboarding"]


def test_every_save_keeps_the_title_and_text_as_a_revision(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Battery", body="v1")
    edit(po, written.pk, body="v2")
    edit(team.access(Role.TEAM_MEMBER), written.pk, title="Battery life", body="v3")
    revisions = wiki.revisions_of(access=po, page_id=written.pk)
    assert [(r.version, r.title, r.body) for r in revisions] == [
        (3, "Battery life", "v3"),
        (2, "Battery", "v2"),
        (1, "Battery", "v1"),
    ]
    assert revisions[0].author == team.dev


def test_a_new_page_starts_from_the_template_chosen(team: Team) -> None:
    written = page(team.access(Role.PRODUCT_MANAGER), title="Q3 review", template="meeting")
    assert written.body == TEMPLATES["meeting"].strip()
    assert "## Action items" in written.body


def test_a_stale_edit_is_refused_with_the_current_text(team: Team) -> None:
    po, pm = team.access(Role.PRODUCT_OWNER), team.access(Role.PRODUCT_MANAGER)
    written = page(po, title="Pricing", body="draft")
    edit(pm, written.pk, body="PM's words")
    with pytest.raises(Conflict) as refused:
        writes.record_update(
            access=po,
            kind="wiki_page",
            record_id=written.pk,
            changes={"body": "PO's words"},
            expected_version=1,
        )
    assert refused.value.current["body"] == "PM's words"


def test_a_page_cannot_sit_under_itself_or_its_own_sub_pages(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Product")
    middle = page(po, title="Specs", parent=top.pk)
    bottom = page(po, title="Flight modes", parent=middle.pk)
    for parent in (bottom.pk, top.pk):
        with pytest.raises(ValidationFailed) as refused:
            edit(po, top.pk, parent=parent)
        assert "parent" in refused.value.errors
    moved = edit(po, bottom.pk, parent=top.pk)
    assert moved.parent_id == top.pk


def test_a_page_with_live_sub_pages_is_not_archived(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    top = page(po, title="Product")
    page(po, title="Specs", parent=top.pk)
    with pytest.raises(ValidationFailed) as refused:
        writes.record_archive(access=po, kind="wiki_page", record_id=top.pk)
    assert "page" in refused.value.errors


def test_the_diff_shows_lines_removed_and_added_between_any_two_versions(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="alpha\nbeta\ngamma")
    edit(po, written.pk, body="alpha\nBETA\ngamma\ndelta")
    edit(po, written.pk, title="Plan B", body="alpha")
    diff = wiki.page_diff(access=po, page_id=written.pk, old=1, new=2)
    changed = [(r.tag, r.old, r.new) for r in diff.rows if r.tag != "equal"]
    assert changed == [("replace", "beta", "BETA"), ("insert", "", "delta")]
    assert (diff.added, diff.removed, diff.title_changed) == (2, 1, False)
    assert "-beta\n+BETA" in diff.unified
    assert wiki.page_diff(access=po, page_id=written.pk, old=1, new=3).title_changed


def test_a_diff_naming_a_version_never_saved_names_the_field(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan")
    with pytest.raises(ValidationFailed) as refused:
        wiki.page_diff(access=po, page_id=written.pk, old=1, new=9)
    assert set(refused.value.errors) == {"to"}


def test_restoring_an_old_version_makes_a_new_audited_version(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, title="Plan, rewritten", body="second")
    restored = wiki.page_restore_version(
        access=team.access(Role.TEAM_MEMBER), page_id=written.pk, revision=1, expected_version=2
    )
    assert (restored.version, restored.title, restored.body) == (3, "Plan", "first")
    assert PageRevision.objects.filter(page=written).count() == 3
    event = Event.objects.filter(object_type="wiki_page", object_id=written.pk).latest("id")
    assert event.verb == "wiki_page.version_restored"
    assert (event.before["body"], event.after["body"]) == ("second", "first")


def test_restoring_needs_the_current_version_and_the_right_to_edit(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    written = page(po, title="Plan", body="first")
    edit(po, written.pk, body="second")
    with pytest.raises(Conflict):
        wiki.page_restore_version(access=po, page_id=written.pk, revision=1, expected_version=1)
    with pytest.raises(PermissionDenied):
        wiki.page_restore_version(
            access=team.access(Role.STAKEHOLDER), page_id=written.pk, revision=1, expected_version=2
        )
    assert PageRevision.objects.filter(page=written).count() == 2


def test_links_to_records_of_the_product_are_stored_on_save(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    story = item(team)
    initiative = record(team, "initiative", title="Longer flights")
    decision = record(team, "decision", title="Ship without the case", level="strategic")
    release = ReleaseFactory(product=team.product, name="2.0")
    body = (
        f"See {story.key}, initiative:{initiative.pk}, decision:{decision.pk}, "
        "release:2.0 and ask @po. DRN-999 and OUT-1 are not ours; `DRN-1` in code stays code."
    )
    written = page(po, title="PRD", body=body)
    links = set(WikiLink.objects.filter(page=written).values_list("kind", "target_id"))
    assert links == {
        (LinkKind.ITEM, story.pk),
        (LinkKind.INITIATIVE, initiative.pk),
        (LinkKind.DECISION, decision.pk),
        (LinkKind.RELEASE, release.pk),
        (LinkKind.PERSON, team.po.pk),
    }
    edit(po, written.pk, body="Nothing linked any more")
    assert not WikiLink.objects.filter(page=written).exists()


def test_backlinks_list_live_pages_of_the_callers_product(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    story = item(team)
    linking = page(po, title="PRD", body=f"Covers {story.key}.")
    page(po, title="Other", body="Nothing here")
    assert wiki_links.backlinks(po, LinkKind.ITEM, story.pk) == [linking]
    writes.record_archive(access=po, kind="wiki_page", record_id=linking.pk)
    assert wiki_links.backlinks(po, LinkKind.ITEM, story.pk) == []


def test_a_mention_finds_a_member_by_name_or_address(team: Team) -> None:
    team.pm.name = "Ana Souza"
    team.pm.save()
    po = team.access(Role.PRODUCT_OWNER)
    html = wiki_links.render(po, "@ana, @AnaSouza and @pm; not @nobody nor pm@example.test")
    assert html.count('href="/p/DRN/members/"') == 3
    assert "@nobody" in html
    assert "mailto:" not in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_markdown_in_a_page_is_sanitized(team: Team, attack: str) -> None:
    html = wiki_links.render(team.access(Role.PRODUCT_OWNER), f"Hello DRN-1 {attack}")
    lowered = html.lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "<iframe"):
        assert bad not in lowered
