"""`tandem seed`: a synthetic backlog that looks and behaves like a real one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.backlog.models import Item, Kind
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
