"""Every read of strategy records that the pages, the API and the apps above share.

Always scoped to the caller's product. Call through the package: ``selectors.timeline(...)``.
"""

from .alignment import (
    Alignment,
    Trace,
    alignment,
    initiative_choices,
    trace,
)
from .decisions import (
    decisions_between,
    decisions_for_item,
    open_decisions,
    pending_proposal_count,
    pending_proposals,
)
from .market import (
    CostRow,
    CostSummary,
    MatrixRow,
    comparison_matrix,
    cost_summary,
)
from .objectives import (
    KeyResultView,
    ObjectiveView,
    objectives_overview,
)
from .records import (
    history_of,
    kind_counts,
    kind_named,
    record_of,
    records_of,
    strategy_types,
    vision_of,
)
from .roadmap import (
    ROADMAP_VERBS,
    RoadmapCard,
    roadmap_change_phrase,
    roadmap_changes,
    roadmap_columns,
    shared_access,
    shares_of,
    timeline,
)
from .roadmap import (
    Bar as Bar,
)

__all__ = [
    "ROADMAP_VERBS",
    "Alignment",
    "Bar",
    "CostRow",
    "CostSummary",
    "KeyResultView",
    "MatrixRow",
    "ObjectiveView",
    "RoadmapCard",
    "Trace",
    "alignment",
    "comparison_matrix",
    "cost_summary",
    "decisions_between",
    "decisions_for_item",
    "history_of",
    "initiative_choices",
    "kind_counts",
    "kind_named",
    "objectives_overview",
    "open_decisions",
    "pending_proposal_count",
    "pending_proposals",
    "record_of",
    "records_of",
    "roadmap_change_phrase",
    "roadmap_changes",
    "roadmap_columns",
    "shared_access",
    "shares_of",
    "strategy_types",
    "timeline",
    "trace",
    "vision_of",
]
