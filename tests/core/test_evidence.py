from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.evidence import INPUTS, Evidence, Weights, rank_by_evidence

maybe = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False))
evidence_lists = st.lists(st.tuples(maybe, maybe, maybe, maybe), min_size=1, max_size=30).map(
    lambda rows: [
        Evidence(key=f"K-{n}", manual_position=n, value=v, effort=e, demand=d, revenue=r)
        for n, (v, e, d, r) in enumerate(rows, start=1)
    ]
)
weights = st.builds(
    Weights, **{name: st.floats(min_value=0, max_value=10, allow_nan=False) for name in INPUTS}
)


def test_demand_outranks_the_manual_order_when_only_demand_counts() -> None:
    items = [
        Evidence("A-1", 1, demand=None),
        Evidence("A-2", 2, demand=2),
        Evidence("A-3", 3, demand=8),
    ]
    only_demand = Weights(value=0, effort=0, demand=1, revenue=0, time_criticality=0)

    ranked = rank_by_evidence(items, only_demand)

    assert [r.key for r in ranked] == ["A-3", "A-2", "A-1"]
    assert [r.score for r in ranked] == [100.0, 25.0, 0.0]
    assert [r.moved for r in ranked] == [2, 0, -2]


def test_a_hand_computed_mix_of_value_effort_and_revenue() -> None:
    items = [
        Evidence("A-1", 1, value=10, effort=10, revenue=0),
        Evidence("A-2", 2, value=5, effort=2, revenue=500),
    ]
    w = Weights(value=2, effort=1, demand=0, revenue=1, time_criticality=0)

    ranked = {r.key: r.score for r in rank_by_evidence(items, w)}

    # value 1.0×2, effort 1−1.0 → 0, revenue 0 → 2/4 = 50%.
    # value 0.5×2 = 1, effort (1 − 0.2)×1 = 0.8, revenue 1×1 → 2.8/4 = 70%.
    assert ranked == {"A-1": pytest.approx(50.0), "A-2": pytest.approx(70.0)}


def test_weights_out_of_range_or_unknown_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 10"):
        Weights(demand=11)
    with pytest.raises(ValueError, match="unknown weight"):
        Weights.from_mapping({"luck": 1})
    with pytest.raises(ValueError, match="must be a number"):
        Weights.from_mapping({"demand": "lots"})


@given(evidence_lists, weights)
def test_every_item_is_ranked_once_with_a_score_between_0_and_100(
    items: list[Evidence], w: Weights
) -> None:
    ranked = rank_by_evidence(items, w)
    assert sorted(r.key for r in ranked) == sorted(i.key for i in items)
    assert [r.position for r in ranked] == list(range(1, len(items) + 1))
    assert all(0 <= r.score <= 100 + 1e-9 for r in ranked)
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))


@given(evidence_lists)
def test_with_every_weight_at_zero_the_manual_order_stands(items: list[Evidence]) -> None:
    zero = Weights(**dict.fromkeys(INPUTS, 0.0))
    assert [r.key for r in rank_by_evidence(items, zero)] == [i.key for i in items]


@given(evidence_lists, weights, st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_more_demand_never_lowers_an_items_place(
    items: list[Evidence], w: Weights, extra: float
) -> None:
    before = {r.key: r.position for r in rank_by_evidence(items, w)}
    target = items[0]
    boosted = [
        Evidence(
            key=i.key,
            manual_position=i.manual_position,
            value=i.value,
            effort=i.effort,
            demand=(i.demand or 0) + extra if i.key == target.key else i.demand,
            revenue=i.revenue,
        )
        for i in items
    ]
    after = {r.key: r.position for r in rank_by_evidence(boosted, w)}
    # Raising one item's demand may raise the ceiling and so lower others' scaled
    # demand; it never moves the boosted item down.
    assert after[target.key] <= before[target.key]


@given(evidence_lists, weights)
def test_the_ranking_does_not_depend_on_the_order_items_are_given_in(
    items: list[Evidence], w: Weights
) -> None:
    forward = [(r.key, r.position) for r in rank_by_evidence(items, w)]
    backward = [(r.key, r.position) for r in rank_by_evidence(list(reversed(items)), w)]
    assert forward == backward
