import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tandem.core.ranking import (
    ALPHABET,
    REBALANCE_LENGTH,
    evenly_spaced_keys,
    key_between,
    keys_between,
    needs_rebalance,
)

position_seeds = st.lists(st.integers(min_value=0, max_value=10_000), max_size=120)


INTEGER_DIGITS_AFTER_HEAD = {
    **{
        head: ALPHABET.index("h") - ALPHABET.index(head) + 1
        for head in ALPHABET[: ALPHABET.index("i")]
    },
    **{
        head: ALPHABET.index(head) - ALPHABET.index("i") + 1
        for head in ALPHABET[ALPHABET.index("i") :]
    },
}


@st.composite
def valid_keys(draw: st.DrawFn) -> str:
    """Any well-formed key, not only the ones this module would produce itself."""
    head = draw(st.sampled_from(ALPHABET))
    digit_count = INTEGER_DIGITS_AFTER_HEAD[head]
    integer_digits = draw(st.text(ALPHABET, min_size=digit_count, max_size=digit_count))
    fraction = draw(st.text(ALPHABET, max_size=6).map(lambda text: text.rstrip("0")))
    key = head + integer_digits + fraction
    assume(not key.endswith("0"))
    return key


def _build_backlog(seeds: list[int]) -> tuple[list[str], list[int]]:
    """Insert items at seed-chosen positions, returning keys and the intended order."""
    keys: list[str] = []
    intended_order: list[int] = []
    for item, seed in enumerate(seeds):
        position = seed % (len(keys) + 1)
        padded: list[str | None] = [None, *keys, None]
        keys.insert(position, key_between(padded[position], padded[position + 1]))
        intended_order.insert(position, item)
    return keys, intended_order


def _gap(keys: list[str], seed: int) -> tuple[str | None, str | None]:
    position = seed % (len(keys) + 1)
    padded: list[str | None] = [None, *keys, None]
    return padded[position], padded[position + 1]


def _strictly_between(key: str, before: str | None, after: str | None) -> bool:
    return (before is None or before < key) and (after is None or key < after)


def test_alphabet_is_base36_and_already_in_byte_order() -> None:
    assert ALPHABET == "0123456789abcdefghijklmnopqrstuvwxyz"
    assert list(ALPHABET) == sorted(ALPHABET, key=lambda digit: digit.encode())


def test_key_between_open_ends_starts_a_list() -> None:
    assert key_between(None, None) == evenly_spaced_keys(1)[0]


def test_key_between_sorts_strictly_between_its_neighbours() -> None:
    assert "ii" < key_between("ii", "ij") < "ij"
    assert key_between("ii", None) > "ii"
    assert key_between(None, "ii") < "ii"


@given(position_seeds)
def test_sorting_by_key_reproduces_the_order_items_were_inserted_in(seeds: list[int]) -> None:
    keys, intended_order = _build_backlog(seeds)
    by_key = [item for _, item in sorted(zip(keys, intended_order, strict=True))]
    assert by_key == intended_order
    assert sorted(keys) == keys


@given(position_seeds)
def test_generated_keys_use_only_the_alphabet_and_never_end_with_zero(seeds: list[int]) -> None:
    keys, _ = _build_backlog(seeds)
    assert all(set(key) <= set(ALPHABET) for key in keys)
    assert not any(key.endswith("0") for key in keys)


@given(valid_keys(), valid_keys())
def test_key_between_any_two_distinct_valid_keys_sorts_strictly_between(
    first: str, second: str
) -> None:
    assume(first != second)
    before, after = sorted([first, second])
    key = key_between(before, after)
    assert before < key < after
    assert not key.endswith("0")


@given(valid_keys())
def test_key_between_one_valid_key_and_an_open_end_extends_the_list(key: str) -> None:
    assert key_between(None, key) < key < key_between(key, None)


