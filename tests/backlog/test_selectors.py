"""The backlog as people page through it: filters, sorts and keyset pagination."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.backlog import selectors, services
from tandem.backlog.models import Item
from tandem.backlog.schemas import item_summary_out
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

pytestmark = pytest.mark.django_db

F = selectors.BacklogFilters

# Scores by hand: value/effort = value ÷ effort; RICE = reach × impact × confidence% ÷ effort;
# WSJF = (business value + time criticality + risk reduction) ÷ job size.
_RICE = ("reach", "impact", "confidence", "rice_effort")
_WSJF = ("business_value", "time_criticality", "risk_reduction", "job_size")


def _fields(**kw: Any) -> dict[str, Any]:
    rice = dict(zip(_RICE, kw.pop("rice", ()), strict=False))
    wsjf = dict(zip(_WSJF, kw.pop("wsjf", ()), strict=False))
    return kw | rice | wsjf


@pytest.fixture
def backlog(team) -> ProductAccess:  # type: ignore[no-untyped-def]
    """Seven live items and one archived; DRN-7 was moved to the top.

    key    kind   title                  labels           who  epic   moscow  v/e  RICE  WSJF
    DRN-7  story  Offline maps           sharing                              1.0  300
    DRN-1  epic   Flight platform
    DRN-2  story  Longer flight time     battery          dev  DRN-1  must    4.0  500   8.0
    DRN-3  bug    Gimbal drifts in wind  camera           po                  1.0  200   3.0
    DRN-4  story  Share flight logs      battery sharing       DRN-1  should  0.5  500   1.0
    DRN-5  task   Update the SDK                          dev
    DRN-6  spike  Evaluate lidar                                      could   2.0        2.0
    DRN-8  story  Battery warning        battery          (archived)

    DRN-3 is in progress and DRN-5 done, the rest are new; only DRN-2 is ready.
    """
    po = team.access("product_owner")
    rows = [
        _fields(title="Flight platform", kind="epic"),
        _fields(
            title="Longer flight time",
            as_a="pilot",
            i_want="longer flight time",
            so_that="I can film a whole event",
            estimate=5,
            parent="DRN-1",
            labels=["battery"],
            assignee=team.dev.email,
            moscow="must",
            value=8,
            effort=2,
            rice=(1000, 2.0, 50, 2.0),
            wsjf=(8, 5, 3, 2),
        ),
        _fields(
            title="Gimbal drifts in wind",
            kind="bug",
            status="in_progress",
            labels=["camera"],
            assignee=team.po.email,
            value=5,
            effort=5,
            rice=(200, 1.0, 100, 1.0),
            wsjf=(3, 3, 3, 3),
        ),
        _fields(
            title="Share flight logs",
            parent="DRN-1",
            labels=["battery", "sharing"],
            moscow="should",
            value=3,
            effort=6,
            rice=(5000, 0.5, 80, 4.0),
            wsjf=(1, 1, 1, 3),
        ),
        _fields(title="Update the SDK", kind="task", status="done", assignee=team.dev.email),
        _fields(
            title="Evaluate lidar",
            kind="spike",
            moscow="could",
            value=6,
            effort=3,
            wsjf=(13, 8, 5, 13),
        ),
        _fields(
            title="Offline maps", labels=["sharing"], value=9, effort=9, rice=(100, 3.0, 100, 1.0)
        ),
        _fields(title="Battery warning", labels=["battery"]),
    ]
    items = [services.item_create(access=po, fields=row) for row in rows]
    services.criterion_add(access=po, item=items[1], fields={"text": "Flies 40 minutes"})
    services.item_archive(access=po, item=items[7])
    services.item_move(access=po, item=items[6], position="top")
    # Last touched, oldest first; DRN-1 and DRN-7 at the same moment.
    start = timezone.now() - timedelta(days=1)
    for minutes, number in [(1, 3), (2, 5), (3, 1), (3, 7), (4, 2), (5, 6), (6, 4), (7, 8)]:
        Item.objects.filter(product=team.product, number=number).update(
            updated_at=start + timedelta(minutes=minutes)
        )
    return team.access("team_member")


def _walk(access: ProductAccess, filters: F, limit: int = 2) -> list[str]:
    """Every page, following next_cursor until the end."""
    page = selectors.backlog_page(access=access, filters=filters, limit=limit)
    keys = [i.key for i in page.items]
    while page.next_cursor:
        page = selectors.backlog_page(
            access=access, filters=filters, cursor=page.next_cursor, limit=limit
        )
        keys += [i.key for i in page.items]
    return keys


def _keys(*numbers: int) -> list[str]:
    return [f"DRN-{n}" for n in numbers]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (F(), _keys(7, 1, 2, 3, 4, 6)),
        (F(show_done=True), _keys(7, 1, 2, 3, 4, 5, 6)),
        (F(status="done"), _keys(5)),
        (F(status=("new", "in_progress")), _keys(7, 1, 2, 3, 4, 6)),
        (F(not_status="new"), _keys(3)),
        (F(not_status="new", show_done=True), _keys(3, 5)),
        (F(kind=("story", "bug")), _keys(7, 2, 3, 4)),
        (F(not_kind="epic", not_label="battery"), _keys(7, 3, 6)),
        (F(label=("camera", "sharing")), _keys(7, 3, 4)),
        (F(assignee=("me", "po@example.test")), _keys(2, 3)),
        (F(not_assignee="none"), _keys(2, 3)),
        (F(not_epic="DRN-1"), _keys(7, 1, 3, 6)),
        (F(moscow=("must", "could")), _keys(2, 6)),
        (F(not_moscow="must", kind="story"), _keys(7, 4)),
        (F(kind="story"), _keys(7, 2, 4)),
        (F(kind="epic"), _keys(1)),
        (F(status="in_progress"), _keys(3)),
        (F(status="new"), _keys(7, 1, 2, 4, 6)),
        (F(label="battery"), _keys(2, 4)),
        (F(label="sharing"), _keys(7, 4)),
        (F(assignee="me"), _keys(2)),
        (F(assignee="me", show_done=True), _keys(2, 5)),
        (F(assignee="none"), _keys(7, 1, 4, 6)),
        (F(assignee="PO@example.test"), _keys(3)),
        (F(epic="DRN-1"), _keys(2, 4)),
        (F(ready=True), _keys(2)),
        (F(ready=False), _keys(7, 1, 3, 4, 6)),
        (F(text="flight"), _keys(1, 2, 4)),
        (F(text="DRN-3"), _keys(3)),
        (F(text="drn-6"), _keys(6)),
        (F(moscow="must"), _keys(2)),
        (F(moscow="could"), _keys(6)),
        (F(label="battery", moscow="should"), _keys(4)),
        (F(archived=True), _keys(8)),
    ],
    ids=lambda v: repr(v) if isinstance(v, F) else "",
)
@pytest.mark.parametrize("limit", [1, 2, 50])
def test_paging_through_a_filter_shows_each_match_once_in_rank_order(
    backlog: ProductAccess, filters: F, expected: list[str], limit: int
) -> None:
    assert _walk(backlog, filters, limit=limit) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("rank", _keys(7, 1, 2, 3, 4, 5, 6)),
        ("rice", _keys(2, 4, 7, 3, 1, 5, 6)),
        ("wsjf", _keys(2, 3, 6, 4, 1, 5, 7)),
        ("value_effort", _keys(2, 6, 3, 7, 4, 1, 5)),
        ("newest", _keys(7, 6, 5, 4, 3, 2, 1)),
        ("updated", _keys(4, 6, 2, 7, 1, 5, 3)),
    ],
)
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_paging_through_each_sort_shows_every_item_once(
    backlog: ProductAccess, sort: str, expected: list[str], limit: int
) -> None:
    assert _walk(backlog, F(sort=sort, show_done=True), limit=limit) == expected


def test_the_last_page_has_no_next_cursor(backlog: ProductAccess) -> None:
    page = selectors.backlog_page(access=backlog, filters=F(show_done=True), limit=7)
    assert (len(page.items), page.next_cursor) == (7, None)


def test_an_unknown_sort_names_the_sort(backlog: ProductAccess) -> None:
    with pytest.raises(ValidationFailed) as caught:
        selectors.backlog_page(access=backlog, filters=F(sort="shoe_size"))
    assert set(caught.value.errors) == {"sort"}


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        ("rank", "garbage!!"),
        ("rank", "////"),
        ("rank", _cursor({"rank": "a0"})),
        ("rank", _cursor(["a0"])),
        ("rank", _cursor([{"a": 1}, 2])),
        ("rank", _cursor(["a0", "two"])),
        ("rice", _cursor(["high", 2])),
        ("newest", _cursor(["a0", 2])),
        ("updated", _cursor([12, 2])),
        ("newest", _cursor(["2024-01-01T00:00:00+00:00", None])),
    ],
)
def test_a_cursor_this_api_did_not_hand_out_names_the_cursor(
    backlog: ProductAccess, sort: str, cursor: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        selectors.backlog_page(access=backlog, filters=F(sort=sort), cursor=cursor)
    assert set(caught.value.errors) == {"cursor"}


def test_a_malformed_epic_key_names_the_epic(backlog: ProductAccess) -> None:
    with pytest.raises(ValidationFailed) as caught:
        selectors.backlog_page(access=backlog, filters=F(epic="platform"))
    assert set(caught.value.errors) == {"epic"}


def test_a_page_of_fifty_items_costs_two_queries(team, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    po = team.access("product_owner")
    people = [team.dev.email, team.po.email, team.pm.email, None]
    for n in range(50):
        services.item_create(
            access=po,
            fields={
                "title": f"Story {n}",
                "labels": [f"label-{n % 7}", f"theme-{n % 3}"],
                "assignee": people[n % 4],
                "parent": None,
            },
        )
    access = team.access("team_member")
    with django_assert_max_num_queries(2):
        page = selectors.backlog_page(access=access, filters=F(), limit=50)
        rows = [item_summary_out(i) for i in page.items]
    assert len(rows) == 50


def test_backlog_health_costs_three_queries(
    backlog: ProductAccess, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # The roll-up's sums, the cutoff day's items, the proposals waiting.
    with django_assert_max_num_queries(3):
        selectors.backlog_health(access=backlog)
