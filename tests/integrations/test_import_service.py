from __future__ import annotations

import pytest

from tandem.backlog.models import Comment, Item, Label
from tandem.delivery.models import Sprint, SprintItem
from tandem.integrations.importers.reading import Upload
from tandem.integrations.importers.services import ImportRefused, import_file
from tandem.workspace.models import Event, Invitation, Product

from . import importing


def _items(key: str) -> dict[str, Item]:
    return {
        f"{key}-{item.number}": item
        for item in Item.objects.filter(product__key=key).select_related("parent")
    }


def test_a_jira_page_becomes_a_product_with_keys_order_epics_sprints_and_comments(team) -> None:
    outcome = import_file(
        user=team.po, product_key="DRN", source="jira", files=[importing.jira_page()]
    )
    assert outcome.summary["items_created"] == 4
    items = _items("DRN")
    assert set(items) == {"DRN-1", "DRN-2", "DRN-3", "DRN-4"}
    story = items["DRN-2"]
    assert (story.kind, story.status, story.parent.number) == ("story", "done", 1)
    assert items["DRN-1"].kind == "epic"
    assert (items["DRN-3"].kind, items["DRN-3"].parent) == ("subtask", story)
    assert story.estimate is not None
    ranked = list(Item.objects.filter(product=team.product).order_by("rank"))
    assert len({item.rank for item in ranked}) == 4
    assert Sprint.objects.filter(product=team.product).count() >= 1
    assert SprintItem.objects.filter(sprint__product=team.product).exists()
    assert Event.objects.filter(product=team.product, verb="item.imported").count() == 4


def test_an_import_into_a_new_key_creates_the_product_and_keeps_the_old_keys_findable(
    team, signed_in
) -> None:
    team.po.organizations.create(organization=team.product.organization, is_admin=True)
    import_file(user=team.po, product_key="ACME", source="jira", files=[importing.jira_page()])
    assert Product.objects.filter(key="ACME").exists()
    title = _items("ACME")["ACME-2"].title
    page = signed_in(team.po).get("/p/ACME/backlog/", {"text": "DRN-2"})
    assert title in page.content.decode()
    assert _items("ACME")["ACME-3"].title not in page.content.decode()


def test_importing_the_same_file_again_updates_instead_of_duplicating(team) -> None:
    import_file(user=team.po, product_key="DRN", source="jira", files=[importing.jira_page()])
    counts = (
        Item.objects.count(),
        Comment.objects.count(),
        Label.objects.count(),
        Sprint.objects.count(),
        SprintItem.objects.count(),
    )
    again = import_file(
        user=team.po, product_key="DRN", source="jira", files=[importing.jira_page()]
    )
    assert again.summary["items_created"] == 0
    assert again.summary["items_updated"] == 0
    assert again.summary["unchanged"] == 4
    assert counts == (
        Item.objects.count(),
        Comment.objects.count(),
        Label.objects.count(),
        Sprint.objects.count(),
        SprintItem.objects.count(),
    )


def test_a_changed_title_in_the_source_updates_the_item(team) -> None:
    import_file(user=team.po, product_key="DRN", source="jira", files=[importing.jira_page()])
    page = importing.jira_page()
    changed = Upload(page.filename, page.data.replace(b'"Pay by card"', b'"Pay by any card"'))
    outcome = import_file(user=team.po, product_key="DRN", source="jira", files=[changed])
    assert outcome.summary["items_updated"] == 1
    assert Item.objects.get(product=team.product, number=2).title == "Pay by any card"


def test_a_broken_file_writes_nothing_and_names_the_line_and_field(team) -> None:
    before = (Item.objects.count(), Event.objects.count(), Invitation.objects.count())
    with pytest.raises(ImportRefused) as refused:
        import_file(
            user=team.po,
            product_key="DRN",
            source="jira",
            files=[Upload("jira.csv", importing.raw("jira_export.csv"))],
        )
    places = list(refused.value.errors)
    assert "jira.csv, line 6 (DRN-5), Summary" in places
    assert before == (Item.objects.count(), Event.objects.count(), Invitation.objects.count())


def test_a_dry_run_writes_nothing_and_lists_creations_and_refused_records(team) -> None:
    outcome = import_file(
        user=team.po,
        product_key="DRN",
        source="jira",
        files=[Upload("jira.csv", importing.raw("jira_export.csv"))],
        dry_run=True,
    )
    assert not Item.objects.filter(product=team.product).exists()
    assert sorted(c["key"] for c in outcome.summary["create"]) == ["DRN-1", "DRN-2", "DRN-3"]
    assert {r["record"] for r in outcome.summary["refused"]} >= {"line 6 (DRN-5)"}


def test_people_are_matched_by_email_and_the_others_invited(team) -> None:
    upload = importing.mapped_csv()
    upload = Upload(upload.filename, upload.data.replace(b"bob@example.com;", b"dev@example.test;"))
    import_file(
        user=team.po, product_key="DRN", source="csv", files=[upload], mapping=importing.MAPPING
    )
    sign_up = Item.objects.get(product=team.product, title="Sign up")
    assert sign_up.assignee is None
    assert Invitation.objects.filter(product=team.product, email="ann@example.com").exists()
    reset = Item.objects.get(product=team.product, title="Password reset")
    assert reset.assignee == team.dev
    assert sorted(sign_up.label_names) == ["onboarding", "web"]
    assert Comment.objects.get(item=sign_up).body


@pytest.mark.parametrize(
    ("source", "files", "count"),
    [
        ("jira", lambda: [importing.jira_csv()], 3),
        ("github", importing.github, 2),
        ("trello", lambda: [importing.trello()], 2),
        ("jira", lambda: [importing.shapes_search()], 2),
    ],
)
def test_each_source_imports_its_records_once(team, source, files, count) -> None:
    first = import_file(user=team.po, product_key="DRN", source=source, files=files())
    again = import_file(user=team.po, product_key="DRN", source=source, files=files())
    assert first.summary["items_created"] == count
    assert again.summary["items_created"] == 0
    assert Item.objects.filter(product=team.product).count() == count


def test_a_team_member_cannot_import(team) -> None:
    from tandem.workspace.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_file(user=team.dev, product_key="DRN", source="jira", files=[importing.jira_page()])
