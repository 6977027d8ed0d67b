"""The metrics pages, thin over the services, the selectors and the one write path."""

from .experiments import experiment_create, experiment_detail, experiment_update, experiments
from .measurements import (
    import_measurements,
    measurement_add,
    measurement_archive,
    measurement_update,
)
from .metrics import detail, index, metric_create, metric_propose, metric_update, proposal_decide

__all__ = [
    "detail",
    "experiment_create",
    "experiment_detail",
    "experiment_update",
    "experiments",
    "import_measurements",
    "index",
    "measurement_add",
    "measurement_archive",
    "measurement_update",
    "metric_create",
    "metric_propose",
    "metric_update",
    "proposal_decide",
]
