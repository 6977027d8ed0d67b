"""Fractional-indexing rank keys for backlog order.

A backlog row stores a short string key, and the backlog is read ordered by that
key.  Moving an item computes one new key between its new neighbours, so a move
writes only the moved row instead of renumbering everything below it.

The design follows David Greenspan's "Implementing Fractional Indexing" (also
used by Figma and rocicorp's ``fractional-indexing``): a key is an *integer
part* followed by an optional *fraction*.

* The integer part starts with a head character that encodes how many digits
  follow: heads ``i``..``z`` carry 1..18 digits for non-negative integers and
  heads ``h``..``0`` carry 1..18 digits for negative ones.  Appending to either
  end of a list only increments or decrements that integer, so keys grow
  logarithmically with the number of appends.
* The fraction is a base-36 string that never ends in ``0``, so there is always
  room for another key below it.  Repeated inserts at one spot lengthen the
  fraction linearly; :func:`needs_rebalance` tells callers when to reissue keys.

Only the digits ``0-9a-z`` are used so that Python string order, byte order,
SQLite's BINARY collation and PostgreSQL's locale collations all agree.
"""

from __future__ import annotations

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
REBALANCE_LENGTH = 24

_BASE = len(ALPHABET)
_SMALLEST_DIGIT = ALPHABET[0]
_LARGEST_DIGIT = ALPHABET[-1]
_DIGIT_VALUE = {digit: value for value, digit in enumerate(ALPHABET)}
_FIRST_POSITIVE_HEAD = "i"
_LAST_NEGATIVE_HEAD = "h"
_MAX_INTEGER_DIGITS = 18
_SMALLEST_INTEGER = _SMALLEST_DIGIT * (_MAX_INTEGER_DIGITS + 1)


def key_between(before: str | None, after: str | None) -> str:
    """Return a key that sorts strictly between two neighbouring keys.

    This is the whole cost of a drag-and-drop move: only the moved row gets the
    returned key.  ``None`` stands for the open start or end of the list, so
    ``key_between(last, None)`` appends and ``key_between(None, None)`` starts
    an empty list.
    """
    if before is not None:
        _validate_key(before)
    if after is not None:
        _validate_key(after)
    if before is not None and after is not None and before >= after:
        msg = f"rank keys out of order: {before!r} >= {after!r}"
        raise ValueError(msg)
    if before is None:
        return _evenly_spaced_integers(1)[0] if after is None else _key_before(after)
    if after is None:
        return _key_after(before)
    return _key_strictly_between(before, after)


def keys_between(before: str | None, after: str | None, count: int) -> list[str]:
    """Return ``count`` sorted keys that all sort strictly between two keys.

    Bulk inserts and imports need many keys at once; computing them together
    keeps them short (evenly spaced or bisected) instead of chaining
    ``count`` single inserts, and keeps seeding 100,000 rows fast.
    """
    if count < 0:
        msg = f"count must not be negative, got {count}"
        raise ValueError(msg)
    if count == 0:
        return []
    if before is None and after is None:
        return _evenly_spaced_integers(count)
    first = key_between(before, after)
    if count == 1:
        return [first]
    if after is None:
        return _keys_appended_after(first, count)
    if before is None:
        return _keys_prepended_before(first, count)
    return _keys_bisected(before, after, count)


def evenly_spaced_keys(count: int) -> list[str]:
    """Return fresh, short, evenly spaced keys for rebalancing a whole backlog.

    Rebalancing rewrites every key of a list whose keys grew too long, so it
    starts from a blank slate rather than from the old neighbours.
    """
    return keys_between(None, None, count)


def needs_rebalance(key: str) -> bool:
    """Tell whether a key has grown long enough to be worth reissuing all keys.

    Keys only grow when items are repeatedly inserted at the same spot; past
    this length indexes get fat and comparisons slow, so callers rebalance.
    """
    return len(key) > REBALANCE_LENGTH


def _key_before(after: str) -> str:
    integer, fraction = _split_key(after)
    if integer == _SMALLEST_INTEGER:
        return integer + _midpoint("", fraction)
    if fraction and not integer.endswith(_SMALLEST_DIGIT):
        return integer
    smaller = _decrement_integer(integer)
    if smaller is None:
        return _SMALLEST_INTEGER + _midpoint("", None)
    return smaller


def _key_after(before: str) -> str:
    integer, fraction = _split_key(before)
    larger = _increment_integer(integer)
    if larger is None:
        return integer + _midpoint(fraction, None)
    return larger


def _key_strictly_between(before: str, after: str) -> str:
    before_integer, before_fraction = _split_key(before)
    after_integer, after_fraction = _split_key(after)
    if before_integer == after_integer:
        return before_integer + _midpoint(before_fraction, after_fraction)
    larger = _increment_integer(before_integer)
    if larger is not None and larger < after:
        return larger
    return before_integer + _midpoint(before_fraction, None)


