"""The index over every registered kind: what a write puts in, what a search gets out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from tandem.backlog.models import Comment
from tandem.backlog.services import comments as comment_services
from tandem.backlog.services import criteria as criteria_services
from tandem.backlog.services import items as item_services
from tandem.delivery.models import Impediment, Release, RetroNote, Retrospective, Sprint
from tandem.knowledge import embeddings, indexing, lexical
from tandem.knowledge.index_models import SearchDocument
from tandem.knowledge.lexical import words
from tandem.knowledge.search import Filters, search
from tandem.workspace import writes
from tandem.workspace.models import Team as TeamModel
from tandem.workspace.registry import record_type, search_sources
from tests.conftest import ROLES, Team
from tests.factories import CriterionFactory, ItemFactory
from tests.records import EXAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what a write queues after its commit (the index refresh) right away."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _item(team: Team, committed: Any, **fields: Any) -> Any:
    with committed():
        return item_services.item_create(access=team.access("product_owner"), fields=fields)


def test_a_word_in_a_description_is_found(team: Team, committed: Any) -> None:
    item = _item(team, committed, title="Flight log", description="Pilots export the telemetry")
    hits = search(user=team.dev, query="telemetry")
    assert [(h.kind, h.key) for h in hits] == [("item", item.key)]
    assert "<mark>telemetry</mark>" in hits[0].snippet


def test_batteries_finds_battery_and_a_prefix_finds_the_word(team: Team, committed: Any) -> None:
    _item(team, committed, title="Swap the battery in flight")
    assert [h.title for h in search(user=team.viewer, query="batteries")] == [
        "Swap the battery in flight"
    ]
    assert [h.title for h in search(user=team.viewer, query="swa")] == [
        "Swap the battery in flight"
    ]


def test_snippets_escape_the_records_html(team: Team, committed: Any) -> None:
    _item(
        team, committed, title="Markup", description="Tom & Jerry <script>alert(1)</script> gimbal"
    )
    (hit,) = search(user=team.pm, query="gimbal")
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>gimbal</mark>" in hit.snippet


def test_comments_and_criteria_are_found_and_follow_their_item(team: Team, committed: Any) -> None:
    item = _item(team, committed, title="Return to home")
    with committed():
        comment_services.comment_add(
            access=team.access("team_member"), item=item, body="What about strong headwind?"
        )
        criteria_services.criterion_add(
            access=team.access("product_owner"),
            item=item,
            fields={"given": "low charge", "when": "the signal drops", "then": "it lands"},
        )
    assert [h.kind for h in search(user=team.dev, query="headwind")] == ["comment"]
    assert [h.kind for h in search(user=team.dev, query="signal drops")] == ["criterion"]
    assert search(user=team.dev, query="headwind")[0].url.endswith(f"/items/{item.key}/")


def test_an_archived_record_leaves_the_index(team: Team, committed: Any) -> None:
    item = _item(team, committed, title="Obsolete propeller guard")
    with committed():
        item_services.item_archive(access=team.access("product_owner"), item=item)
    assert search(user=team.po, query="propeller") == []


def test_a_foreign_products_text_never_appears(team: Team, committed: Any) -> None:
    _item(team, committed, title="Secret thermal camera")
    assert search(user=team.outsider, query="thermal") == []
    assert search(user=team.outsider, query="thermal", filters=Filters(product="DRN")) == []


def test_filters_narrow_by_kind_and_status(team: Team, committed: Any) -> None:
    _item(team, committed, title="Lidar mapping")
    with committed():
        writes.record_create(
            access=team.access("product_manager"),
            kind="market_note",
            fields={"title": "Lidar gets cheaper", "kind": "trend"},
        )
    assert {h.kind for h in search(user=team.pm, query="lidar")} == {"item", "market_note"}
    only = search(user=team.pm, query="lidar", filters=Filters(kinds=("market_note",)))
    assert [h.kind for h in only] == ["market_note"]
    assert search(user=team.pm, query="lidar", filters=Filters(status="done")) == []


def _writer(team: Team, kind: str, example: Any) -> str:
    spec = record_type(kind)
    return next(
        role
        for role in ROLES
        if team.access(role).level(spec.action_of(None, example)) >= spec.create_level
    )


@pytest.mark.parametrize("kind", [s.name for s in search_sources() if s.name in EXAMPLES])
def test_every_registered_kind_is_searchable(team: Team, committed: Any, kind: str) -> None:
    maker = team.access(max(ROLES, key=lambda r: team.access(r).level(record_type(kind).action)))
    example = EXAMPLES[kind](maker)
    with committed():
        record = writes.record_create(
            access=team.access(_writer(team, kind, example)), kind=kind, fields=example
        )
    assert record.record is not None
    document = SearchDocument.objects.get(kind=kind, object_id=record.record.pk)
    word = max((w for w in words(f"{document.title} {document.body}") if w.isalpha()), key=len)
    hits = search(user=team.pm, query=word, filters=Filters(kinds=(kind,)))
    assert record.record.pk in [h.object_id for h in hits]


def _sprint(team: Team) -> Any:
    return Sprint.objects.create(
        product=team.product,
        name="Sprint Zephyr",
        goal="Steady hover",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 16),
    )


def _retro_note(team: Team) -> Any:
    retro = Retrospective.objects.create(sprint=_sprint(team))
    return RetroNote.objects.create(retro=retro, kind="went_well", text="Pairing on firmware")


# Kinds without a generic create route (search-only sources, teams): made as rows.
SEARCH_ONLY: dict[str, tuple[Any, str]] = {
    "item": (lambda t: ItemFactory(product=t.product, title="Hover hold"), "hover"),
    "comment": (
        lambda t: Comment.objects.create(item=ItemFactory(product=t.product), body="Windy?"),
        "windy",
    ),
    "criterion": (
        lambda t: CriterionFactory(item=ItemFactory(product=t.product), text="Lands softly"),
        "softly",
    ),
    "sprint": (_sprint, "zephyr"),
    "retro_note": (_retro_note, "firmware"),
    "impediment": (
        lambda t: Impediment.objects.create(product=t.product, description="No test field"),
        "field",
    ),
    "team": (lambda t: TeamModel.objects.create(product=t.product, name="Firmware crew"), "crew"),
    "release": (lambda t: Release.objects.create(product=t.product, name="2.4"), "2.4"),
}


def test_every_source_has_an_example_here_or_in_the_contract() -> None:
    missing = {s.name for s in search_sources()} - set(EXAMPLES) - set(SEARCH_ONLY)
    assert missing == set()


@pytest.mark.parametrize("kind", sorted(SEARCH_ONLY))
def test_every_search_only_kind_is_searchable(team: Team, kind: str) -> None:
    make, word = SEARCH_ONLY[kind]
    record = make(team)
    indexing.reindex(product=team.product)
    hits = search(user=team.viewer, query=word, filters=Filters(kinds=(kind,)))
    assert [h.object_id for h in hits] == [record.pk]


def test_every_search_only_kind_is_indexed_by_reindex(team: Team, committed: Any) -> None:
    item = _item(team, committed, title="Geofence")
    with committed():
        comment_services.comment_add(access=team.access("team_member"), item=item, body="Why?")
    SearchDocument.objects.all().delete()
    assert indexing.reindex(product=team.product) >= 2
    assert {"item", "comment"} <= set(SearchDocument.objects.values_list("kind", flat=True))


def test_a_rebuild_and_a_refresh_running_at_once_both_finish(
    team: Team, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker refreshes an item while another rebuilds the product (an import's jobs).

    The rebuild meets the refreshed item's document when it reaches it: it must take it
    over, not fail on it, and the index must hold every item when both are done.
    """
    items = [_item(team, committed, title=f"Receipt {n}") for n in range(5)]
    monkeypatch.setattr(indexing, "BATCH", 2)
    refreshed: list[int] = []

    def meanwhile(kind: str, count: int) -> None:
        if kind == "item" and not refreshed:  # after the first batch, before the last
            refreshed.append(indexing.refresh_object(object_type="item", object_id=items[-1].pk))

    SearchDocument.objects.all().delete()
    assert indexing.reindex(product=team.product, progress=meanwhile) >= 5
    assert refreshed == [1]
    indexed = SearchDocument.objects.filter(kind="item").values_list("object_id", flat=True)
    assert sorted(indexed) == sorted(i.pk for i in items)


