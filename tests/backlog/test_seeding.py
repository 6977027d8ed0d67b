"""`tandem seed`: a synthetic backlog that looks and behaves like a real one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.backlog.models import Item, Kind, Status
from tandem.backlog.seeding import SITES
from tandem.strategy import services as strategy_services
from tandem.workspace.models import Event, Product

pytestmark = pytest.mark.django_db


def _seed(items: int, product: str = "LOAD") -> str:
    out = StringIO()
    call_command("seed", product=product, items=items, quiet=True, stdout=out)
    return out.getvalue()


def test_seed_creates_the_product_and_the_items_it_was_asked_for() -> None:
    output = _seed(450)
    product = Product.objects.get(key="LOAD")
    assert Item.objects.filter(product=product).count() == 450
    assert Item.objects.filter(product=product, kind=Kind.EPIC).count() == 2
    assert "Seeded 450 items" in output


def test_seeded_items_have_distinct_increasing_keys_after_the_existing_backlog() -> None:
    _seed(100)
    _seed(100)
    ranks = list(Item.objects.order_by("number").values_list("rank", flat=True))
    numbers = list(Item.objects.order_by("rank").values_list("number", flat=True))
    assert len(set(ranks)) == 200
    assert numbers == list(range(1, 201))


def test_seeded_scores_match_what_the_services_would_compute() -> None:
    _seed(200)
    story = Item.objects.filter(kind=Kind.STORY, value__isnull=False).first()
    assert story is not None
    assert story.value_effort_score == pytest.approx(story.value / story.effort)


def test_the_same_seed_gives_the_same_backlog() -> None:
    _seed(60, product="AAA")
    _seed(60, product="BBB")
    first = list(
        Item.objects.filter(product__key="AAA").order_by("number").values_list("title", "estimate")
    )
    second = list(
        Item.objects.filter(product__key="BBB").order_by("number").values_list("title", "estimate")
    )
    assert first == second


def test_a_seed_is_one_audit_event_not_one_per_item() -> None:
    _seed(300)
    assert Event.objects.filter(verb="backlog.seeded").count() == 1


def test_seed_refuses_a_count_below_one() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        _seed(0)


def test_seeded_epics_link_to_the_products_initiatives(team) -> None:  # type: ignore[no-untyped-def]
    pm = team.access("product_manager")
    for title in ("Flights", "Batteries"):
        strategy_services.create_initiative(access=pm, fields={"title": title})
    call_command("seed", product=team.product.key, items=2_000, quiet=True, stdout=StringIO())
    epics = Item.objects.filter(product=team.product, kind=Kind.EPIC)
    linked = epics.filter(initiative__isnull=False)
    assert epics.count() == 10
    assert 5 <= linked.count() <= 10
    assert set(linked.values_list("initiative__title", flat=True)) == {"Flights", "Batteries"}


def test_work_in_flight_is_assigned_to_the_team(team) -> None:  # type: ignore[no-untyped-def]
    call_command("seed", product=team.product.key, items=500, quiet=True, stdout=StringIO())
    in_flight = Item.objects.filter(product=team.product, status=Status.IN_PROGRESS)
    assignees = set(in_flight.values_list("assignee", flat=True))
    assert in_flight.exists()
    assert assignees <= {team.dev.pk, team.po.pk}
    assert team.dev.pk in assignees


def test_seeded_rows_take_the_models_defaults() -> None:
    _seed(300)
    items = Item.objects.filter(product__key="LOAD")
    assert set(items.values_list("version", flat=True)) == {1}
    assert not items.filter(archived_at__isnull=False).exists()
    assert not items.exclude(description="").exists()


def test_a_few_seeded_titles_name_a_site_to_search_for() -> None:
    _seed(2_000)
    last_words = [t.rsplit(" ", 1)[-1] for t in Item.objects.values_list("title", flat=True)]
    sites = [word for word in last_words if word in SITES]
    assert 50 <= len(sites) <= 150
    assert len(set(sites)) > 40


def test_seeded_items_carry_labels() -> None:
    _seed(1_000)
    labelled = Item.objects.filter(product__key="LOAD", labels__isnull=False).distinct().count()
    assert 500 <= labelled <= 700
