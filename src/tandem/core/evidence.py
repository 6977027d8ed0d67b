"""Rank a backlog by evidence: a weighted score the Product Owner defines.

Each input is scaled to 0..1 against the largest value in the backlog being
ranked (so a weight means the same whether revenue is counted in hundreds or
millions), then weighted. Inputs where less is better (effort, job size) count
as ``1 - scaled``. A missing input adds nothing: an item is not rewarded for
evidence nobody gathered. The score is the weighted sum divided by the sum of
the weights, in percent, so 100 means "the best on every weighted input".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

# Inputs where more is better, and those where less is better.
GAINS = ("value", "demand", "revenue", "business_value", "time_criticality", "risk_reduction")
COSTS = ("effort", "job_size")
INPUTS = GAINS + COSTS
MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Weights:
    """How much each input counts, 0..10; all zero ranks nothing above anything."""

    value: float = 2.0
    effort: float = 1.0
    demand: float = 3.0
    revenue: float = 2.0
    business_value: float = 0.0
    time_criticality: float = 1.0
    risk_reduction: float = 0.0
    job_size: float = 0.0

    def __post_init__(self) -> None:
        for name in INPUTS:
            weight = getattr(self, name)
            if not 0 <= weight <= MAX_WEIGHT:
                msg = f"the weight of {name} must be between 0 and {MAX_WEIGHT:g}, got {weight}"
                raise ValueError(msg)

    @property
    def total(self) -> float:
        return float(sum(getattr(self, name) for name in INPUTS))

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Weights:
        """Weights from stored or submitted values: unknown names refused, missing defaults."""
        unknown = set(data) - set(INPUTS)
        if unknown:
            msg = f"unknown weight(s): {', '.join(sorted(unknown))}"
            raise ValueError(msg)
        values: dict[str, float] = {}
        for name, raw in data.items():
            try:
                values[name] = float(raw)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                msg = f"the weight of {name} must be a number, got {raw!r}"
                raise ValueError(msg) from None
        return cls(**values)


@dataclass(frozen=True)
class Evidence:
    """One item's inputs; ``key`` identifies it, ``manual_position`` is its place in the backlog."""

    key: str
    manual_position: int
    value: float | None = None
    effort: float | None = None
    demand: float | None = None
    revenue: float | None = None
    business_value: float | None = None
    time_criticality: float | None = None
    risk_reduction: float | None = None
    job_size: float | None = None


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float  # 0..100
    position: int  # 1-based place by evidence
    manual_position: int

    @property
    def moved(self) -> int:
        """Places gained by evidence over the manual order (negative: it drops)."""
        return self.manual_position - self.position


def rank_by_evidence(items: Sequence[Evidence], weights: Weights) -> list[Ranked]:
    """Score every item and order them, best first; ties keep the manual order.

    Negative inputs are treated as 0. With every weight at zero all scores are
    0 and the manual order stands.
    """
    ceilings = {
        name: max((max(getattr(item, name) or 0.0, 0.0) for item in items), default=0.0)
        for name in INPUTS
    }
    total = weights.total
    scored: list[tuple[float, int, str]] = []
    for item in items:
        score = 0.0
        for name in INPUTS:
            raw = getattr(item, name)
            ceiling = ceilings[name]
            if raw is None or ceiling <= 0:
                continue
            scaled = min(max(raw, 0.0), ceiling) / ceiling
            contribution = scaled if name in GAINS else 1.0 - scaled
            score += getattr(weights, name) * contribution
        scored.append((100.0 * score / total if total > 0 else 0.0, item.manual_position, item.key))
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [
        Ranked(key=key, score=score, position=place, manual_position=manual)
        for place, (score, manual, key) in enumerate(scored, start=1)
    ]
