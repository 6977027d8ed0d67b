"""Reciprocal-rank fusion: one ranking from several, without comparing their scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

K = 60  # the usual damping: a first place is worth 1/61, a tenth 1/70


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]], *, k: int = K
) -> list[tuple[Hashable, float]]:
    """Items of every ranking, ordered by the sum of ``1 / (k + rank)``; ties keep first seen."""
    scores: dict[Hashable, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