@given(
    position_seeds,
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=60),
)
def test_keys_between_are_sorted_unique_and_inside_the_gap(
    seeds: list[int], gap_seed: int, count: int
) -> None:
    keys, _ = _build_backlog(seeds)
    before, after = _gap(keys, gap_seed)
    new_keys = keys_between(before, after, count)
    assert len(new_keys) == count
    assert new_keys == sorted(set(new_keys))
    assert all(_strictly_between(key, before, after) for key in new_keys)
    assert not any(key.endswith("0") for key in new_keys)


@given(valid_keys(), valid_keys(), st.integers(min_value=0, max_value=40))
def test_keys_between_any_two_valid_keys_stay_inside_the_gap(
    first: str, second: str, count: int
) -> None:
    assume(first != second)
    before, after = sorted([first, second])
    new_keys = keys_between(before, after, count)
    assert new_keys == sorted(set(new_keys))
    assert all(before < key < after for key in new_keys)


@pytest.mark.parametrize(("before", "after"), [("ij", "ii"), ("ii", "ii")])
def test_key_between_rejects_neighbours_out_of_order(before: str, after: str) -> None:
    with pytest.raises(ValueError, match="out of order"):
        key_between(before, after)


@pytest.mark.parametrize("bad_key", ["", "ii0", "i", "II", "i-", "iä"])
def test_key_between_rejects_malformed_keys(bad_key: str) -> None:
    with pytest.raises(ValueError, match="rank key"):
        key_between(bad_key, None)


def test_keys_between_rejects_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        keys_between(None, None, -1)


def test_keys_between_for_zero_keys_is_empty() -> None:
    assert keys_between("ii", "ij", 0) == []


def test_appending_ten_thousand_items_keeps_keys_short() -> None:
    key = key_between(None, None)
    longest = len(key)
    for _ in range(10_000):
        key = key_between(key, None)
        longest = max(longest, len(key))
    assert longest <= 5


def test_prepending_ten_thousand_items_keeps_keys_short() -> None:
    key = key_between(None, None)
    longest = len(key)
    for _ in range(10_000):
        key = key_between(None, key)
        longest = max(longest, len(key))
    assert longest <= 5


def test_inserting_repeatedly_at_one_spot_eventually_asks_for_a_rebalance() -> None:
    before, after = "ii", "ij"
    for _ in range(200):
        after = key_between(before, after)
    assert needs_rebalance(after)


def test_seeding_a_hundred_thousand_items_gives_short_distinct_keys() -> None:
    keys = keys_between(None, None, 100_000)
    assert len(set(keys)) == 100_000
    assert keys == sorted(keys)
    assert max(len(key) for key in keys) <= 6
    assert not any(key.endswith("0") for key in keys)


@pytest.mark.parametrize(("before", "after"), [("ii", None), (None, "ii"), ("ii", "ij")])
def test_bulk_keys_on_one_side_or_in_a_gap_stay_short(
    before: str | None, after: str | None
) -> None:
    keys = keys_between(before, after, 100_000)
    assert keys == sorted(set(keys))
    assert max(len(key) for key in keys) <= 7


def test_evenly_spaced_keys_equal_keys_between_open_ends() -> None:
    assert evenly_spaced_keys(37) == keys_between(None, None, 37)


def test_evenly_spaced_keys_share_one_length() -> None:
    assert {len(key) for key in evenly_spaced_keys(1_000)} == {4}


def test_needs_rebalance_only_past_the_rebalance_length() -> None:
    assert REBALANCE_LENGTH == 24
    assert not needs_rebalance("i" + "1" * (REBALANCE_LENGTH - 1))
    assert needs_rebalance("i" + "1" * REBALANCE_LENGTH)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("z" * 19, None),
        (None, "0" * 18 + "1"),
        (None, "0" * 19 + "1"),
        ("h" + "z", "i" + "1"),
        ("0" * 19 + "1", "0" * 18 + "1"),
    ],
)
def test_keys_at_the_edges_of_the_integer_range_still_have_room(
    before: str | None, after: str | None
) -> None:
    key = key_between(before, after)
    assert _strictly_between(key, before, after)
    assert not key.endswith("0")
