"""Every write of the metrics app, called through the package: ``services.metric_update``."""

from .experiments import (
    experiment_archive,
    experiment_create,
    experiment_restore,
    experiment_update,
)
from .measurements import (
    BatchOutcome,
    ImportPreview,
    MeasurementRow,
    RecordOutcome,
    measurement_archive,
    measurement_record,
    measurement_restore,
    measurement_update,
    measurements_import,
    measurements_import_preview,
    measurements_record_batch,
)
from .metrics import (
    metric_archive,
    metric_create,
    metric_proposal_accept,
    metric_proposal_decline,
    metric_propose,
    metric_restore,
    metric_update,
)

__all__ = [
    "BatchOutcome",
    "ImportPreview",
    "MeasurementRow",
    "RecordOutcome",
    "experiment_archive",
    "experiment_create",
    "experiment_restore",
    "experiment_update",
    "measurement_archive",
    "measurement_record",
    "measurement_restore",
    "measurement_update",
    "measurements_import",
    "measurements_import_preview",
    "measurements_record_batch",
    "metric_archive",
    "metric_create",
    "metric_proposal_accept",
    "metric_proposal_decline",
    "metric_propose",
    "metric_restore",
    "metric_update",
]