def test_a_rebuild_drops_what_is_gone_and_keeps_the_rest_findable(
    team: Team, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, gone, last = (
        _item(team, committed, title=t) for t in ("Odometer", "Altimeter", "Barometer")
    )
    monkeypatch.setattr(indexing, "BATCH", 1)
    type(gone).objects.filter(pk=gone.pk).delete()  # no event: only a rebuild can notice
    seen: list[list[str]] = []

    def during(kind: str, count: int) -> None:
        if kind == "item":  # the last item is still found before the rebuild reaches it
            seen.append([h.title for h in search(user=team.pm, query="barometer")])

    indexing.reindex(product=team.product, progress=during)
    assert seen == [["Barometer"], ["Barometer"]]
    assert [h.title for h in search(user=team.pm, query="altimeter")] == []
    assert [h.title for h in search(user=team.pm, query="odometer")] == [first.title]
    assert [h.title for h in search(user=team.pm, query="barometer")] == [last.title]


def test_a_word_found_everywhere_ranks_only_its_newest_matches(
    team: Team, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    best = _item(team, committed, title="Battery", description="Battery, battery and battery")
    for n in range(2):
        _item(team, committed, title=f"Charger {n}", description="Swapping the battery")
    monkeypatch.setattr(lexical, "CANDIDATES", 3)  # every match is ranked
    assert search(user=team.pm, query="battery")[0].title == best.title
    monkeypatch.setattr(lexical, "CANDIDATES", 2)  # only the two newest are
    assert sorted(h.title for h in search(user=team.pm, query="battery")) == [
        "Charger 0",
        "Charger 1",
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache only")
def test_a_rebuild_borrows_a_big_page_cache_and_gives_it_back(team: Team, committed: Any) -> None:
    _item(team, committed, title="Odometer")
    sizes: list[int] = []

    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return int(cursor.fetchone()[0])

    before = cache_size()
    indexing.reindex(product=team.product, progress=lambda kind, n: sizes.append(cache_size()))
    assert set(sizes) == {-indexing.REBUILD_CACHE_KIB}
    assert cache_size() == before != -indexing.REBUILD_CACHE_KIB


def test_a_rebuild_rewrites_only_what_changed(
    team: Team, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _item(team, committed, title="Odometer")
    edited = _item(team, committed, title="Altimeter")
    type(edited).objects.filter(pk=edited.pk).update(title="Barometer")  # no event
    rewritten: list[int] = []  # what is embedded is what is written
    monkeypatch.setattr(
        indexing, "_with_vectors", lambda docs: rewritten.extend(d.object_id for d in docs)
    )
    assert indexing.reindex(product=team.product) == 2
    assert rewritten == [edited.pk]
    assert [h.title for h in search(user=team.pm, query="barometer")] == ["Barometer"]
    assert [h.title for h in search(user=team.pm, query="odometer")] == ["Odometer"]