def _midpoint(low: str, high: str | None) -> str:
    """Return a fraction strictly between ``low`` and ``high`` (None = 1.0).

    Neither bound may end in the smallest digit; ``low`` may be empty (0.0).
    """
    prefix = ""
    if high is not None:
        shared = _shared_prefix_length(low, high)
        prefix = high[:shared]
        low = low[shared:]
        high = high[shared:]
    while True:
        low_digit = _DIGIT_VALUE[low[0]] if low else 0
        high_digit = _DIGIT_VALUE[high[0]] if high is not None else _BASE
        if high_digit - low_digit > 1:
            return prefix + ALPHABET[(low_digit + high_digit + 1) // 2]
        if high is not None and len(high) > 1:
            return prefix + high[0]
        prefix += ALPHABET[low_digit]
        low = low[1:]
        high = None


def _shared_prefix_length(low: str, high: str) -> int:
    """Count leading digits shared by ``high`` and ``low`` padded with zeros."""
    shared = 0
    while shared < len(high) and _digit_or_zero(low, shared) == high[shared]:
        shared += 1
    return shared


def _digit_or_zero(text: str, index: int) -> str:
    return text[index] if index < len(text) else _SMALLEST_DIGIT


def _increment_integer(integer: str) -> str | None:
    """Return the next integer part whose last digit is not the smallest digit."""
    candidate: str | None = _raw_increment(integer)
    while candidate is not None and candidate.endswith(_SMALLEST_DIGIT):
        candidate = _raw_increment(candidate)
    return candidate


def _decrement_integer(integer: str) -> str | None:
    """Return the previous integer part whose last digit is not the smallest digit."""
    candidate: str | None = _raw_decrement(integer)
    while candidate is not None and candidate.endswith(_SMALLEST_DIGIT):
        candidate = _raw_decrement(candidate)
    return candidate


def _raw_increment(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for position in reversed(range(len(digits))):
        if digits[position] != _LARGEST_DIGIT:
            digits[position] = ALPHABET[_DIGIT_VALUE[digits[position]] + 1]
            return head + "".join(digits)
        digits[position] = _SMALLEST_DIGIT
    if head == _LARGEST_DIGIT:
        return None
    next_head = ALPHABET[_DIGIT_VALUE[head] + 1]
    if next_head > _FIRST_POSITIVE_HEAD:
        digits.append(_SMALLEST_DIGIT)
    elif next_head < _FIRST_POSITIVE_HEAD:
        digits.pop()
    return next_head + "".join(digits)


def _raw_decrement(integer: str) -> str | None:
    head, digits = integer[0], list(integer[1:])
    for position in reversed(range(len(digits))):
        if digits[position] != _SMALLEST_DIGIT:
            digits[position] = ALPHABET[_DIGIT_VALUE[digits[position]] - 1]
            return head + "".join(digits)
        digits[position] = _LARGEST_DIGIT
    if head == _SMALLEST_DIGIT:
        return None
    previous_head = ALPHABET[_DIGIT_VALUE[head] - 1]
    if previous_head < _LAST_NEGATIVE_HEAD:
        digits.append(_LARGEST_DIGIT)
    elif previous_head > _LAST_NEGATIVE_HEAD:
        digits.pop()
    return previous_head + "".join(digits)


def _integer_digit_count(head: str) -> int:
    if head >= _FIRST_POSITIVE_HEAD:
        return _DIGIT_VALUE[head] - _DIGIT_VALUE[_FIRST_POSITIVE_HEAD] + 1
    return _DIGIT_VALUE[_LAST_NEGATIVE_HEAD] - _DIGIT_VALUE[head] + 1


def _split_key(key: str) -> tuple[str, str]:
    integer_length = _integer_digit_count(key[0]) + 1
    return key[:integer_length], key[integer_length:]


def _validate_key(key: str) -> None:
    if not key:
        msg = "rank key must not be empty"
        raise ValueError(msg)
    if any(character not in _DIGIT_VALUE for character in key):
        msg = f"rank key {key!r} uses characters outside {ALPHABET!r}"
        raise ValueError(msg)
    if len(key) < _integer_digit_count(key[0]) + 1:
        msg = f"rank key {key!r} is shorter than its integer part"
        raise ValueError(msg)
    if key.endswith(_SMALLEST_DIGIT):
        msg = f"rank key {key!r} must not end with {_SMALLEST_DIGIT!r}"
        raise ValueError(msg)


def _evenly_spaced_integers(count: int) -> list[str]:
    """Spread ``count`` same-length integer keys over the positive range.

    The step between keys is at least two, so nudging a key off a trailing
    ``0`` never collides with its successor.
    """
    digit_count = 1
    while _BASE**digit_count < 2 * (count + 1):
        digit_count += 1
    head = ALPHABET[_DIGIT_VALUE[_FIRST_POSITIVE_HEAD] + digit_count - 1]
    span = _BASE**digit_count
    keys = []
    for position in range(1, count + 1):
        value = position * span // (count + 1)
        if value % _BASE == 0:
            value += 1
        keys.append(head + _to_digits(value, digit_count))
    return keys


def _to_digits(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, remainder = divmod(value, _BASE)
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def _keys_appended_after(first: str, count: int) -> list[str]:
    keys = [first]
    while len(keys) < count:
        keys.append(_key_after(keys[-1]))
    return keys


def _keys_prepended_before(last: str, count: int) -> list[str]:
    keys = [last]
    while len(keys) < count:
        keys.append(_key_before(keys[-1]))
    keys.reverse()
    return keys


def _keys_bisected(before: str, after: str, count: int) -> list[str]:
    """Fill a bounded gap by bisection so keys grow with log(count), not count."""
    if count == 0:
        return []
    middle = _key_strictly_between(before, after)
    below = (count - 1) // 2
    return [
        *_keys_bisected(before, middle, below),
        middle,
        *_keys_bisected(middle, after, count - 1 - below),
    ]
