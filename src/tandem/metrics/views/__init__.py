"""The metrics pages, thin over services and selectors."""

from .experiments import (
    experiment_archive,
    experiment_create,
    experiment_detail,
    experiment_restore,
    experiment_update,
    experiments,
)
from .metrics import (
    detail,
    import_measurements,
    index,
    measurement_add,
    measurement_archive,
    measurement_restore,
    measurement_update,
    metric_archive,
    metric_create,
    metric_propose,
    metric_restore,
    metric_update,
    proposal_decide,
)

__all__ = [
    "detail",
    "experiment_archive",
    "experiment_create",
    "experiment_detail",
    "experiment_restore",
    "experiment_update",
    "experiments",
    "import_measurements",
    "index",
    "measurement_add",
    "measurement_archive",
    "measurement_restore",
    "measurement_update",
    "metric_archive",
    "metric_create",
    "metric_propose",
    "metric_restore",
    "metric_update",
    "proposal_decide",
]
